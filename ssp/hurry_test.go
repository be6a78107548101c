package ssp_test

import (
	"testing"
	"time"

	"ssh-mosh/ssp/ssptest"
)

// TestHurryBypassesPacing: at 300 ms RTT a new state that follows a send by
// 40 ms waits for send_interval (150 ms) unless it is hurried, in which case
// only SEND_MINDELAY (and the 20 ms floor, already passed) holds it.
func TestHurryBypassesPacing(t *testing.T) {
	for _, hurry := range []bool{false, true} {
		p := newPair(t, 40, nil)
		p.net.Links[0].Delay = 150 * time.Millisecond
		p.net.Links[1].Delay = 150 * time.Millisecond
		// Warm up: a few exchanges give both ends an RTT sample of 300 ms.
		for i := 0; i < 3; i++ {
			p.c.SetCurrentState(p.c.CurrentState().Append([]byte("w")))
			p.s.SetCurrentState(ssptest.NewValue([]byte{byte('a' + i)}))
			p.net.Kick()
			p.net.Advance(2*time.Second, 10000)
		}
		if srtt := p.s.SRTT(); srtt < 250*time.Millisecond || srtt > 350*time.Millisecond {
			t.Fatalf("server SRTT %v after warm-up, want about 300 ms", srtt)
		}
		log := p.record(t)
		p.s.SetCurrentState(ssptest.NewValue([]byte("frame1")))
		p.net.Kick()
		p.net.Advance(40*time.Millisecond, 1000)
		p.s.SetCurrentState(ssptest.NewValue([]byte("frame2")))
		if hurry {
			p.s.Hurry()
		}
		p.net.Kick()
		p.net.Advance(time.Second, 10000)
		frames := filter(*log, ssptest.ToClient)
		if len(frames) < 2 {
			t.Fatalf("hurry=%v: %d frames", hurry, len(frames))
		}
		gap := frames[1].at - frames[0].at
		want := 150 * time.Millisecond
		if hurry {
			// Both frames wait SEND_MINDELAY (8 ms) after being set, 40 ms
			// apart, and nothing else.
			want = 40 * time.Millisecond
		}
		if gap != want {
			t.Errorf("hurry=%v: second frame %v after the first, want %v", hurry, gap, want)
		}
		if got := string(p.c.RemoteState().Bytes()); got != "frame2" {
			t.Errorf("hurry=%v: client has %q", hurry, got)
		}
	}
}
