package bootstrap

import (
	"strconv"
	"strings"
)

// ServerCommand describes the mosh-server invocation of mosh's wrapper
// (PROTOCOL.md §17.2 step 4 and 5).
type ServerCommand struct {
	// Server is the program, inserted verbatim (not quoted) as mosh's
	// --server is; "" means "mosh-server".
	Server string
	// Colors is the number of colours of the local terminal (-c).
	Colors int
	// Bind is "" for -s (bind to the SSH connection's address), "any"
	// for no bind option, or an IP for -i IP.
	Bind string
	// Ports is "N" or "N:M" for -p, "" for the server's default.
	Ports string
	// Locale holds NAME=VALUE pairs passed with -l (see LocaleArgs).
	Locale []string
	// Command is the command to run instead of the login shell.
	Command []string
	// RemoteIP prefixes the command with the shell snippet that prints
	// "MOSH SSH_CONNECTION ..." (the wrapper's remote mode, §17.3).
	RemoteIP bool
}

// localeNames are the variables the wrapper forwards with -l, in order.
var localeNames = []string{"LANG", "LANGUAGE", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE",
	"LC_MONETARY", "LC_MESSAGES", "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE",
	"LC_MEASUREMENT", "LC_IDENTIFICATION", "LC_ALL"}

// LocaleArgs returns NAME=VALUE for each locale variable that lookup says
// is defined (even if empty), in the wrapper's order.
func LocaleArgs(lookup func(string) (string, bool)) []string {
	var out []string
	for _, n := range localeNames {
		if v, ok := lookup(n); ok {
			out = append(out, n+"="+v)
		}
	}
	return out
}

// remoteIPPrefix prints the SSH_CONNECTION variable before the server
// starts; the \n are for printf, literally backslash-n (§17.3).
const remoteIPPrefix = `sh -c '[ -n "$SSH_CONNECTION" ] && printf "\nMOSH SSH_CONNECTION %s\n" "$SSH_CONNECTION"' ; `

// Args returns the server's arguments: new, -c, the bind option, -p, -l
// for each locale variable, then -- and the command if one was given.
func (c ServerCommand) Args() []string {
	args := []string{"new", "-c", strconv.Itoa(c.Colors)}
	switch c.Bind {
	case "":
		args = append(args, "-s")
	case "any":
	default:
		args = append(args, "-i", c.Bind)
	}
	if c.Ports != "" {
		args = append(args, "-p", c.Ports)
	}
	for _, l := range c.Locale {
		args = append(args, "-l", l)
	}
	if len(c.Command) > 0 {
		args = append(args, "--")
		args = append(args, c.Command...)
	}
	return args
}

// String returns the remote command line: the server program verbatim,
// then every argument single-quoted, joined by spaces (§17.2 step 5).
func (c ServerCommand) String() string {
	server := c.Server
	if server == "" {
		server = "mosh-server"
	}
	var b strings.Builder
	if c.RemoteIP {
		b.WriteString(remoteIPPrefix)
	}
	b.WriteString(server)
	for _, a := range c.Args() {
		b.WriteByte(' ')
		b.WriteString(ShellQuote(a))
	}
	return b.String()
}

// ShellQuote quotes s for a POSIX shell the way mosh's wrapper does: in
// single quotes, each ' written as '\”.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
