package client

import (
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"

	"ssh-mosh/crypto"
	"ssh-mosh/term/overlay"
)

// Config is one client session's setup.
type Config struct {
	// Server is the numeric address and UDP port of mosh-server.
	Server netip.AddrPort
	// Key is the session key from MOSH CONNECT.
	Key crypto.Key
	// Mode and Overwrite configure the prediction engine
	// (MOSH_PREDICTION_DISPLAY, MOSH_PREDICTION_OVERWRITE=yes).
	Mode      overlay.Mode
	Overwrite bool
	// NoInit leaves out smcup/rmcup (MOSH_NO_TERM_INIT, --no-init).
	NoInit bool
	// TitleNoPrefix leaves the window title alone (MOSH_TITLE_NOPREFIX).
	TitleNoPrefix bool
	// Escape is the escape key (MOSH_ESCAPE_KEY).
	Escape EscapeKey
	// Term is $TERM, for the terminal's capabilities.
	Term string
	// Stdin, Stdout and Stderr default to the process's.
	Stdin, Stdout *os.File
	Stderr        io.Writer
	// Logf receives debugging lines, also from the goroutine reading stdin
	// (it must be safe for concurrent use); nil discards them.
	Logf func(format string, args ...any)
}

// ExitError is a failure before the session starts, with mosh-client's
// message and exit status.
type ExitError struct {
	Msg    string
	Status int
	// Exiting: print "[mosh is exiting.]" on stdout after Msg, as
	// mosh-client does for errors met once its session is being built.
	Exiting bool
}

func (e *ExitError) Error() string { return e.Msg }

// ConfigFromEnv builds a Config for server ip and port from the environment
// the way mosh-client does (PROTOCOL.md §1, §16.1): MOSH_KEY (required, and
// removed from the environment once read), MOSH_PREDICTION_DISPLAY,
// MOSH_PREDICTION_OVERWRITE, MOSH_TITLE_NOPREFIX, MOSH_ESCAPE_KEY,
// MOSH_NO_TERM_INIT and TERM. The error is an *ExitError holding the text to
// print on stderr.
func ConfigFromEnv(ip, port string) (Config, error) {
	var cfg Config
	if _, err := parsePort(port); err != nil {
		return cfg, err
	}
	keyText, ok := os.LookupEnv("MOSH_KEY")
	if !ok {
		return cfg, &ExitError{Msg: "MOSH_KEY environment variable not found.", Status: 1}
	}
	os.Unsetenv("MOSH_KEY") // best effort
	if v, ok := os.LookupEnv("MOSH_PREDICTION_DISPLAY"); ok {
		m, err := overlay.ParseMode(v)
		if err != nil {
			return cfg, &ExitError{Msg: err.Error(), Status: 1}
		}
		cfg.Mode = m
	}
	cfg.Overwrite = os.Getenv("MOSH_PREDICTION_OVERWRITE") == "yes"
	_, cfg.TitleNoPrefix = os.LookupEnv("MOSH_TITLE_NOPREFIX")
	_, cfg.NoInit = os.LookupEnv("MOSH_NO_TERM_INIT")
	v, set := os.LookupEnv("MOSH_ESCAPE_KEY")
	cfg.Escape = ParseEscapeKey(v, set)
	cfg.Term = os.Getenv("TERM")
	if path := os.Getenv(traceEnv); path != "" {
		cfg.Logf = traceLogf(path)
	}
	addr, err := ParseServer(ip, port)
	if err != nil {
		return cfg, err
	}
	cfg.Server = addr
	key, err := crypto.ParseKey(keyText)
	if err != nil {
		msg := err.Error()
		if ke, ok := err.(*crypto.KeyError); ok {
			msg = ke.Msg
		}
		return cfg, &ExitError{Msg: "Crypto exception: " + msg, Status: 1, Exiting: true}
	}
	cfg.Key = key
	return cfg, nil
}

// ParseServer reads a numeric IP and a numeric UDP port (PROTOCOL.md §6.3).
func ParseServer(ip, port string) (netip.AddrPort, error) {
	p, err := parsePort(port)
	if err != nil {
		return netip.AddrPort{}, err
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return netip.AddrPort{}, &ExitError{
			Msg:     fmt.Sprintf("Network exception: Bad IP address (%s): Name or service not known", ip),
			Status:  1,
			Exiting: true,
		}
	}
	return netip.AddrPortFrom(a.Unmap(), uint16(p)), nil
}

// parsePort accepts only decimal digits; the message is mosh-client's,
// to be printed after "<argv0>: ".
func parsePort(port string) (uint16, error) {
	bad := &ExitError{Msg: fmt.Sprintf("Bad UDP port (%s)", port), Status: 1}
	for _, c := range port {
		if c < '0' || c > '9' {
			return 0, bad
		}
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return 0, bad
	}
	return uint16(p), nil
}
