package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"

	"ssh-mosh/internal/shell"
	"ssh-mosh/ssp/udp"
)

// daemonEnv marks the re-executed process as the detached server. Its
// value is not secret; the key travels through a pipe.
const daemonEnv = "MOSH_SERVER_DETACHED"

// File descriptors the detached server inherits (ExtraFiles start at 3).
const (
	fdSocket   = 3 // the bound UDP socket
	fdSettings = 4 // read end of a pipe carrying settings as JSON
	fdMaster   = 5 // the pty's master side
	fdTerminal = 6 // the pty's terminal side, for the child
)

// detach binds the socket and opens the pty, starts the long-lived server
// as a re-executed child in its own session with both handed over, prints
// the connect line and the detach message (PROTOCOL.md §15.2 steps 7–10,
// §15.3) and returns 0 at once.
//
// It does not wait for the child to get going: like mosh, which prints the
// connect line before it forks and opens the pty after, the invoking
// process is done once the child exists. Everything that can fail for a
// reason the user should see (the port, the pty, starting the program) is
// done here, before the connect line, so those failures still give mosh's
// messages and exit status 1; the child only adopts what it inherits. This
// keeps the child's start-up (a second Go runtime, reading the settings,
// the login notice, utmp) out of the time from `mosh-server new` to MOSH
// CONNECT, and the shell starts while the client is starting.
func detach(s settings, ports portRange, ip string, stdin *os.File, stdout, stderr io.Writer) int {
	conn, err := udp.Listen(ip, uint16(ports.low), uint16(ports.high), func(format string, args ...any) {
		fmt.Fprintf(stderr, format+"\n", args...)
	})
	if err != nil {
		var be *udp.BindError
		if errors.As(err, &be) {
			fmt.Fprintf(stderr, "Network exception: %s\n", be.Reason)
		} else {
			fmt.Fprintf(stderr, "Network exception: %v\n", err)
		}
		return 1
	}
	port := conn.LocalAddr().Port()
	sock, err := conn.File()
	conn.Close() // the duplicate in sock keeps the binding
	if err != nil {
		fmt.Fprintf(stderr, "Network exception: %v\n", err)
		return 1
	}
	defer sock.Close()
	p, err := shell.Open(s.Cols, s.Rows)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer p.Close() // the child holds its own copies
	master, terminal := p.Files()
	pid, err := startDaemon(s, []*os.File{sock, nil, master, terminal}, stdin)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if shell.IsTerminal(stdin) {
		// Keeps typeahead echo off the connect line (§15.3).
		fmt.Fprint(stdout, "\r\n\n")
	}
	fmt.Fprintf(stdout, "MOSH CONNECT %d %s\n", port, s.Key)
	fmt.Fprintf(stderr, "\n%s\n[mosh-server detached, pid = %d]\n", versionBanner, pid)
	return 0
}

// startDaemon re-executes this program as the detached server with files
// as its descriptors 3 and on (the settings pipe is put in its place,
// fdSettings), hands it the settings, and returns its pid.
func startDaemon(s settings, files []*os.File, stdin *os.File) (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("mosh-server: finding own executable: %w", err)
	}
	settingsR, settingsW, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("mosh-server: %w", err)
	}
	defer settingsR.Close()
	defer settingsW.Close()
	files[fdSettings-3] = settingsR

	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Args[0] = os.Args[0] // ps shows the invocation as typed
	cmd.Env = append(os.Environ(), daemonEnv+"=1")
	cmd.ExtraFiles = files
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if s.Verbose > 0 {
		cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, os.Stdout, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("mosh-server: starting detached server: %w", err)
	}
	settingsR.Close()
	// The pipe holds a typical environment whole, so this rarely waits
	// for the child to read.
	err = json.NewEncoder(settingsW).Encode(s)
	settingsW.Close()
	if err != nil {
		cmd.Process.Kill() // best effort: it cannot start without settings
		cmd.Wait()
		return 0, fmt.Errorf("mosh-server: handing over settings: %w", err)
	}
	pid := cmd.Process.Pid
	cmd.Process.Release() // best effort: it is not ours to wait for
	return pid, nil
}
