package ssp_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"ssh-mosh/ssp/ssptest"
)

// TestBasicSync: over a clean link both directions converge.
func TestBasicSync(t *testing.T) {
	p := newPair(t, 1, t.Logf)
	p.net.Links[0].Delay = 20 * time.Millisecond
	p.net.Links[1].Delay = 20 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("resize")))
	p.net.Kick()
	p.net.Advance(500*time.Millisecond, 10000)
	if got := string(p.s.RemoteState().Bytes()); got != "resize" {
		t.Fatalf("server has %q", got)
	}
	p.s.SetCurrentState(ssptest.NewValue([]byte("screen 1")))
	p.net.Kick()
	p.net.Advance(500*time.Millisecond, 10000)
	if got := string(p.c.RemoteState().Bytes()); got != "screen 1" {
		t.Fatalf("client has %q", got)
	}
	if p.s.AckedNum() != p.s.LastSentNum() {
		t.Errorf("server: acked %d, last sent %d", p.s.AckedNum(), p.s.LastSentNum())
	}
	if srtt := p.c.SRTT(); srtt < 40*time.Millisecond || srtt > 60*time.Millisecond {
		t.Errorf("client SRTT %v, want about 40ms", srtt)
	}
}

// TestConvergenceUnderImpairment is the property test: for many seeds,
// with up to 50% loss each way plus jitter, reordering and duplication,
// each side's newest remote state ends up exactly the peer's current
// state within bounded virtual time.
func TestConvergenceUnderImpairment(t *testing.T) {
	seeds := 1000
	if testing.Short() {
		seeds = 100
	}
	var datagrams int
	var virtual, worst time.Duration
	for seed := range uint64(seeds) {
		n, d, err := convergeOnce(t, seed)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		datagrams, virtual, worst = datagrams+n, virtual+d, max(worst, d)
	}
	t.Logf("%d seeds: %d datagrams, %v of virtual time, slowest seed %v", seeds, datagrams, virtual, worst)
}

// convergeOnce runs one seed and returns the datagrams sent and the
// virtual time taken.
func convergeOnce(t *testing.T, seed uint64) (int, time.Duration, error) {
	p := newPair(t, seed, nil)
	r := rand.New(rand.NewPCG(seed, 7))
	for d := range p.net.Links {
		p.net.Links[d] = ssptest.Link{
			Delay:     time.Duration(1+r.IntN(150)) * time.Millisecond,
			Jitter:    time.Duration(r.IntN(50)) * time.Millisecond,
			Loss:      r.Float64() * 0.5,
			Duplicate: r.Float64() * 0.2,
			Reorder:   r.Float64() * 0.3,
		}
	}
	var typed []byte
	steps := 1 + r.IntN(6)
	for i := range steps {
		k := []byte{byte('a' + r.IntN(26))}
		typed = append(typed, k...)
		p.c.SetCurrentState(p.c.CurrentState().Append(k))
		p.s.SetCurrentState(ssptest.NewValue(fmt.Appendf(nil, "screen %d %s", i, typed)))
		p.net.Kick()
		p.net.Advance(time.Duration(r.IntN(400))*time.Millisecond, 100000)
	}
	limit := p.net.Now.Add(2 * time.Minute)
	done := func() bool {
		return bytes.Equal(p.s.RemoteState().Bytes(), typed) &&
			p.c.RemoteState().Equal(p.s.CurrentState())
	}
	if !p.net.Run(limit, 1000000, done) {
		return 0, 0, fmt.Errorf("no convergence by %v: server has %q want %q; client has %q want %q (links %+v)",
			p.net.Now.Sub(testStart), p.s.RemoteState().Bytes(), typed, p.c.RemoteState().Bytes(), p.s.CurrentState().Bytes(), p.net.Links)
	}
	return p.net.Sent[0] + p.net.Sent[1], p.net.Now.Sub(testStart), nil
}
