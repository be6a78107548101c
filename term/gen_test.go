package term

import (
	"math/rand/v2"
	"testing"
)

// TestRowGens checks the row-identity rules of TERMINAL.md §3.3.
func TestRowGens(t *testing.T) {
	e := New(10, 5)
	fb := e.Framebuffer()
	if fb.Row(0).Gen() != fb.Row(4).Gen() {
		t.Error("new framebuffer rows should share one gen")
	}
	g := fb.Row(1).Gen()
	e.WriteString("\x1b[2;1Habc")
	if fb.Row(1).Gen() != g {
		t.Error("cell writes must keep the gen")
	}
	e.WriteString("\x1b[2K")
	if fb.Row(1).Gen() == g {
		t.Error("EL 2 must give a new gen")
	}
	e.WriteString("\x1b[1;1H\x1b[3L")
	if a, b, c := fb.Row(0).Gen(), fb.Row(1).Gen(), fb.Row(2).Gen(); a != b || b != c {
		t.Error("rows inserted together should share a gen")
	}
	e.WriteString("\x1b[5;1Habc\x1b[3S")
	if a, b, c := fb.Row(2).Gen(), fb.Row(3).Gen(), fb.Row(4).Gen(); a != b || b != c {
		t.Error("rows scrolled in together should share a gen")
	}
	before := fb.Row(0).Gen()
	e.Resize(12, 6)
	if fb.Row(0).Gen() != before {
		t.Error("resize must keep gens of existing rows")
	}
	if fb.Row(5).Gen() == before {
		t.Error("rows added by resize need a new gen")
	}
}

// randomOps is a stream of the sequences that change the screen most.
var randomOps = []string{
	"abc", "0123456789", "中", "e\u0301", "\r\n", "\n", "\x1bM", "\x1b[2;4r", "\x1b[r",
	"\x1b[L", "\x1b[2M", "\x1b[3@", "\x1b[P", "\x1b[S", "\x1b[2T", "\x1b[K", "\x1b[1J",
	"\x1b[2J", "\x1b[44m", "\x1b[0m", "\x1b[3;3H", "\x1b[H", "\x1b[?1049h", "\x1b[?1049l",
	"\x1b[?47h", "\x1b[?47l", "\x1b#8", "\x1bc", "\x1b[4h", "\x1b[4l", "\x1b[X", "\t",
	"\x1b[41m", "\x1b[49m", "\x1b[1K", "\x1b[J", "\x1b[?7l", "\x1b[?7h", "\u0301", "\x1b[2@",
}

// TestCloneIsolation writes random sequences and clones along the way: no
// later write may change a clone (copy-on-write and row recycling must not
// leak), and a clone must equal the original at the moment it was made.
func TestCloneIsolation(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0))
		e := NewWithOptions(8, 5, Options{AltScreen: seed%2 == 0})
		type snap struct {
			fb   *Framebuffer
			text string
			ec   *Emulator
		}
		var snaps []snap
		for i := 0; i < 300; i++ {
			e.WriteString(randomOps[rng.IntN(len(randomOps))])
			if rng.IntN(10) == 0 {
				e.Resize(4+rng.IntN(8), 2+rng.IntN(6))
			}
			if msg := checkUsed(e.Framebuffer()); msg != "" {
				t.Fatalf("seed %d step %d: %s", seed, i, msg)
			}
			if rng.IntN(8) == 0 {
				c := e.Framebuffer().Clone()
				if !c.Equal(e.Framebuffer()) {
					t.Fatalf("seed %d: clone not equal", seed)
				}
				snaps = append(snaps, snap{fb: c, text: c.String()})
			}
			if rng.IntN(20) == 0 {
				ec := e.Clone()
				ec.WriteString(randomOps[rng.IntN(len(randomOps))])
			}
		}
		for i, s := range snaps {
			if got := s.fb.String(); got != s.text {
				t.Fatalf("seed %d: snapshot %d changed:\n%s\nwas\n%s", seed, i, got, s.text)
			}
		}
	}
}

// TestGensUniqueAcrossClones scrolls an emulator and its clone (and a
// second emulator) after the clone: each draws gens from its own block,
// and no gen may appear in two of them.
func TestGensUniqueAcrossClones(t *testing.T) {
	a := New(10, 3)
	a.WriteString("\r\n\r\n\r\n") // a has taken a block
	b := a.Clone()
	c := New(10, 3)
	seen := map[uint64]string{}
	for i := range 3000 { // past several blocks
		for name, e := range map[string]*Emulator{"a": a, "b": b, "c": c} {
			e.WriteString("x\r\n")
			g := e.Framebuffer().Row(2).Gen()
			if prev, ok := seen[g]; ok && prev != name {
				t.Fatalf("line %d: gen %d in %s and %s", i, g, prev, name)
			}
			seen[g] = name
		}
	}
}
