package ssp

// Hurry marks the current local state as the answer to input the user just
// typed: the shell's echo on the server, a keystroke on the client. The next
// transmission of a new state then waits only for SEND_MINDELAY and the
// 20 ms floor of send_interval, not for the full ⌈SRTT/2⌉ pacing, and the
// mark is cleared once that state is on the wire.
//
// Deviation from mosh, on purpose: mosh paces every new state by
// send_interval(), so at 300 ms RTT an echo can wait up to 150 ms behind the
// previous frame, and keystrokes typed 120 ms apart are held back too. That
// delay is most of what a user feels when predictions are not shown, and it
// delays the echo that confirms a prediction epoch. Pacing exists to batch
// bulk output; an echo is a few bytes. Peers accept any timing, diffs are
// still taken only from states the peer has or is assumed to have, and the
// 20 ms floor keeps the rate within what mosh sends on a fast link, so this
// stays wire compatible. The application decides what counts as interactive
// (internal/server: pty output right after keystrokes; internal/client:
// typed bytes that are not a paste).
func (t *Transport[L, R]) Hurry() { t.snd.hurried = true }
