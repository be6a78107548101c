package display

import (
	"testing"

	"ssh-mosh/term"
)

// FuzzNewFrame drives a server screen with two pieces of arbitrary host
// output and checks the round trip: the frame from the first screen to
// the second, fed to a client showing the first, gives the second; and a
// full repaint gives it on a fresh client. The sizes come from the input
// too. Seeds are in testdata/fuzz/FuzzNewFrame; run it by hand with
// go test -fuzz FuzzNewFrame ./term/display.
func FuzzNewFrame(f *testing.F) {
	f.Add(uint8(10), uint8(4), []byte("hello\r\nworld"), []byte("\x1b[2;3Hx\x1b[K\r\n\n\n\n"))
	f.Add(uint8(10), uint8(3), []byte("abcdefghijklmn"), []byte("\x1b[1;1H\x1b[M\x1b[44mq"))
	f.Add(uint8(20), uint8(5), []byte("e\u0301中\x1b[?7l\x1b[1;20H文"), []byte("\x1b[?7h\x1b[1;2H\x1b[4P"))
	f.Add(uint8(8), uint8(6), []byte("\x1b]0;t\a\x1b[?1000h\x1b[2;5r"), []byte("\n\n\n\x1b[5Sz\x1b[?5h\x1b]52;c;eA==\a"))
	f.Fuzz(func(t *testing.T, w, h uint8, first, second []byte) {
		width, height := 2+int(w%60), 1+int(h%30)
		server := term.NewWithOptions(width, height, term.Options{AltScreen: w&0x80 != 0})
		server.Write(first)
		a := server.Framebuffer().Clone()
		if h&0x80 != 0 {
			width, height = 2+int(h%50), 1+int(w%20)
			server.Resize(width, height)
		}
		server.Write(second)
		b := server.Framebuffer()

		c := term.New(a.Width(), a.Height())
		c.Write(NewFrame(false, nil, a))
		if d := Difference(a, c.Framebuffer()); d != "" {
			t.Fatalf("repaint of the first screen: %s", d)
		}
		if c.Framebuffer().Width() != width || c.Framebuffer().Height() != height {
			c.Resize(width, height)
		}
		frame := NewFrame(true, a, b)
		if reply := c.Write(frame); len(reply) != 0 {
			t.Fatalf("frame %q made the client answer %q", frame, reply)
		}
		if d := Difference(b, c.Framebuffer()); d != "" {
			t.Fatalf("frame %q: %s", frame, d)
		}
	})
}
