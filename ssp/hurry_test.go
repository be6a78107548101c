package ssp_test

import (
	"testing"
	"time"

	"ssh-mosh/ssp/ssptest"
)

// TestHurryTiming: in virtual time, how long after the server's state
// changes the new frame leaves, hurried or not. Unhurried, SEND_MINDELAY
// (8 ms) and send_interval (⌈SRTT/2⌉, at least 20 ms after the previous
// frame) hold it; hurried, only a 1 ms collection delay and the 20 ms
// floor do; hurried as complete, only the floor.
func TestHurryTiming(t *testing.T) {
	tests := []struct {
		name  string
		delay time.Duration // one-way link delay
		gap   time.Duration // from the previous frame to the change
		hurry int           // 0 none, 1 Hurry, 2 HurryNow
		want  time.Duration // from the change to the frame
	}{
		{"fast link, bulk output", 0, 100 * time.Millisecond, 0, 8 * time.Millisecond},
		{"fast link, echo", 0, 100 * time.Millisecond, 1, 1 * time.Millisecond},
		{"fast link, complete echo", 0, 100 * time.Millisecond, 2, 0},
		{"fast link, echo right after a frame", 0, 5 * time.Millisecond, 1, 15 * time.Millisecond},
		{"fast link, complete echo right after a frame", 0, 5 * time.Millisecond, 2, 15 * time.Millisecond},
		{"fast link, output right after a frame", 0, 5 * time.Millisecond, 0, 15 * time.Millisecond},
		{"300 ms RTT, bulk output", 150 * time.Millisecond, 40 * time.Millisecond, 0, 110 * time.Millisecond},
		{"300 ms RTT, echo", 150 * time.Millisecond, 40 * time.Millisecond, 1, 1 * time.Millisecond},
		{"300 ms RTT, complete echo", 150 * time.Millisecond, 40 * time.Millisecond, 2, 0},
		{"300 ms RTT, echo right after a frame", 150 * time.Millisecond, 12 * time.Millisecond, 1, 8 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPair(t, 40, nil)
			p.net.Links[0].Delay = tt.delay
			p.net.Links[1].Delay = tt.delay
			// Warm up: a few exchanges give both ends an RTT sample.
			for i := 0; i < 3; i++ {
				p.c.SetCurrentState(p.c.CurrentState().Append([]byte("w")))
				p.s.SetCurrentState(ssptest.NewValue([]byte{byte('a' + i)}))
				p.net.Kick()
				p.net.Advance(2*time.Second, 10000)
			}
			log := p.record(t)
			p.s.SetCurrentState(ssptest.NewValue([]byte("frame1")))
			p.net.Kick()
			first := frameAfter(t, p, log, 0)
			p.net.Advance(tt.gap-(p.net.Now.Sub(testStart)-first), 1000)
			changed := p.net.Now.Sub(testStart)
			p.s.SetCurrentState(ssptest.NewValue([]byte("frame2")))
			switch tt.hurry {
			case 1:
				p.s.Hurry()
			case 2:
				p.s.HurryNow()
			}
			p.net.Kick()
			at := frameAfter(t, p, log, changed)
			if got := at - changed; got != tt.want {
				t.Errorf("frame left %v after the change, want %v", got, tt.want)
			}
			p.net.Advance(time.Second, 10000)
			if got := string(p.c.RemoteState().Bytes()); got != "frame2" {
				t.Errorf("client has %q", got)
			}
		})
	}
}

// frameAfter advances the network a millisecond at a time until the
// server has sent a frame with a diff at or after from, and returns when
// it left.
func frameAfter(t *testing.T, p *pair, log *[]sent, from time.Duration) time.Duration {
	t.Helper()
	for range 2000 {
		for _, f := range filter(*log, ssptest.ToClient) {
			if f.at >= from && f.in != nil && len(f.in.Diff) > 0 {
				return f.at
			}
		}
		p.net.Advance(time.Millisecond, 1000)
	}
	t.Fatal("no frame sent")
	return 0
}
