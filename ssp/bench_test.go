package ssp_test

import (
	"fmt"
	"testing"
	"time"

	"ssh-mosh/ssp/ssptest"
)

// screen returns a ~2 KB screen-like text state for frame i: mostly the
// same rows, one counter changing every frame.
func screen(i int) *ssptest.Value {
	b := make([]byte, 0, 2100)
	for row := range 24 {
		b = fmt.Appendf(b, "%02d top - load average 0.%02d  tasks %4d  mem %8d kB used   \n", row, (i+row)%100, i, 1000+i*row)
	}
	return ssptest.NewValue(b)
}

// BenchmarkStreamScreen streams a 2 KB state that changes every frame
// (50 frames per virtual second) from server to client over a 10 ms link,
// and reports the datagrams both transports handle per wall-clock second
// and the allocations per frame.
func BenchmarkStreamScreen(b *testing.B) {
	p := newPair(b, 1, nil)
	p.net.Links[0].Delay = 5 * time.Millisecond
	p.net.Links[1].Delay = 5 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	frames := make([]*ssptest.Value, 64)
	for i := range frames {
		frames[i] = screen(i)
	}
	sent := p.net.Sent[0] + p.net.Sent[1]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.s.SetCurrentState(frames[i%len(frames)])
		p.net.Kick()
		p.net.Advance(20*time.Millisecond, 1000)
	}
	n := p.net.Sent[0] + p.net.Sent[1] - sent
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "datagrams/s")
	b.ReportMetric(float64(n)/float64(b.N), "datagrams/frame")
	if !p.c.RemoteState().Equal(p.s.CurrentState()) {
		p.net.Advance(time.Second, 10000)
		if !p.c.RemoteState().Equal(p.s.CurrentState()) {
			b.Fatal("client did not converge")
		}
	}
}

// BenchmarkIdleTick is the cost of a Tick and NextDeadline when nothing is
// due: what an idle session pays per wake-up.
func BenchmarkIdleTick(b *testing.B) {
	p := newPair(b, 1, nil)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	now := p.net.Now
	b.ReportAllocs()
	for b.Loop() {
		if ds := p.s.Tick(now); len(ds) != 0 {
			b.Fatal("sent while idle")
		}
		p.s.NextDeadline(now)
	}
}

// BenchmarkTickFrame is the sender's cost of one 2 KB frame: a new state
// and the Tick that encodes, compresses, fragments and seals it. Nothing
// is acknowledged, so every 100 frames (25 s) the pair is rebuilt before
// the server's 40 s association timeout.
func BenchmarkTickFrame(b *testing.B) {
	frames := make([]*ssptest.Value, 64)
	for i := range frames {
		frames[i] = screen(i)
	}
	var p *pair
	var now time.Time
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%100 == 0 {
			b.StopTimer()
			p = newPair(b, 1, nil)
			p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
			p.net.Kick()
			p.net.Advance(time.Second, 10000)
			now = p.net.Now
			b.StartTimer()
		}
		now = now.Add(250 * time.Millisecond)
		p.s.SetCurrentState(frames[i%len(frames)])
		now = p.s.NextDeadline(now) // SEND_MINDELAY later
		if len(p.s.Tick(now)) == 0 {
			b.Fatal("no datagram")
		}
	}
}
