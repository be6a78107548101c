// Package tty is the client's edge to the user's terminal: raw mode and its
// restoration, the window size, and what the terminal can do (from its
// terminfo entry). It is the only package that imports golang.org/x/term, so
// no file ever needs both that and ssh-mosh/term.
//
// It does not read or write the session's bytes; the client's event loop
// owns stdin and stdout and uses a Terminal only to change modes.
package tty
