// Package server is mosh-server's event loop (PROTOCOL.md §14.1): one
// goroutine owns the session — the SSP transport, the terminal emulator and
// the pty — while helper goroutines only pump blocking reads of the UDP
// socket and the pty master into channels. The loop sleeps on one timer set
// to the next deadline any of its parts has; an idle session wakes only for
// those.
//
// It does not parse the command line, detach, or choose the environment:
// cmd/mosh-server does that and hands over a bound socket and an open pty.
package server

import (
	"net/netip"
	"os"
	"runtime/debug"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/shell"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
)

// Config is one session's setup.
type Config struct {
	// Conn is the bound UDP socket (udp.Listen, or udp.FromConn for an
	// inherited one); Run closes it.
	Conn *udp.Conn
	// Key is the session key printed in MOSH CONNECT.
	Key crypto.Key
	// Pty is the opened, not yet released pty; Run starts the child on it
	// at once, before any client state arrives (a deviation from mosh, see
	// loop.release).
	Pty *shell.Pty
	// Command, Env and Dir describe the child.
	Command shell.Command
	Env     []string
	Dir     string
	// Cols and Rows are the initial size of the emulator (the pty has it
	// already).
	Cols, Rows int
	// NetworkTimeout and SignalTimeout are MOSH_SERVER_NETWORK_TMOUT and
	// MOSH_SERVER_SIGNAL_TMOUT; zero disables (PROTOCOL.md §14.1 step 6).
	NetworkTimeout, SignalTimeout time.Duration
	// Signals delivers SIGTERM, SIGINT and SIGUSR1.
	Signals <-chan os.Signal
	// Verbose is the number of -v flags.
	Verbose int
	// Logf receives log lines; nil discards them.
	Logf func(format string, args ...any)
	// UtmpHost is the utmp host of a detached session ("mosh [pid]");
	// empty disables utmp updates.
	UtmpHost string
}

// Run starts the child and serves the session until it ends: the shell
// exited and the client acknowledged, a signal, an idle timeout, or no
// client within 60 s (the shell, started or not, is then hung up). It
// closes Conn; the caller closes the pty.
func Run(cfg Config) error {
	logf := cfg.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	defer cfg.Conn.Close()
	quit := make(chan struct{})
	defer close(quit)
	writer := newPtyWriter(cfg.Pty.Master(), quit)
	clk := newRealClock()
	local := cfg.Conn.LocalAddr().Addr().Unmap()
	t, h, err := newSession(cfg, local, clk.Now(), logf)
	if err != nil {
		return err
	}
	packets := make(chan packet)
	go forwardPackets(cfg.Conn.Packets(), packets, quit)
	ptyData := make(chan []byte)
	ptyFree := make(chan []byte, 1)
	ptyErr := make(chan error, 1)
	go readPty(cfg.Pty.Master(), ptyData, ptyFree, ptyErr, quit)

	l := &loop{
		t:    t,
		h:    h,
		pty:  &shellPty{cfg: cfg, w: writer},
		logf: logf,
		send: func(to netip.AddrPort, b []byte) error {
			return cfg.Conn.Send(ssp.Datagram{To: to, Data: b})
		},
		networkTimeout: cfg.NetworkTimeout,
		signalTimeout:  cfg.SignalTimeout,
		trim:           debug.FreeOSMemory,
		pause:          time.Sleep,
	}
	if cfg.Verbose > 0 {
		l.trace = logf
	}
	l.run(clk, inputs{
		packets: packets,
		ptyData: ptyData,
		ptyDone: ptyFree,
		ptyErr:  ptyErr,
		signals: cfg.Signals,
		ptyWErr: writer.errc,
	})
	return nil
}

// shellPty is the loop's ptyIO over a shell.Pty.
type shellPty struct {
	cfg Config
	w   *ptyWriter
}

func (s *shellPty) Write(b []byte)              { s.w.Write(b) }
func (s *shellPty) Resize(cols, rows int) error { return s.cfg.Pty.Resize(cols, rows) }
func (s *shellPty) Release() error {
	return s.cfg.Pty.Release(s.cfg.Command, s.cfg.Env, s.cfg.Dir)
}

func (s *shellPty) SetUtmp(connectedTo string) {
	if s.cfg.UtmpHost == "" {
		return
	}
	if connectedTo == "" {
		s.cfg.Pty.SetUtmp(s.cfg.UtmpHost)
		return
	}
	s.cfg.Pty.SetUtmp(connectedTo + " via " + s.cfg.UtmpHost)
}
