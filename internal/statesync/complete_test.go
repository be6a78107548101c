package statesync

import (
	"bytes"
	"flag"
	"maps"
	"math/rand/v2"
	"slices"
	"ssh-mosh/term/termtest"
	"strings"
	"testing"

	"ssh-mosh/internal/wire"
	"ssh-mosh/term"
	"ssh-mosh/term/display"
)

// TestHostDiffBytes checks DiffFrom against PROTOCOL.md §9.6.
func TestHostDiffBytes(t *testing.T) {
	old := NewComplete(80, 24, CompleteOptions{})
	c := old.Clone()
	c.Act([]byte("\n$ "))
	c.SetEchoAck(1)
	want := unhex(t, "0a 04 3a 02 40 01"+"0a 13 12 11 22 0f 1b 5b 3f 32 35 6c 0a 24 20 1b 5b 3f 32 35 68")
	if got := c.DiffFrom(old); !bytes.Equal(got, want) {
		t.Fatalf("DiffFrom = % x\nwant       % x", got, want)
	}

	ack := c.Clone()
	ack.SetEchoAck(5)
	if got, want := ack.DiffFrom(c), unhex(t, "0a 04 3a 02 40 05"); !bytes.Equal(got, want) {
		t.Fatalf("echo ack diff = % x, want % x", got, want)
	}
	if got := c.DiffFrom(c.Clone()); got != nil {
		t.Fatalf("DiffFrom(equal) = % x, want nil", got)
	}

	big := NewComplete(100, 30, CompleteOptions{})
	small := big.Clone()
	small.Resize(80, 24)
	got := small.DiffFrom(big)
	if prefix := unhex(t, "0a 06 1a 04 28 50 30 18"); !bytes.HasPrefix(got, prefix) {
		t.Fatalf("resize diff = % x, want prefix % x", got, prefix)
	}
	ins, err := wire.ParseHostMessage(got)
	if err != nil || len(ins) != 2 || ins[1].Kind != wire.HostBytes ||
		!bytes.HasPrefix(ins[1].HostString, []byte("\x1b[r\x1b[0m\x1b[H\x1b[2J")) {
		t.Fatalf("resize diff = %+v, %v; want resize then a full redraw", ins, err)
	}
}

// TestCompleteApplyErrors checks that bad diffs are refused without
// changing the state, and that a query in host bytes is harmless.
func TestCompleteApplyErrors(t *testing.T) {
	tests := []struct {
		name    string
		diff    []wire.HostInstruction
		raw     string
		wantErr bool
	}{
		{name: "echo ack goes back", diff: []wire.HostInstruction{
			{Kind: wire.HostBytes, HostString: []byte("changed")},
			{Kind: wire.HostEchoAck, EchoAckNum: 2}}, wantErr: true},
		{name: "zero size", diff: []wire.HostInstruction{{Kind: wire.HostResize, Width: 0, Height: 24}}, wantErr: true},
		{name: "negative size", diff: []wire.HostInstruction{{Kind: wire.HostResize, Width: 80, Height: -1}}, wantErr: true},
		{name: "truncated", raw: "0a 13 12 11 22 0f 1b", wantErr: true},
		{name: "queries", diff: []wire.HostInstruction{
			{Kind: wire.HostBytes, HostString: []byte("\x1b[c\x1b[>c\x1b[5n\x1b[6nq")}}},
		{name: "huge resize is clamped", diff: []wire.HostInstruction{{Kind: wire.HostResize, Width: 1 << 30, Height: 1 << 30}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewComplete(10, 4, CompleteOptions{})
			c.SetEchoAck(3)
			before := c.Clone()
			diff := wire.AppendHostMessage(nil, tt.diff)
			if tt.raw != "" {
				diff = unhex(t, tt.raw)
			}
			err := c.Apply(diff)
			if tt.wantErr {
				if err == nil || !strings.HasPrefix(err.Error(), "statesync: ") {
					t.Fatalf("Apply error = %v, want a statesync error", err)
				}
				if !c.Equal(before) {
					t.Fatal("state changed on error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

var (
	seedsFlag  = flag.Int("seeds", 0, "number of seeds for the property tests (0: default)")
	streamFlag = flag.Uint64("stream", 4, "second PCG word of the property tests' random source")
)

// TestCompleteSync is the core property of the product: a server state
// driven by random pty output, resizes and echo acks, and a client that
// holds copies of some of the server's states and rebuilds each new one
// by applying new.DiffFrom(old) — old picked at random among the states
// it holds, as the transport may — always shows the same screen as the
// server (display equivalence, TERMINAL.md §13) with the same echo ack.
func TestCompleteSync(t *testing.T) {
	seeds := 200
	if *seedsFlag > 0 {
		seeds = *seedsFlag
	} else if testing.Short() {
		seeds = 40
	}
	for seed := range seeds {
		runSeed(t, seed, false)
	}
}

// runSeed runs one seeded history of TestCompleteSync; verbose logs
// every diff.
func runSeed(t *testing.T, seed int, verbose bool) {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(seed), *streamFlag))
	w, h := 2+r.IntN(40), 1+r.IntN(15)
	server := NewComplete(w, h, CompleteOptions{AltScreen: seed%2 == 0})
	// Both sides start from state 0, a blank screen; the client's
	// may have another size (DISPLAY.md §1.3).
	sent := []*Complete{server.Clone()}
	cw, ch := 2+r.IntN(40), 1+r.IntN(15)
	held := map[int]*Complete{0: NewComplete(cw, ch, CompleteOptions{})}
	ack := uint64(0)
	for step := 1; step <= 40; step++ {
		switch k := r.IntN(10); {
		case step == 1: // the client's first state carries its size
			w, h = cw, ch
			server.Resize(w, h)
		case k == 0:
			w, h = 2+r.IntN(40), 1+r.IntN(15)
			server.Resize(w, h)
		case k == 1:
			ack += uint64(r.IntN(3))
			server.SetEchoAck(ack)
		default:
			for range 1 + r.IntN(3) {
				server.Act([]byte(termtest.Chunk(r, w, h)))
			}
		}
		cur := server.Clone()
		sent = append(sent, cur)
		// The client holds some older states, all at or after the
		// newest it acknowledged; the diff may start from any of them.
		keys := slices.Sorted(maps.Keys(held))
		base := keys[r.IntN(len(keys))]
		if base == 0 && step > 1 && cur.Framebuffer().Width() == sent[0].Framebuffer().Width() &&
			cur.Framebuffer().Height() == sent[0].Framebuffer().Height() &&
			(cw != sent[0].Framebuffer().Width() || ch != sent[0].Framebuffer().Height()) {
			// The one case mosh's protocol gets wrong (see DiffFrom):
			// back at the initial size with nothing acknowledged.
			continue
		}
		diff := cur.DiffFrom(sent[base])
		if verbose {
			t.Logf("step %d from %d: %q", step, base, diff)
		}
		if cur.Equal(sent[base]) && diff != nil {
			t.Fatalf("seed %d step %d: diff of equal states = %q", seed, step, diff)
		}
		// A deep copy of the base, to catch an Apply that writes through
		// rows shared with it.
		baseFB := held[base].Framebuffer()
		baseCopy := term.New(baseFB.Width(), baseFB.Height())
		baseCopy.Write(display.NewFrame(false, nil, baseFB))
		next := held[base].Clone()
		if err := next.Apply(diff); err != nil {
			t.Fatalf("seed %d step %d: Apply: %v", seed, step, err)
		}
		if next.EchoAck() != cur.EchoAck() {
			t.Fatalf("seed %d step %d: echo ack %d, want %d", seed, step, next.EchoAck(), cur.EchoAck())
		}
		// A change of the icon name alone is not a new state in mosh
		// (TERMINAL.md §3.5); it travels with the next other change,
		// so the copy may lag behind on it.
		want := cur.Framebuffer().Clone()
		want.IconName = next.Framebuffer().IconName
		if d := display.Difference(want, next.Framebuffer()); d != "" {
			t.Fatalf("seed %d step %d (from %d): %s\nserver:\n%s\nclient:\n%s",
				seed, step, base, d, cur.Framebuffer(), next.Framebuffer())
		}
		// The applied copy must not share mutable state with the one
		// it was cloned from.
		if d := display.Difference(baseCopy.Framebuffer(), held[base].Framebuffer()); d != "" {
			t.Fatalf("seed %d step %d: applying changed the base state: %s", seed, step, d)
		}
		held[step] = next
		if r.IntN(3) == 0 {
			// The client acks a state it holds; the server then never
			// diffs from anything older, and both drop those states.
			keys := slices.Sorted(maps.Keys(held))
			acked := keys[r.IntN(len(keys))]
			for _, k := range keys {
				if k < acked {
					delete(held, k)
				}
			}
		}
	}
}

// BenchmarkCompleteClone measures the per-frame snapshot the server takes.
func BenchmarkCompleteClone(b *testing.B) {
	c := NewComplete(80, 24, CompleteOptions{})
	for y := range 24 {
		c.Act([]byte(strings.Repeat(string(rune('a'+y)), 80)))
	}
	for b.Loop() {
		_ = c.Clone()
	}
}

// BenchmarkCompleteDiffTyping measures the diff of one typed character on
// a full 80×24 screen, the common case.
func BenchmarkCompleteDiffTyping(b *testing.B) {
	old := NewComplete(80, 24, CompleteOptions{})
	old.Act([]byte(strings.Repeat("x", 80*23) + "$ "))
	c := old.Clone()
	c.Act([]byte("e"))
	for b.Loop() {
		_ = c.DiffFrom(old)
	}
}
