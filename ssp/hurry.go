package ssp

// Hurry marks the current local state as the answer to input the user just
// typed: the shell's echo on the server, a keystroke on the client. The next
// transmission of a new state then waits only for a 1 ms collection delay
// (instead of SEND_MINDELAY) and the 20 ms floor of send_interval, not for
// the full ⌈SRTT/2⌉ pacing, and the mark is cleared once that state is on
// the wire.
//
// Deviation from mosh, on purpose: mosh paces every new state by
// send_interval(), so at 300 ms RTT an echo can wait up to 150 ms behind the
// previous frame, and keystrokes typed 120 ms apart are held back too. That
// delay is most of what a user feels when predictions are not shown, and it
// delays the echo that confirms a prediction epoch. Pacing exists to batch
// bulk output; an echo is a few bytes.
//
// For the same reason a hurried state is collected for 1 ms (the client's
// SEND_MINDELAY) rather than the server's 8 ms: mosh's server waits 8 ms
// after the first change so that a burst of output leaves as one frame,
// but the echo of a keystroke is written by the shell in one go, and the
// application hurries only output that follows keystrokes within a short
// window. Bulk output that is not hurried keeps the 8 ms collection, and
// every state, hurried or not, keeps the 20 ms floor between frames, so a
// hurried sender never sends faster than mosh does on a fast link.
//
// Peers accept any timing, and diffs are still taken only from states the
// peer has or is assumed to have, so this stays wire compatible. The
// application decides what counts as interactive (internal/server: pty
// output right after keystrokes; internal/client: typed bytes that are not
// a paste).
func (t *Transport[L, R]) Hurry() { t.snd.hurried = true }

// HurryNow is Hurry for a state the application knows to be complete: the
// server's echo of a keystroke, a short pty read after which nothing more
// was waiting (internal/server leaves larger reads, which may be part of a
// redraw, to Hurry). It is sent without any collection delay, as soon as the 20 ms
// floor allows; the mark is cleared with Hurry's. Collecting exists to
// catch output that follows at once, and the application has just seen
// that none was there; should the shell write more a moment later, that
// goes in the next frame, at the floor, as it would after any frame.
func (t *Transport[L, R]) HurryNow() {
	t.snd.hurried = true
	t.snd.complete = true
}
