// Package shell is mosh-server's edge to the operating system on the shell
// side: it chooses the command (the login shell or a given one), builds the
// child's environment and locale (PROTOCOL.md §15.4–§15.5), runs the child
// on a pseudo-terminal once the caller releases it (§15.6; mosh-server does
// so at first client contact, ours as soon as it is ready, see
// internal/server), and keeps the utmp entry and the detached-session
// notice (§15.7) where the platform allows.
//
// It knows nothing of the network or of terminal emulation: the server's
// event loop reads and writes the pty master this package opens.
package shell
