package client

import (
	"errors"
	"fmt"
	"os"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/internal/tty"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
	"ssh-mosh/term/overlay"
)

// Timings of the client loop (PROTOCOL.md §14.2).
const (
	connectingWake   = 250 * time.Millisecond
	connectTimeout   = 15 * time.Second
	networkErrorNap  = 200 * time.Millisecond
	pasteThreshold   = 100
	stdinReadSize    = 16384
	exitingMessage   = "[mosh is exiting.]\n"
	uncleanMessage   = "\n\nmosh did not shut down cleanly. Please note that the\nmosh-server process may still be running on the server.\n"
	noConnectMessage = "\nmosh did not make a successful connection to %s:%d.\n" +
		"Please verify that UDP port %d is not firewalled and can reach the server.\n\n" +
		"(By default, mosh uses a UDP port between 60000 and 61000. The -p option\n" +
		"selects a specific UDP port number.)\n"
)

type transport = ssp.Transport[*statesync.UserStream, *statesync.Complete]

// session is the state one loop goroutine owns.
type session struct {
	cfg   Config
	t     *transport
	conn  *udp.Conn
	scr   *screen
	pred  *overlay.Predictor
	notes *overlay.Notifier
	title overlay.Title
	logf  func(string, ...any)

	start     time.Time
	connected bool
	clean     bool
	done      bool

	escActive     bool
	afterNewline  bool
	pending       []byte
	quitRequested bool
}

// Run runs a session on the user's terminal until it ends and returns the
// exit status (0 after a clean shutdown, 1 otherwise), having printed
// mosh-client's exit messages.
func Run(cfg Config) (status int) {
	if cfg.Stdin == nil {
		cfg.Stdin = os.Stdin
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	t, err := tty.Open(cfg.Stdin)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "Error: %v\r\n", err)
		fmt.Fprint(cfg.Stdout, exitingMessage)
		return 1
	}
	s := &session{cfg: cfg, logf: cfg.Logf, scr: newScreen(t, cfg.Stdout, cfg.Term, cfg.NoInit)}
	defer func() {
		if r := recover(); r != nil {
			t.Restore() // best effort, then crash as before
			panic(r)
		}
	}()
	err = s.run()
	s.scr.close()
	switch {
	case err != nil:
		var ke *crypto.KeyError
		if errors.As(err, &ke) {
			fmt.Fprintf(cfg.Stderr, "Crypto exception: %s\r\n", ke.Msg)
		} else {
			fmt.Fprintf(cfg.Stderr, "Network exception: %v\r\n", err)
		}
	case !s.connected:
		fmt.Fprintf(cfg.Stderr, noConnectMessage, cfg.Server.Addr(), cfg.Server.Port(), cfg.Server.Port())
	case !s.clean:
		fmt.Fprint(cfg.Stderr, uncleanMessage)
	}
	fmt.Fprint(cfg.Stdout, exitingMessage)
	if err == nil && s.clean {
		return 0
	}
	return 1
}

// Main is mosh-client's `IP PORT` mode: the configuration comes from the
// environment (ConfigFromEnv) and the result is the exit status.
func Main(ip, port string) int {
	cfg, err := ConfigFromEnv(ip, port)
	if err != nil {
		var ee *ExitError
		if !errors.As(err, &ee) {
			ee = &ExitError{Msg: err.Error(), Status: 1}
		}
		if ee.Exiting {
			fmt.Fprintf(os.Stderr, "%s\r\n", ee.Msg)
			fmt.Fprint(os.Stdout, exitingMessage)
		} else {
			fmt.Fprintf(os.Stderr, "%s\n", ee.Msg)
		}
		return ee.Status
	}
	return Run(cfg)
}
