// Package client is the ssh-mosh client's event loop, a mosh-client 1.4.0
// work-alike (../../../shared/spec/PROTOCOL.md §14.2, §16; DISPLAY.md §7;
// PREDICTION.md): it puts the user's terminal in raw mode, sends keystrokes
// and window sizes to the server over SSP, and paints the server's screen
// with predictions, the notification bar and the title prefix on top.
//
// One goroutine owns the session (transport, overlays, the frame on
// display). Helper goroutines only pump stdin reads, datagrams and signals
// into channels, and one timer is set to the earliest deadline of the
// transport and the overlays: an idle session sleeps.
//
// With SSH_MOSH_TRACE set to a file name (not a mosh variable) the client
// appends a debugging trace there: stdin reads, keystrokes, states received,
// datagrams sent and the bytes painted, each stamped to the microsecond.
//
// It does not parse the command line or start the server (cmd/ssh-mosh,
// bootstrap) and does no protocol work of its own (ssp, internal/statesync).
package client
