package server

import (
	"testing"
	"time"
)

// TestPublishHold checks that while a published change waits to be sent,
// further changes wait for the transport's next deadline (or maxHold), that
// a send ends the wait, and that a publish that left nothing pending (the
// state equals the last one sent) holds nothing back.
func TestPublishHold(t *testing.T) {
	t0 := time.Unix(2000, 0)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	type step struct {
		at       int  // ms
		change   bool // the emulator changed before this wake
		sent     bool // the transport sent before this wake
		same     bool // a publish at this wake leaves nothing pending
		deadline int  // transport's next deadline in ms; -1 = none
		want     int  // publishes so far
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"held until the deadline", []step{
			{0, true, false, false, 20, 1},
			{5, true, false, false, 20, 1},
			{19, true, false, false, 20, 1},
			{20, false, false, false, 20, 2},
		}},
		{"a send ends the hold", []step{
			{0, true, false, false, 20, 1},
			{20, false, true, false, 40, 1},
			{21, true, false, false, 40, 2},
			{22, true, false, false, 40, 2},
		}},
		{"no deadline: maxHold", []step{
			{0, true, false, false, -1, 1},
			{100, true, false, false, -1, 1},
			{249, false, false, false, -1, 1},
			{250, false, false, false, -1, 2},
		}},
		{"nothing pending: the next change goes at once", []step{
			{0, true, false, true, 100, 1},
			{1, true, false, false, 100, 2},
		}},
		{"unchanged publishes nothing", []step{
			{0, false, false, false, 20, 0},
			{30, false, false, false, 20, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ft, fh := &fakeTransport{}, &fakeHost{}
			l := &loop{t: ft, h: fh}
			for i, s := range tt.steps {
				ft.deadline = time.Time{}
				if s.deadline >= 0 {
					ft.deadline = ms(s.deadline)
				}
				if s.sent {
					ft.pending = false
				}
				if s.change {
					l.dirty = true
				}
				before := fh.publish
				l.publish(ms(s.at))
				if fh.publish > before && !s.same {
					ft.pending = true
				}
				if fh.publish != s.want {
					t.Fatalf("step %d (at %d ms): %d publishes, want %d", i, s.at, fh.publish, s.want)
				}
			}
		})
	}
}
