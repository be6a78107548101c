// Command mosh-server is ssh-mosh's drop-in for mosh-server 1.4.0: run over
// SSH as `mosh-server new [options] [-- command...]`, it binds a UDP port,
// prints `MOSH CONNECT <port> <key>`, detaches, and then serves one mosh
// session (PROTOCOL.md §15) to the real mosh-client or to ssh-mosh.
//
// Go cannot fork, so detaching re-executes this program (os.Executable) in
// a new session with the bound socket and the opened pty inherited as file
// descriptors and the key and settings passed through a pipe, never through
// argv or the environment; the connect line is printed as soon as that
// child exists, and the child starts the shell at once rather than at the
// first client contact (see detach.go and internal/server).
package main

import (
	"fmt"
	"io"
	"os"

	"ssh-mosh/internal/shell"
)

// versionBanner is printed by --version and, on stderr, when detaching,
// where the real server prints its own banner.
const versionBanner = `mosh-server (ssh-mosh) [compatible with mosh 1.4.0]
ssh-mosh's mosh-server, written in Go; it speaks the mosh 1.4.0 protocol.
License: MIT. There is NO WARRANTY, to the extent permitted by law.
`

func main() {
	if os.Getenv(daemonEnv) != "" {
		os.Exit(runDaemon())
	}
	// Step 1 of start-up (PROTOCOL.md §15.2): no core dumps, since the
	// server's memory holds the session key. The detached server inherits
	// the limit; the shell gets the old one back.
	savedCore.limit, savedCore.ok = shell.DisableCoreDumps()
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// savedCore is the soft core-file limit mosh-server was started with,
// before main set it to 0.
var savedCore struct {
	limit uint64
	ok    bool
}

// run is `mosh-server ...` in the invoking process; it returns the exit
// status. On success the long-lived server is a detached child.
func run(argv []string, stdin *os.File, stdout, stderr io.Writer) int {
	argv0 := "mosh-server"
	if len(argv) > 0 {
		argv0 = argv[0]
	}
	o, err := parseArgs(argv0, argv[1:], stderr)
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	if o.help {
		fmt.Fprintf(stdout, usageFormat, argv0)
		return 0
	}
	if o.version {
		fmt.Fprint(stdout, versionBanner)
		return 0
	}
	ports, msg := parsePortRange(o.portSpec)
	if msg != "" {
		fmt.Fprintln(stderr, msg)
		fmt.Fprintf(stderr, "%s: Bad UDP port range (%s)\n", argv0, o.portSpec)
		fmt.Fprintf(stderr, usageFormat, argv0)
		return 1
	}
	if o.useSSHConnection {
		o.bindIP = sshConnectionIP(os.Getenv("SSH_CONNECTION"), stderr)
	}
	s, err := prepare(o, stdin, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return detach(s, ports, o.bindIP, stdin, stdout, stderr)
}
