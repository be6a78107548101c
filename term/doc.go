// Package term is mosh 1.4.0's terminal emulator in Go: a UTF-8 decoder and
// a DEC ANSI parser (Paul Williams' state machine) that turn host output
// into actions, and an emulator that applies those actions to a
// Framebuffer (cells, rows, draw state, title, clipboard, bell count).
//
// The package is pure: it never reads or writes a file descriptor. The
// Emulator's Write returns the bytes the terminal must answer to the host
// (device attributes, status and cursor-position reports); the caller
// writes them to the pty. Behaviour follows ../shared/spec/TERMINAL.md,
// character widths ../shared/spec/WCWIDTH.md.
//
// The data flow is
//
//	bytes ──▶ UTF8Decoder ──▶ parser ──▶ Emulator ──▶ *Framebuffer
//	                                        │
//	                                        └──▶ reply bytes (DA, DSR, CPR)
//
// It is not a frame differ (see term/display) and not a prediction engine
// (see term/overlay). Beyond mosh 1.4.0 it can keep a real alternate
// screen (Options.AltScreen); the default matches mosh exactly.
package term
