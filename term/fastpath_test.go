package term

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// writeTable feeds data through the decoder and the parser's transition
// table one code point at a time, skipping every fast path of Write: the
// reference the fast paths must match.
func writeTable(e *Emulator, data []byte) []byte {
	for _, b := range data {
		e.feedByte(b)
	}
	r := e.reply
	e.reply = nil
	return r
}

// controlOps are C0 and C1 controls and cut-off sequences, beside the
// randomOps, so the ground-state fast path meets every control.
var controlOps = []string{
	"\r", "\n", "\r\n", "\x07", "\x08", "\x0b", "\x0c", "\x18", "\x1a", "\x00", "\x0e",
	"\x1b", "\x1b[", "\x1b[3", "\x1b]0;t", "\x07", "\xc2\x85", "\xc2\x84", "\xc2\x8d",
	"\xe4\xb8", "\xad", "12345678", "\x1b[?6h", "\x1b[?6l", "\x1b[1;5r", "\x1b[24;1H",
}

// TestFastPathsMatchTable writes random streams in random chunks through
// Write and, byte by byte, through the transition table alone: draw states
// (every field), cells, which rows share a gen, title, bell count and
// replies must all agree.
func TestFastPathsMatchTable(t *testing.T) {
	ops := append(append([]string(nil), randomOps...), controlOps...)
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		w, h := 4+rng.IntN(12), 2+rng.IntN(6)
		alt := Options{AltScreen: seed%2 == 0}
		fast, slow := NewWithOptions(w, h, alt), NewWithOptions(w, h, alt)
		var stream []byte
		for range 400 {
			stream = append(stream, ops[rng.IntN(len(ops))]...)
		}
		var fastReply, slowReply []byte
		for off := 0; off < len(stream); {
			n := min(1+rng.IntN(40), len(stream)-off)
			fastReply = append(fastReply, fast.Write(stream[off:off+n])...)
			slowReply = append(slowReply, writeTable(slow, stream[off:off+n])...)
			off += n
			if msg := sameState(fast.Framebuffer(), slow.Framebuffer()); msg != "" {
				t.Fatalf("seed %d, after %q: %s", seed, stream[:off], msg)
			}
		}
		if string(fastReply) != string(slowReply) {
			t.Fatalf("seed %d: replies %q vs %q", seed, fastReply, slowReply)
		}
	}
}

// sameState is sameScreen plus every draw-state field and the pattern of
// shared gens (which rows are the same row for mosh's equality).
func sameState(a, b *Framebuffer) string {
	if msg := sameScreen(a, b); msg != "" {
		return msg
	}
	if !reflect.DeepEqual(a.DS, b.DS) {
		return "draw states differ"
	}
	for y1 := 0; y1 < a.Height(); y1++ {
		for y2 := y1 + 1; y2 < a.Height(); y2++ {
			if (a.Row(y1).Gen() == a.Row(y2).Gen()) != (b.Row(y1).Gen() == b.Row(y2).Gen()) {
				return "rows sharing gens differ"
			}
		}
	}
	return ""
}
