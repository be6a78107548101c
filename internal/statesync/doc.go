// Package statesync holds the two states that SSP synchronizes between a
// mosh client and server (../../shared/spec/PROTOCOL.md §11, §12):
//
//   - UserStream, the client's append-only stream of keystroke bytes and
//     window sizes, sent client → server as ClientBuffers.UserMessage
//     diffs;
//   - Complete, the server's terminal emulator plus its echo ack, sent
//     server → client as HostBuffers.HostMessage diffs whose host bytes are
//     a term/display frame.
//
// Both satisfy ssp.State (and UserStream ssp.Subtracter) structurally; this
// package does not import ssp. It is pure: no I/O, no clock, no goroutines.
// It is not the transport (package ssp) and not the event loops
// (internal/client, internal/server).
package statesync
