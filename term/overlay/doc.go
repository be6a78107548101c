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
// The package is pure: the caller passes the time into every call and asks
// each overlay when it next needs to be woken (Deadline). It does not read
// the keyboard, the network or the clock, and it does not paint (see
// term/display and internal/client).
package overlay
