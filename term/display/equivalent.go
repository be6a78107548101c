package display

import (
	"bytes"
	"fmt"

	"ssh-mosh/term"
)

// Equivalent reports whether a terminal showing b looks exactly like one
// showing a, in the sense of TERMINAL.md §13: the client's copy built from
// frames is display-equivalent to the server's framebuffer, not identical.
func Equivalent(a, b *term.Framebuffer) bool { return Difference(a, b) == "" }

// Difference describes the first way in which b does not look like a
// (TERMINAL.md §13), or returns "" if they are display-equivalent. It
// compares the size, every visible cell's grapheme (empty, space and
// U+00A0 are all blank; a fallback cell equals NBSP plus its contents),
// wide bit and renditions, the rows' wrap flags, the cursor, the current renditions, the synchronised
// modes, the title, the icon name and the clipboard. Row identities, the
// bell count and unsynchronised modes are not compared. b may lack a wrap
// flag that a has: a wrapped last row cannot be marked as wrapped on the
// receiver (DISPLAY.md §4.3), and a scroll carries that row upwards.
func Difference(a, b *term.Framebuffer) string {
	if a.Width() != b.Width() || a.Height() != b.Height() {
		return fmt.Sprintf("size %dx%d != %dx%d", a.Width(), a.Height(), b.Width(), b.Height())
	}
	for y := 0; y < a.Height(); y++ {
		if d := rowDifference(a.Row(y), b.Row(y)); d != "" {
			return fmt.Sprintf("row %d: %s", y, d)
		}
		if !a.Row(y).Wrap() && b.Row(y).Wrap() {
			return fmt.Sprintf("row %d: wrap false != true", y)
		}
	}
	da, db := &a.DS, &b.DS
	switch {
	case da.CursorRow != db.CursorRow || da.CursorCol != db.CursorCol:
		return fmt.Sprintf("cursor (%d,%d) != (%d,%d)", da.CursorRow, da.CursorCol, db.CursorRow, db.CursorCol)
	case da.Renditions != db.Renditions:
		return fmt.Sprintf("renditions %q != %q", da.Renditions.SGR(), db.Renditions.SGR())
	case da.CursorVisible != db.CursorVisible:
		return "cursor visibility"
	case da.ReverseVideo != db.ReverseVideo:
		return "reverse video"
	case da.BracketedPaste != db.BracketedPaste:
		return "bracketed paste"
	case da.MouseMode != db.MouseMode:
		return fmt.Sprintf("mouse mode %d != %d", da.MouseMode, db.MouseMode)
	case da.MouseFocusEvent != db.MouseFocusEvent:
		return "mouse focus events"
	case da.MouseEncoding != db.MouseEncoding:
		return fmt.Sprintf("mouse encoding %d != %d", da.MouseEncoding, db.MouseEncoding)
	case a.Title != b.Title:
		return fmt.Sprintf("title %q != %q", a.Title, b.Title)
	case a.IconName != b.IconName:
		return fmt.Sprintf("icon name %q != %q", a.IconName, b.IconName)
	case a.Clipboard != b.Clipboard:
		return fmt.Sprintf("clipboard %q != %q", a.Clipboard, b.Clipboard)
	case a.TitleInitialized != b.TitleInitialized && (a.Title != "" || a.IconName != ""):
		return "title initialised"
	}
	return ""
}

// rowDifference compares the visible cells of two rows of equal width.
func rowDifference(a, b *term.Row) string {
	var ga, gb [64]byte
	for x := 0; x < a.Width(); {
		ca, cb := a.Cell(x), b.Cell(x)
		if ca.Wide() != cb.Wide() {
			return fmt.Sprintf("col %d: wide %v != %v", x, ca.Wide(), cb.Wide())
		}
		if ca.Renditions() != cb.Renditions() {
			return fmt.Sprintf("col %d: renditions %q != %q", x, ca.Renditions().SGR(), cb.Renditions().SGR())
		}
		if !(ca.Blank() && cb.Blank()) {
			sa, sb := ca.AppendGrapheme(ga[:0]), cb.AppendGrapheme(gb[:0])
			if !bytes.Equal(sa, sb) {
				return fmt.Sprintf("col %d: %q != %q", x, sa, sb)
			}
		}
		x += ca.Width()
	}
	return ""
}
