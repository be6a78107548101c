package shell

import "strings"

// EnvOptions are the server's changes to the child's environment.
type EnvOptions struct {
	// Colors is mosh-server's -c value: 256 gives TERM=xterm-256color,
	// anything else TERM=xterm (PROTOCOL.md §15.1).
	Colors int
	// Home is the directory the child starts in; it becomes PWD.
	Home string
}

// ChildEnv returns the child's environment (PROTOCOL.md §15.5): base (with
// its locale already chosen) plus TERM, NCURSES_NO_UTF8_ACS=1 and PWD, and
// without STY. Like mosh-server 1.4.0 it keeps every other variable,
// MOSH_* included.
func ChildEnv(base []string, o EnvOptions) []string {
	out := make([]string, 0, len(base)+3)
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		if name == "STY" {
			continue
		}
		out = append(out, kv)
	}
	term := "xterm"
	if o.Colors == 256 {
		term = "xterm-256color"
	}
	out = setenv(out, "TERM", term)
	out = setenv(out, "NCURSES_NO_UTF8_ACS", "1")
	if o.Home != "" {
		out = setenv(out, "PWD", o.Home)
	}
	return out
}

// lookup returns the value of name in env ("" when absent); the last
// definition wins, as with getenv on a list built by appending.
func lookup(env []string, name string) string {
	val := ""
	for _, kv := range env {
		if n, v, ok := strings.Cut(kv, "="); ok && n == name {
			val = v
		}
	}
	return val
}

// setenv returns env with name set to val, replacing every earlier
// definition; env itself is not modified.
func setenv(env []string, name, val string) []string {
	return append(unsetenv(env, name), name+"="+val)
}

// unsetenv returns env without any definition of name; env itself is not
// modified.
func unsetenv(env []string, name string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if n, _, _ := strings.Cut(kv, "="); n != name {
			out = append(out, kv)
		}
	}
	return out
}
