package term

import (
	"fmt"
	"testing"
)

// FuzzEmulator feeds arbitrary bytes (in two chunks, with a resize in
// between) and checks the invariants: no panic, cursor on screen, every
// row as wide as the screen, collected strings bounded.
func FuzzEmulator(f *testing.F) {
	for _, s := range []string{
		"hello\r\n", "\x1b[2J\x1b[H", "\x1b[38;2;1;2;3m\x1b[1;31mX", "\x1b]0;title\x07",
		"\x1b[999999;999999H", "\x1b[65535L\x1b[65535@", "\x1b[?1049h\x1b[?1049l",
		"\x1b]52;c;aGk=\x07", "中文😀e\u0301", "\xc3\x41\xe0\x80\x80", "\x1b[3;5r\x1b[?6hX",
		"\x1bP1;2qabc\x1b\\", "\x1b[" + string(make([]byte, 200)) + "m",
	} {
		f.Add([]byte(s), []byte("\x1b[6n"), uint16(80), uint16(24))
	}
	f.Fuzz(func(t *testing.T, a, b []byte, w, h uint16) {
		e := NewWithOptions(20, 6, Options{AltScreen: len(a)%2 == 0})
		e.Write(a)
		// Clamp as a server would before applying a client's size.
		e.Resize(int(w%300), int(h%100))
		reply := e.Write(b)
		if len(reply) > 64*(len(b)+1) {
			t.Fatalf("reply of %d bytes for %d input bytes", len(reply), len(b))
		}
		fb := e.Framebuffer()
		ds := &fb.DS
		if ds.CursorRow < 0 || ds.CursorRow >= ds.Height || ds.CursorCol < 0 || ds.CursorCol >= ds.Width {
			t.Fatalf("cursor (%d,%d) off a %dx%d screen", ds.CursorRow, ds.CursorCol, ds.Width, ds.Height)
		}
		if ds.ScrollTop < 0 || ds.ScrollBottom >= ds.Height || ds.ScrollTop > ds.ScrollBottom {
			t.Fatalf("region [%d,%d] on height %d", ds.ScrollTop, ds.ScrollBottom, ds.Height)
		}
		if len(ds.Tabs) != ds.Width {
			t.Fatalf("%d tabs for width %d", len(ds.Tabs), ds.Width)
		}
		for y := 0; y < fb.Height(); y++ {
			if fb.Row(y).Width() != fb.Width() {
				t.Fatalf("row %d width %d, screen %d", y, fb.Row(y).Width(), fb.Width())
			}
		}
		if len([]rune(fb.Title)) > maxTitle || len([]rune(fb.Clipboard)) > maxOSC {
			t.Fatal("title or clipboard unbounded")
		}
		c := fb.Clone()
		if !c.Equal(fb) {
			t.Fatal("clone differs")
		}

		// Byte by byte must give the same screen as whole chunks: the
		// ASCII fast path and the decoder's carry-over are invisible.
		e2 := NewWithOptions(20, 6, Options{AltScreen: len(a)%2 == 0})
		for i := range a {
			e2.Write(a[i : i+1])
		}
		e2.Resize(int(w%300), int(h%100))
		var reply2 []byte
		for i := range b {
			reply2 = append(reply2, e2.Write(b[i:i+1])...)
		}
		if string(reply2) != string(reply) {
			t.Fatalf("replies differ: %q vs %q", reply, reply2)
		}
		if msg := sameScreen(fb, e2.Framebuffer()); msg != "" {
			t.Fatal("byte by byte: " + msg)
		}
		if msg := checkUsed(fb); msg != "" {
			t.Fatal(msg)
		}
	})
}

// sameScreen compares two framebuffers as mosh's equality does, except
// for row gens (two emulators draw gens from the shared counter at
// different times). It returns "" or what differs.
func sameScreen(a, b *Framebuffer) string {
	if !a.DS.Equal(&b.DS) || a.DS.NextPrintWillWrap != b.DS.NextPrintWillWrap {
		return fmt.Sprintf("draw states differ: %+v vs %+v", a.DS, b.DS)
	}
	if a.Title != b.Title || a.IconName != b.IconName || a.Clipboard != b.Clipboard || a.BellCount != b.BellCount {
		return "title, icon, clipboard or bell differ"
	}
	for y := 0; y < a.Height(); y++ {
		ra, rb := a.Row(y).Cells(), b.Row(y).Cells()
		for x := range ra {
			if ra[x] != rb[x] {
				return fmt.Sprintf("cell (%d,%d): %q vs %q", y, x, ra[x].Contents(), rb[x].Contents())
			}
		}
	}
	return ""
}

// checkUsed verifies Row.used: every cell at or past it is Cell{}.
func checkUsed(fb *Framebuffer) string {
	for y := 0; y < fb.Height(); y++ {
		r := fb.Row(y)
		for x := r.used; x < len(r.cells); x++ {
			if r.cells[x] != (Cell{}) {
				return fmt.Sprintf("row %d: cell %d non-zero past used=%d", y, x, r.used)
			}
		}
	}
	return ""
}
