// Package overlay draws what the mosh client adds on top of the server's
// screen before painting it (../../../shared/spec/PREDICTION.md): the
// prediction engine's speculative local echo (Predictor), the notification
// bar on the top row (Notifier) and the "[mosh] " title prefix (Title).
//
// Each overlay works on a private copy of the newest server framebuffer,
// never on the synchronised state, in the order
//
//	Predictor.Cull → Predictor.Apply → Notifier.AdjustMessage → Notifier.Apply → Title.Apply
//
// The Predictor follows mosh 1.4.0 with four additions. Three are about
// where a tentative epoch is predicted: keystrokes still in flight are
// predicted again from the server's frame after their epoch was killed
// (replay.go, skipping those the frame shows beyond a lagging echo ack);
// after a key whose cursor effect is unknown the next epoch
// starts from the displayed cursor (loseCursor); the first key after a
// newline goes after the new prompt once it shows (promptColumn). One is
// about when: an epoch is confirmed as soon as the server's frame shows one
// of its characters in a changed cell, before the echo ack (earlyConfirm).
// Nothing unconfirmed is ever shown. Without them a burst typed right after
// Enter and Ctrl-L at RTT 300 ms is never shown before its echo.
//
// The package is pure: the caller passes the time into every call and asks
// each overlay when it next needs to be woken (Deadline). It does not read
// the keyboard, the network or the clock, and it does not paint (see
// term/display and internal/client).
package overlay
