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
// The output is byte for byte mosh 1.4.0's, except where 1.4.0 paints
// wrongly; there it differs on purpose (each place says so in rows.go):
//
//   - after a cell is written into the last column the cursor is treated
//     as unknown, so the next move is an absolute CUP; mosh believes the
//     cursor is one column past the end and may emit backspaces that land
//     one column short (PROTOCOL.md §12.5, "Known quirk");
//   - a wide character stored in the last column (printed with auto-wrap
//     off) is written between ESC[?7l and ESC[?7h, or the receiver would
//     put it on the next line;
//   - a cell that was hidden under a wide character in the old row and is
//     visible in the new one is repainted, and so is a wide character whose
//     hidden right half changed (the receiver's hidden cells are not the
//     server's, and the row's wrap flag lives in the last cell);
//   - a wrap continuation that fills a whole row carries that row's own
//     wrap on to the next row.
//
// Difference reports whether a copy built by applying frames is
// display-equivalent to the original (TERMINAL.md §13).
package display
