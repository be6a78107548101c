package relay

import (
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ms is a shorthand for offsets in virtual time.
func ms(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }

func TestShaperSingleDecisions(t *testing.T) {
	tests := []struct {
		name string
		im   Impairment
		want []time.Duration // delivery offsets of the first datagram
	}{
		{"none", Impairment{}, []time.Duration{0}},
		{"delay", Impairment{Delay: ms(50)}, []time.Duration{ms(50)}},
		{"loss all", Impairment{Loss: 1}, nil},
		{"duplicate all", Impairment{Duplicate: 1, Delay: ms(5)}, []time.Duration{ms(5), ms(5)}},
		{"reorder all, default hold", Impairment{Reorder: 1, Delay: ms(1)}, []time.Duration{ms(11)}},
		{"reorder all, hold 40", Impairment{Reorder: 1, ReorderDelay: ms(40)}, []time.Duration{ms(40)}},
		{"rate 1000 B/s, 100 B", Impairment{Rate: 1000}, []time.Duration{ms(100)}},
		{"rate and delay", Impairment{Rate: 1000, Delay: ms(20)}, []time.Duration{ms(120)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewShaper(tt.im, 1)
			got := offsets(s.Decide(t0, 100))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Decide = %v, want %v", got, tt.want)
			}
		})
	}
}

func offsets(ts []time.Time) []time.Duration {
	var out []time.Duration
	for _, at := range ts {
		out = append(out, at.Sub(t0))
	}
	return out
}

func TestShaperRateQueue(t *testing.T) {
	// Five 100-byte datagrams arrive together on a 1000 B/s link with a
	// 250 ms queue: they leave 100 ms apart, and those that would wait
	// more than 250 ms for the link are dropped.
	s := NewShaper(Impairment{Rate: 1000, QueueLimit: ms(250)}, 1)
	var got [][]time.Duration
	for range 5 {
		got = append(got, offsets(s.Decide(t0, 100)))
	}
	want := [][]time.Duration{{ms(100)}, {ms(200)}, {ms(300)}, nil, nil}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("deliveries = %v, want %v", got, want)
	}
	// Once the link drains, it accepts again.
	if d := offsets(s.Decide(t0.Add(ms(300)), 100)); !slices.Equal(d, []time.Duration{ms(400)}) {
		t.Errorf("after drain = %v, want [400ms]", d)
	}
}

func TestShaperStatistics(t *testing.T) {
	const n = 20000
	tests := []struct {
		name          string
		im            Impairment
		wantDelivered float64 // expected deliveries per datagram
		tol           float64
	}{
		{"loss 10%", Impairment{Loss: 0.1}, 0.9, 0.02},
		{"loss 50%", Impairment{Loss: 0.5}, 0.5, 0.02},
		{"dup 25%", Impairment{Duplicate: 0.25}, 1.25, 0.02},
		{"loss 50% dup 50%", Impairment{Loss: 0.5, Duplicate: 0.5}, 0.75, 0.03},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewShaper(tt.im, 42)
			total := 0
			for i := range n {
				total += len(s.Decide(t0.Add(ms(float64(i))), 100))
			}
			got := float64(total) / n
			if got < tt.wantDelivered-tt.tol || got > tt.wantDelivered+tt.tol {
				t.Errorf("deliveries per datagram = %.3f, want %.2f±%.2f", got, tt.wantDelivered, tt.tol)
			}
		})
	}
}

func TestShaperJitterBoundsAndReorders(t *testing.T) {
	s := NewShaper(Impairment{Delay: ms(30), Jitter: ms(20)}, 7)
	reordered := 0
	var last time.Time
	for i := range 1000 {
		now := t0.Add(ms(float64(i)))
		d := s.Decide(now, 100)
		if len(d) != 1 {
			t.Fatalf("datagram %d: %d deliveries, want 1", i, len(d))
		}
		if off := d[0].Sub(now); off < ms(30) || off >= ms(50) {
			t.Fatalf("datagram %d: delay %v outside [30ms, 50ms)", i, off)
		}
		if d[0].Before(last) {
			reordered++
		}
		last = d[0]
	}
	if reordered == 0 {
		t.Error("jitter of 20 ms at 1 ms spacing never reordered")
	}
}

func TestShaperDeterministic(t *testing.T) {
	im := Impairment{Delay: ms(10), Jitter: ms(10), Loss: 0.3, Duplicate: 0.2, Reorder: 0.1}
	run := func(seed uint64) [][]time.Duration {
		s := NewShaper(im, seed)
		var out [][]time.Duration
		for i := range 200 {
			out = append(out, offsets(s.Decide(t0.Add(ms(float64(i))), 100)))
		}
		return out
	}
	a, b, c := run(5), run(5), run(6)
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Error("same seed gave different decisions")
	}
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Error("different seeds gave identical decisions")
	}
}

func TestShaperSetImpairmentKeepsSequence(t *testing.T) {
	// Changing a knob mid-run must not shift the random sequence: the loss
	// pattern after the change is the same as in a run that had the new
	// settings all along, as every decision draws the same values.
	lossPattern := func(s *Shaper) []bool {
		var out []bool
		for i := range 100 {
			out = append(out, len(s.Decide(t0.Add(ms(float64(i))), 10)) == 0)
		}
		return out
	}
	a := NewShaper(Impairment{}, 3)
	lossPattern(a)
	a.SetImpairment(Impairment{Loss: 0.5})
	b := NewShaper(Impairment{Loss: 0.5, Duplicate: 1}, 3)
	lossPattern(b)
	if got, want := lossPattern(a), lossPattern(b); !slices.Equal(got, want) {
		t.Error("loss pattern depends on earlier settings")
	}
}

func BenchmarkShaperDecide(b *testing.B) {
	s := NewShaper(Impairment{Delay: ms(10), Jitter: ms(5), Loss: 0.1, Duplicate: 0.1}, 1)
	now := t0
	for b.Loop() {
		now = now.Add(time.Microsecond)
		s.Decide(now, 1200)
	}
}
