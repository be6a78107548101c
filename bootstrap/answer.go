package bootstrap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Answer is what a starting mosh-server (and the wrapper's helpers around
// it) printed: where the client must send its datagrams and with which key.
type Answer struct {
	// IP is the address from a "MOSH IP <addr>" line, "" if none came.
	IP string
	// SSHConnectionIP is the server address (5th word) of a
	// "MOSH SSH_CONNECTION ..." line printed by the remote-IP prefix
	// (PROTOCOL.md §17.3), an IPv4-mapped "::ffff:" prefix removed, "" if
	// none came.
	SSHConnectionIP string
	// Port and Key come from "MOSH CONNECT <port> <key>".
	Port int
	Key  string
	// Output holds the other lines, as printed to the user (at most
	// maxOutputLines of them), for error messages.
	Output []string
	// OldServer is set when a port range was asked for and the server
	// said "Bad UDP port": it is too old for ranges.
	OldServer bool
}

// maxOutputLines bounds Answer.Output.
const maxOutputLines = 200

// connectLine is the grammar of the connect line (PROTOCOL.md §17.5).
var connectLine = regexp.MustCompile(`^MOSH CONNECT (\d+?) ([A-Za-z0-9/+]{22})\s*$`)

// ipLine is the grammar of the MOSH IP line (PROTOCOL.md §17.5).
var ipLine = regexp.MustCompile(`^MOSH IP (\S+)\s*$`)

// Errors of ReadAnswer the caller can branch on.
var (
	// ErrNoConnect means the output ended without a MOSH CONNECT line.
	ErrNoConnect = errors.New("bootstrap: did not find mosh server startup message (have you installed mosh on your server?)")
	// ErrOldServer means the server rejected the port range option.
	ErrOldServer = errors.New("bootstrap: server does not support UDP port range option")
	// ErrRedefinedIP means a second MOSH IP line arrived.
	ErrRedefinedIP = errors.New("bootstrap: detected attempt to redefine MOSH IP")
)

// BadConnectError reports a MOSH CONNECT line that does not parse.
type BadConnectError struct{ Line string }

// Error names the offending line.
func (e *BadConnectError) Error() string {
	return fmt.Sprintf("bootstrap: bad MOSH CONNECT string: %q", e.Line)
}

// ReadAnswer reads the output of a starting server line by line, as mosh's
// wrapper does (PROTOCOL.md §17.5): MOSH IP, MOSH SSH_CONNECTION and
// MOSH CONNECT lines are taken, every other line is written to echo (nil:
// dropped) and kept in Answer.Output. It stops after the connect line.
// portRange says a port range was requested (to recognise old servers).
// Carriage returns from a pty are removed. Given a *bufio.Reader, it reads
// through it, so whatever followed the connect line stays buffered there.
func ReadAnswer(r io.Reader, echo io.Writer, portRange bool) (Answer, error) {
	var a Answer
	br := bufio.NewReader(r)
	for {
		raw, err := br.ReadString('\n')
		if raw == "" && err != nil {
			break
		}
		line := strings.TrimRight(strings.TrimSuffix(raw, "\n"), "\r")
		line = strings.TrimLeft(line, "\r")
		done, perr := a.take(line, echo, portRange)
		if perr != nil || done {
			return a, perr
		}
		if err != nil {
			break
		}
	}
	if a.OldServer {
		return a, ErrOldServer
	}
	return a, ErrNoConnect
}

// take handles one line; done is true after the connect line.
func (a *Answer) take(line string, echo io.Writer, portRange bool) (done bool, err error) {
	switch {
	case strings.HasPrefix(line, "MOSH IP "):
		m := ipLine.FindStringSubmatch(line)
		if m == nil {
			return false, fmt.Errorf("bootstrap: bad MOSH IP string: %q", line)
		}
		if a.IP != "" {
			return false, ErrRedefinedIP
		}
		a.IP = m[1]
	case strings.HasPrefix(line, "MOSH SSH_CONNECTION "):
		f := strings.Fields(line)
		if len(f) != 6 {
			return false, fmt.Errorf("bootstrap: bad MOSH SSH_CONNECTION string: %q", line)
		}
		a.SSHConnectionIP = strings.TrimPrefix(f[4], "::ffff:")
	case strings.HasPrefix(line, "MOSH CONNECT "):
		m := connectLine.FindStringSubmatch(line)
		if m == nil {
			return false, &BadConnectError{Line: line}
		}
		port, perr := strconv.Atoi(m[1])
		if perr != nil || port < 1 || port > 65535 {
			return false, &BadConnectError{Line: line}
		}
		a.Port, a.Key = port, m[2]
		return true, nil
	default:
		if portRange && strings.Contains(line, "Bad UDP port") {
			a.OldServer = true
		}
		if len(a.Output) < maxOutputLines {
			a.Output = append(a.Output, line)
		}
		if echo != nil {
			fmt.Fprintln(echo, line) // best effort
		}
	}
	return false, nil
}

// NotFound reports whether the output of a failed server start says the
// shell could not find the program (exit status 127 or "command not found").
func NotFound(exitStatus int, output []string) bool {
	if exitStatus == 127 {
		return true
	}
	for _, l := range output {
		if strings.Contains(l, "command not found") || strings.Contains(l, ": not found") ||
			strings.Contains(l, "No such file or directory") {
			return true
		}
	}
	return false
}
