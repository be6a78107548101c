package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"ssh-mosh/ssp/udp"
)

// usageFormat is the usage line of the real mosh-server (PROTOCOL.md §15.1);
// %s is argv[0].
const usageFormat = "Usage: %s new [-s] [-v] [-i LOCALADDR] [-p PORT[:PORT2]] [-c COLORS] [-l NAME=VALUE] [-- COMMAND...]\n"

// options is a parsed command line.
type options struct {
	// bindIP is the requested local address ("" = any interface).
	bindIP string
	// useSSHConnection is -s: bind to the local address in $SSH_CONNECTION.
	// When both -i and -s are given the later one wins, so only one of
	// bindIP and useSSHConnection is in effect.
	useSSHConnection bool
	// portSpec is the -p argument as given ("" = the default range).
	portSpec string
	// colors is the -c argument; 0 when absent.
	colors int
	// verbose counts -v.
	verbose int
	// locales are the -l NAME=VALUE arguments in order.
	locales []string
	// command is everything after "--"; empty means the login shell.
	command []string
	// help and version ask for the usage or the version banner.
	help, version bool
}

// exitError ends the program with a status after its message was printed.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("mosh-server: exit %d", e.code) }

// parseArgs reads the command line the way mosh-server 1.4.0 does
// (PROTOCOL.md §15.1): "--help"/"-h" and "--version" before "--" win over
// everything; the command follows the first "--"; options are parsed
// getopt-style only after a first argument "new"; without "new" the legacy
// forms "[IP [PORT]]" apply. Messages go to stderr exactly as the real ones;
// a non-nil error is an *exitError carrying the exit status.
func parseArgs(argv0 string, args []string, stderr io.Writer) (options, error) {
	var o options
	for i, a := range args {
		if a == "--" {
			o.command = append([]string(nil), args[i+1:]...)
			args = args[:i]
			break
		}
	}
	for _, a := range args {
		switch a {
		case "--help", "-h":
			o.help = true
		case "--version":
			o.version = true
		}
	}
	if o.help || o.version {
		return o, nil
	}
	usageErr := func() error {
		fmt.Fprintf(stderr, usageFormat, argv0)
		return &exitError{1}
	}
	if len(args) == 0 || args[0] != "new" {
		switch len(args) {
		case 0:
		case 1:
			o.bindIP = args[0]
		case 2:
			o.bindIP, o.portSpec = args[0], args[1]
		default:
			return o, usageErr()
		}
		return o, nil
	}
	var bad error
	getopt(args, "@:i:p:c:svl:", stderr, func(opt byte, arg string, ok bool) {
		if !ok {
			fmt.Fprintf(stderr, usageFormat, argv0)
			return
		}
		switch opt {
		case 'i':
			o.bindIP, o.useSSHConnection = arg, false
		case 's':
			o.bindIP, o.useSSHConnection = "", true
		case 'p':
			o.portSpec = arg
		case 'c':
			n, rest := strtol(arg)
			if rest != "" && bad == nil {
				fmt.Fprintf(stderr, "%s: Bad number of colors (%s)\n", argv0, arg)
				bad = usageErr()
			}
			o.colors = int(n)
		case 'v':
			o.verbose++
		case 'l':
			o.locales = append(o.locales, arg)
		case '@':
			// Undocumented in mosh and ignored: lets scripts pass one
			// extra word.
		}
	})
	return o, bad
}

// getopt walks args[1:] like GNU getopt with the given option string:
// options may follow operands, "-abc" bundles flags, "-pVALUE" and
// "-p VALUE" both work, and "--" ends the options. Each option, or each
// error (ok = false, after getopt's own message naming args[0]), is passed
// to f in order.
func getopt(args []string, spec string, stderr io.Writer, f func(opt byte, arg string, ok bool)) {
	name := args[0]
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return
		}
		if strings.HasPrefix(a, "--") {
			fmt.Fprintf(stderr, "%s: unrecognized option '%s'\n", name, a)
			f(0, "", false)
			continue
		}
		if len(a) < 2 || a[0] != '-' {
			continue // an operand: ignored by mosh-server
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			k := strings.IndexByte(spec, c)
			if k < 0 || c == ':' {
				fmt.Fprintf(stderr, "%s: invalid option -- '%c'\n", name, c)
				f(c, "", false)
				continue
			}
			if k+1 >= len(spec) || spec[k+1] != ':' {
				f(c, "", true)
				continue
			}
			if j+1 < len(a) {
				f(c, a[j+1:], true)
			} else if i+1 < len(args) {
				i++
				f(c, args[i], true)
			} else {
				fmt.Fprintf(stderr, "%s: option requires an argument -- '%c'\n", name, c)
				f(c, "", false)
			}
			break
		}
	}
}

// strtol parses a decimal integer the way C's strtol(s, &end, 10) does:
// leading white space, an optional sign, then digits; it returns the value
// (saturated at the int64 limits) and the unparsed rest, which is all of s
// when there are no digits.
func strtol(s string) (int64, string) {
	i := 0
	for i < len(s) && strings.IndexByte(" \t\n\v\f\r", s[i]) >= 0 {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return 0, s
	}
	digits := s[start:i]
	if neg {
		digits = "-" + digits
	}
	// best effort: out of range, ParseInt saturates at the limits as
	// strtol does.
	n, _ := strconv.ParseInt(digits, 10, 64)
	return n, s[i:]
}

// portRange is the set of UDP ports to try, in ascending order.
type portRange struct{ low, high int }

// defaultPorts is mosh-server's range without -p (PROTOCOL.md §6.2).
var defaultPorts = portRange{udp.DefaultLowPort, udp.DefaultHighPort}

// parsePortRange checks a -p argument ("PORT" or "LOW:HIGH") and returns
// the real mosh-server's message for a bad one (PROTOCOL.md §6.2). An empty
// spec means the default range; "0" lets the kernel choose.
func parsePortRange(spec string) (portRange, string) {
	if spec == "" {
		return defaultPorts, ""
	}
	low, rest := strtol(spec)
	if rest != "" && rest[0] != ':' {
		return portRange{}, fmt.Sprintf("Invalid (low) port number (%s)", spec)
	}
	if low < 0 || low > 65535 {
		return portRange{}, fmt.Sprintf("(Low) port number %d outside valid range [0..65535]", low)
	}
	if rest == "" {
		return portRange{int(low), int(low)}, ""
	}
	highSpec := rest[1:]
	high, rest := strtol(highSpec)
	if rest != "" {
		return portRange{}, fmt.Sprintf("Invalid high port number (%s)", highSpec)
	}
	if high < 0 || high > 65535 {
		return portRange{}, fmt.Sprintf("High port number %d outside valid range [0..65535]", high)
	}
	if low > high {
		return portRange{}, fmt.Sprintf("Low port %d greater than high port %d", low, high)
	}
	if low == 0 {
		return portRange{}, "Low port 0 incompatible with port ranges"
	}
	return portRange{int(low), int(high)}, ""
}
