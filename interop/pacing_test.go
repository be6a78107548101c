package interop

import (
	"slices"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/relay"
)

// TestFramePacing is T5 for our server: with 100 ms of delay each way
// between client and server, an application that prints every 10 ms
// gets its screen sent at most once per ⌈SRTT/2⌉ ≈ 100 ms once the RTT
// is known, and never faster than every 20 ms; without the delay frames
// still come at least 20 ms apart. Only lower bounds are checked: a busy
// machine can only make the spacing longer.
func TestFramePacing(t *testing.T) {
	cases := []struct {
		id       string
		delay    time.Duration
		minTypic time.Duration // lower bound for the median spacing
	}{
		{"rtt-200ms", 100 * time.Millisecond, 90 * time.Millisecond},
		{"no-delay", 0, 20 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			s := startSession(t, sideServer, options{im: &relay.Impairment{Delay: c.delay}})
			s.echo("before")
			s.pane.SendLiteral("timeout 5 sh -c 'while :; do date +%N; sleep 0.01; done'; echo ok-done")
			s.pane.SendKeys("Enter")
			start := time.Now()
			s.wait("the end of the output", func(screen string) bool {
				l := contentLines(screen)
				return len(l) >= 2 && l[len(l)-2] == "ok-done"
			})
			var picked []logEntry
			var last uint64
			for _, e := range s.relay.entries(crypto.ToClient) {
				// New data states sent while the output ran, after 2 s.
				if e.at.Before(start.Add(2*time.Second)) || e.at.After(start.Add(4500*time.Millisecond)) {
					continue
				}
				if e.in.NewNum > last && len(e.in.Diff) > 0 {
					picked = append(picked, e)
				}
				last = max(last, e.in.NewNum)
			}
			if len(picked) < 5 {
				t.Fatalf("only %d frames in 2.5 s of output", len(picked))
			}
			// Spacing by the server's own send timestamps (16-bit
			// milliseconds in each packet), so the relay's scheduling
			// does not blur it.
			var gaps []time.Duration
			for i := 1; i < len(picked); i++ {
				gaps = append(gaps, time.Duration(picked[i].ts-picked[i-1].ts)*time.Millisecond)
			}
			slices.Sort(gaps)
			median := gaps[len(gaps)/2]
			t.Logf("%d frames; spacing by the server's clock: min %v median %v", len(picked), gaps[0], median)
			if gaps[0] < 19*time.Millisecond { // 20 ms, less the millisecond rounding
				t.Errorf("two frames %v apart by the server's clock, want at least 20 ms", gaps[0])
			}
			if median < c.minTypic {
				t.Errorf("median frame spacing %v, want at least %v", median, c.minTypic)
			}
		})
	}
}
