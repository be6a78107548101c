package display

import (
	"flag"
	"math/rand/v2"
	"ssh-mosh/term/termtest"
	"testing"

	"ssh-mosh/term"
)

// seedsFlag runs the property tests with more seeds by hand:
// go test -run Property -seeds 20000.
var seedsFlag = flag.Int("seeds", 0, "number of seeds for the property tests (0: default)")

func numSeeds(def int) int {
	if *seedsFlag > 0 {
		return *seedsFlag
	}
	if testing.Short() {
		return def / 5
	}
	return def
}

// client is a receiving terminal: a mosh-1.4.0 emulator that only ever
// sees frames.
type client struct {
	emu *term.Emulator
}

// apply feeds a frame to the client, resizing it first if the server's
// size changed (as the state sync does), and fails on any reply.
func (c *client) apply(t *testing.T, frame []byte, w, h int) {
	t.Helper()
	if fb := c.emu.Framebuffer(); fb.Width() != w || fb.Height() != h {
		c.emu.Resize(w, h)
	}
	if reply := c.emu.Write(frame); len(reply) != 0 {
		t.Fatalf("frame %q made the client answer %q", frame, reply)
	}
}

// TestPropertyChain is the central property of the frame diff: a chain of
// random server screens, each sent as NewFrame(true, previous, next) to a
// client that started from NewFrame(false, …), keeps the client
// display-equivalent to the server at every step. Screens change by
// random host output (text with wide and combining characters,
// renditions, cursor moves, erases, scrolls and scroll regions, modes,
// titles, clipboard, bells) and by resizes.
func TestPropertyChain(t *testing.T) {
	for seed := range numSeeds(300) {
		const steps = 40
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		w, h := 2+r.IntN(29), 1+r.IntN(12)
		server := term.NewWithOptions(w, h, term.Options{AltScreen: seed%3 == 0})
		server.WriteString(termtest.Chunk(r, w, h))
		c := &client{emu: term.New(1+r.IntN(20), 1+r.IntN(8))}
		c.apply(t, NewFrame(false, nil, server.Framebuffer()), w, h)
		check(t, seed, -1, nil, server.Framebuffer(), c)
		for step := range steps {
			prev := server.Framebuffer().Clone()
			if r.IntN(15) == 0 {
				w, h = 2+r.IntN(29), 1+r.IntN(12)
				server.Resize(w, h)
			}
			for range 1 + r.IntN(3) {
				server.WriteString(termtest.Chunk(r, w, h))
			}
			next := server.Framebuffer()
			frame := NewFrame(true, prev, next)
			c.apply(t, frame, w, h)
			check(t, seed, step, frame, next, c)
		}
	}
}

func check(t *testing.T, seed, step int, frame []byte, want *term.Framebuffer, c *client) {
	t.Helper()
	if d := Difference(want, c.emu.Framebuffer()); d != "" {
		t.Fatalf("seed %d step %d: client differs: %s\nframe %q\nserver:\n%s\nclient:\n%s",
			seed, step, d, frame, want, c.emu.Framebuffer())
	}
}

// TestPropertyRepaint checks that NewFrame(false, anything, b) paints b
// on a fresh terminal of b's size, whatever anything is.
func TestPropertyRepaint(t *testing.T) {
	for seed := range numSeeds(300) {
		r := rand.New(rand.NewPCG(uint64(seed), 2))
		w, h := 2+r.IntN(29), 1+r.IntN(12)
		other := term.New(2+r.IntN(29), 1+r.IntN(12))
		other.WriteString(termtest.Chunk(r, 10, 5))
		server := term.New(w, h)
		for range 4 {
			server.WriteString(termtest.Chunk(r, w, h))
		}
		anything := other.Framebuffer().Clone()
		// The clipboard is sent only when it differs (DISPLAY.md §3 step
		// 3), so a fresh terminal gets it only if anything's is empty.
		anything.Clipboard = ""
		frame := NewFrame(false, anything, server.Framebuffer())
		c := &client{emu: term.New(w, h)}
		c.apply(t, frame, w, h)
		check(t, seed, 0, frame, server.Framebuffer(), c)
	}
}

// TestPropertyIdentity checks that an unchanged screen costs nothing.
func TestPropertyIdentity(t *testing.T) {
	for seed := range 100 {
		r := rand.New(rand.NewPCG(uint64(seed), 3))
		e := term.New(2+r.IntN(29), 1+r.IntN(12))
		e.WriteString(termtest.Chunk(r, 30, 12))
		fb := e.Framebuffer()
		if got := NewFrame(true, fb.Clone(), fb); len(got) != 0 {
			t.Fatalf("seed %d: NewFrame of an unchanged screen = %q", seed, got)
		}
	}
}

// TestChains replays fixed host-output chains that once broke the
// property: cells hidden under wide characters differ between the server
// and the client copy, so a cell that becomes visible must be repainted.
func TestChains(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		steps []string
	}{
		{"uncovered by a narrow character", 10, 2, []string{
			"\x1b[1;3H\x1b[44m語", "\x1b[45m\x1b[1;4H\x1b[@", "\x1b[0m\x1b[1;3Hx"}},
		{"uncovered by a shifted wide character", 10, 2, []string{
			"\x1b[1;3H\x1b[44m語", "\x1b[45m\x1b[1;4H\x1b[@", "\x1b[0m\x1b[1;1HxＡ"}},
		{"uncovered by overlapping wide characters", 10, 2, []string{
			"\x1b[1;3H\x1b[44m語", "\x1b[45m\x1b[1;4H\x1b[@", "\x1b[1;2HＡ\x1b[1;3H中"}},
		{"wrap flag cleared under a wide character", 6, 3, []string{
			"abcd語x", "\x1b[1;5H語"}},
		{"continuation fills the row", 2, 3, []string{"ab中", "\x1b[3;1Hz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := term.New(tt.w, tt.h)
			c := &client{emu: term.New(tt.w, tt.h)}
			for i, step := range tt.steps {
				prev := server.Framebuffer().Clone()
				server.WriteString(step)
				frame := NewFrame(true, prev, server.Framebuffer())
				c.apply(t, frame, tt.w, tt.h)
				check(t, 0, i, frame, server.Framebuffer(), c)
			}
		})
	}
}
