package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/user"
	"strings"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/shell"
)

// settings is everything the detached server needs from the invoking
// process. It travels as JSON through a pipe, so the key never appears in
// argv or the environment.
type settings struct {
	Key   string
	Path  string
	Argv  []string
	Login bool
	// Locales are the -l NAME=VALUE offers and Colors the -c value; the
	// detached server builds the child's environment from its own (the
	// invoking process's) with them.
	Locales []string
	Colors  int
	Dir     string
	Cols    int
	Rows    int
	Verbose int
	// NetworkTimeout and SignalTimeout are MOSH_SERVER_NETWORK_TMOUT and
	// MOSH_SERVER_SIGNAL_TMOUT in seconds; 0 disables.
	NetworkTimeout int
	SignalTimeout  int
	// RestoreCore and CoreLimit give the shell back the soft core-file
	// limit the server started with (§15.5).
	RestoreCore bool
	CoreLimit   uint64
}

// prepare does mosh-server's start-up steps before binding (PROTOCOL.md
// §15.2 steps 3–7): command, idle timeouts, window size, key. The locale
// (step 4), which never stops ours from starting (issue #5 point 3), is
// left to the detached server.
func prepare(o options, stdin *os.File, stderr io.Writer) (settings, error) {
	s := settings{Verbose: o.verbose, Cols: 80, Rows: 24}
	cmd := shell.ChooseCommand(o.command, os.Getenv("SHELL"), shell.LoginShell())
	s.Path, s.Argv, s.Login = cmd.Path, cmd.Argv, cmd.Login
	s.Locales, s.Colors = o.locales, o.colors
	s.RestoreCore, s.CoreLimit = savedCore.ok, savedCore.limit
	s.NetworkTimeout = timeoutEnv("MOSH_SERVER_NETWORK_TMOUT", stderr)
	s.SignalTimeout = timeoutEnv("MOSH_SERVER_SIGNAL_TMOUT", stderr)
	if c, r, ok := shell.TerminalSize(stdin); stdin != nil && ok {
		s.Cols, s.Rows = c, r
	}
	s.Dir = homeDir()
	key, err := crypto.GenerateKey(rand.Reader)
	if err != nil {
		return s, fmt.Errorf("mosh-server: %w", err)
	}
	s.Key = key.String()
	return s, nil
}

// timeoutEnv reads one of the idle-timeout variables (PROTOCOL.md §15.2
// step 5), printing mosh's warning for a bad value.
func timeoutEnv(name string, stderr io.Writer) int {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return 0
	}
	n, rest := strtol(v)
	switch {
	case rest != "":
		fmt.Fprintf(stderr, "%s not a valid integer, ignoring\n", name)
		return 0
	case n < 0:
		fmt.Fprintf(stderr, "%s is negative, ignoring\n", name)
		return 0
	}
	return int(min(n, 1<<31-1))
}

// homeDir is $HOME, else the passwd home directory, else "/".
func homeDir() string {
	if h := os.Getenv("HOME"); h != "" {
		return h
	}
	if u, err := user.Current(); err == nil && u.HomeDir != "" {
		return u.HomeDir
	}
	return "/"
}

// sshConnectionIP is the local address of an SSH connection for -s: the
// third field of $SSH_CONNECTION without a "::ffff:" prefix, or "" (any
// interface) after mosh's warning.
func sshConnectionIP(v string, stderr io.Writer) string {
	if v == "" {
		fmt.Fprintln(stderr, "Warning: SSH_CONNECTION not found; binding to any interface.")
		return ""
	}
	f := strings.Fields(v)
	if len(f) < 3 {
		fmt.Fprintln(stderr, "Warning: Could not parse SSH_CONNECTION; binding to any interface.")
		return ""
	}
	ip := strings.TrimPrefix(f[2], "::ffff:")
	if _, err := netip.ParseAddr(ip); err != nil {
		fmt.Fprintln(stderr, "Warning: Could not parse SSH_CONNECTION; binding to any interface.")
		return ""
	}
	return ip
}
