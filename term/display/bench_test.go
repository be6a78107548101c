package display

import (
	"strings"
	"testing"

	"ssh-mosh/term"
)

// fullScreen returns an 80×24 screen of text in varied renditions.
func fullScreen(seed byte) *term.Framebuffer {
	e := term.New(80, 24)
	var b strings.Builder
	for y := range 24 {
		b.WriteString("\x1b[" + []string{"0", "1;31", "44", "7", "0;38;5;200"}[(y+int(seed))%5] + "m")
		for x := range 80 {
			b.WriteByte('!' + byte((x*7+y*3+int(seed))%90))
		}
	}
	e.WriteString(b.String())
	return e.Framebuffer()
}

// BenchmarkNewFrameFull measures a frame in which every cell of an 80×24
// screen changes.
func BenchmarkNewFrameFull(b *testing.B) {
	a, n := fullScreen(0), fullScreen(1)
	var buf []byte
	for b.Loop() {
		buf = AppendFrame(buf[:0], ServerCaps(), true, a, n)
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkNewFrameRepaint measures a full repaint of an 80×24 screen.
func BenchmarkNewFrameRepaint(b *testing.B) {
	n := fullScreen(1)
	var buf []byte
	for b.Loop() {
		buf = AppendFrame(buf[:0], ServerCaps(), false, nil, n)
	}
}

// BenchmarkNewFrameScroll measures a one-line scroll of a full screen.
func BenchmarkNewFrameScroll(b *testing.B) {
	e := term.New(80, 24)
	for y := range 30 {
		e.WriteString(strings.Repeat(string(rune('a'+y%26)), 79) + "\r\n")
	}
	a := e.Framebuffer().Clone()
	e.WriteString("new line\r\n")
	n := e.Framebuffer()
	for b.Loop() {
		_ = NewFrame(true, a, n)
	}
}

// BenchmarkNewFrameTyping measures the common frame: one character typed.
func BenchmarkNewFrameTyping(b *testing.B) {
	e := term.New(80, 24)
	e.WriteString(strings.Repeat("x", 80*23) + "$ ")
	a := e.Framebuffer().Clone()
	e.WriteString("e")
	n := e.Framebuffer()
	for b.Loop() {
		_ = NewFrame(true, a, n)
	}
}
