// Package display turns "the terminal shows framebuffer last" into "the
// terminal shows framebuffer next": NewFrame returns the bytes that do it,
// following mosh 1.4.0's algorithm (../../shared/spec/DISPLAY.md §2–§5,
// PROTOCOL.md §12.5).
//
// The server uses it with ServerCaps to produce the hostbytes of a state
// diff; the client uses it with the capabilities of the user's real
// terminal to paint. The package is pure: it reads two framebuffers and
// returns bytes. It is not an emulator (package term) and knows nothing of
// predictions or the notification bar (term/overlay).
//
// One deliberate difference from mosh 1.4.0: after a cell is written into
// the last column the cursor is treated as unknown, so the next move is an
// absolute CUP. mosh instead believes the cursor is one column past the end
// and may then emit backspaces that land one column short (PROTOCOL.md
// §12.5, "Known quirk").
//
// Difference reports whether a copy built by applying frames is
// display-equivalent to the original (TERMINAL.md §13).
package display
