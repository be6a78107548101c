package term

import "testing"

func TestRenditionsSGR(t *testing.T) {
	tests := []struct {
		r    Renditions
		want string
	}{
		{Renditions{}, "\x1b[0m"},
		{Renditions{Attrs: Bold, FG: PaletteFG(1), BG: PaletteBG(200)}, "\x1b[0;1;31;48;5;200m"},
		{Renditions{Attrs: Bold | Italic | Underline | Blink | Inverse | Invisible}, "\x1b[0;1;3;4;5;7;8m"},
		{Renditions{FG: PaletteFG(9), BG: PaletteBG(7)}, "\x1b[0;38;5;9;47m"},
		{Renditions{FG: RGB(1, 2, 3), BG: RGB(255, 0, 128)}, "\x1b[0;38;2;1;2;3;48;2;255;0;128m"},
		{Renditions{Attrs: Faint}, "\x1b[0m"},
	}
	for _, tt := range tests {
		if got := tt.r.SGR(); got != tt.want {
			t.Errorf("%+v.SGR() = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestCellBasics(t *testing.T) {
	c := NewCell("e\u0301", Renditions{Attrs: Bold}, false)
	if c.Contents() != "e\u0301" || c.Width() != 1 || c.Empty() || c.Blank() {
		t.Errorf("cell = %q w=%d", c.Contents(), c.Width())
	}
	w := NewCell("中", Renditions{}, true)
	if w.Width() != 2 {
		t.Errorf("wide width = %d", w.Width())
	}
	for _, s := range []string{"", " ", "\u00a0"} {
		b := NewCell(s, Renditions{}, false)
		if !b.Blank() {
			t.Errorf("%q not blank", s)
		}
	}
	e, sp := BlankCell(0), NewCell(" ", Renditions{}, false)
	if !e.ContentsMatch(&sp) || e.Equal(&sp) {
		t.Errorf("empty vs space: match=%v equal=%v", e.ContentsMatch(&sp), e.Equal(&sp))
	}
	if got := string(e.AppendGrapheme(nil)); got != " " {
		t.Errorf("empty grapheme %q", got)
	}
}

func TestFramebufferCloneEqual(t *testing.T) {
	a := NewFramebuffer(10, 3)
	b := a.Clone()
	if !a.Equal(b) {
		t.Fatal("clone differs")
	}
	r := b.MutableRow(1)
	r.cells[0] = NewCell("x", Renditions{}, false)
	if a.Equal(b) || a.Row(1).String() != "" || b.Row(1).String() != "x" {
		t.Fatalf("copy-on-write broken: a=%q b=%q", a.Row(1), b.Row(1))
	}
	if a.Row(1).Gen() != b.Row(1).Gen() {
		t.Error("copy changed gen")
	}
	c := a.Clone()
	c.IconName = "icon"
	if !a.Equal(c) {
		t.Error("icon name must not take part in equality")
	}
	c.DS.InsertMode = true
	if !a.Equal(c) {
		t.Error("insert mode must not take part in equality")
	}
	c.DS.CursorVisible = false
	if a.Equal(c) {
		t.Error("cursor visibility must take part in equality")
	}
}

func TestFramebufferResize(t *testing.T) {
	tests := []struct {
		w, h   int
		rw, rh int
	}{
		{10, 3, 20, 5}, {10, 3, 4, 2}, {10, 3, 0, -5}, {10, 3, 1 << 30, 1 << 30},
	}
	for _, tt := range tests {
		fb := NewFramebuffer(tt.w, tt.h)
		fb.Resize(tt.rw, tt.rh)
		ww, wh := clampSize(tt.rw, tt.rh)
		if fb.Width() != ww || fb.Height() != wh || len(fb.rows) != wh || fb.Row(wh-1).Width() != ww || len(fb.DS.Tabs) != ww {
			t.Errorf("resize %dx%d -> %dx%d: got %dx%d", tt.w, tt.h, tt.rw, tt.rh, fb.Width(), fb.Height())
		}
	}
}
