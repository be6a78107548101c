package relay

import (
	"math/rand/v2"
	"time"
)

// Impairment describes what the relay does to the datagrams of one
// direction. The zero value forwards everything at once.
type Impairment struct {
	// Delay is added to every datagram.
	Delay time.Duration
	// Jitter adds a uniformly random extra delay in [0, Jitter). Because
	// each datagram draws its own extra delay, jitter also reorders.
	Jitter time.Duration
	// Loss is the probability (0..1) that a datagram is dropped.
	Loss float64
	// Duplicate is the probability (0..1) that a forwarded datagram is
	// sent twice; the copy gets its own jitter.
	Duplicate float64
	// Reorder is the probability (0..1) that a datagram is held back by
	// an extra ReorderDelay, so that later datagrams overtake it.
	Reorder float64
	// ReorderDelay is the hold-back of a reordered datagram; 10 ms when
	// zero and Reorder is set.
	ReorderDelay time.Duration
	// Rate caps the direction's throughput in bytes per second (0: no
	// cap). Datagrams queue behind each other as on a slow link.
	Rate int64
	// QueueLimit bounds the queue behind a rate cap: a datagram that
	// would wait longer than this is dropped (tail drop). 500 ms when
	// zero.
	QueueLimit time.Duration
}

// defaults for the zero values documented on Impairment.
const (
	defaultReorderDelay = 10 * time.Millisecond
	defaultQueueLimit   = 500 * time.Millisecond
)

// Shaper makes the impairment decisions of one direction. It is pure: fed
// the same sequence of (now, size) it returns the same deliveries, because
// its randomness is a math/rand/v2 generator with a fixed seed and it never
// reads the clock. The Relay runs one per direction; tests drive it in
// virtual time.
//
// A Shaper is not safe for concurrent use.
type Shaper struct {
	im        Impairment
	rng       *rand.Rand
	busyUntil time.Time // when the rate-capped link is free again
}

// NewShaper returns a shaper for im whose random decisions follow seed.
func NewShaper(im Impairment, seed uint64) *Shaper {
	return &Shaper{im: im, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// SetImpairment changes the impairment for datagrams decided from now on.
// The random sequence continues where it was.
func (s *Shaper) SetImpairment(im Impairment) { s.im = im }

// Impairment returns the current impairment.
func (s *Shaper) Impairment() Impairment { return s.im }

// Decide says when a datagram of size bytes that arrived at now is to be
// delivered: no times means dropped, two means duplicated. The times are
// never before now.
//
// Every call draws the same number of random values whatever the outcome
// (loss, duplicate, two jitters, two reorders), so one knob does not shift
// the random sequence seen by the others.
func (s *Shaper) Decide(now time.Time, size int) []time.Time {
	im := s.im
	lossDraw := s.rng.Float64()
	dupDraw := s.rng.Float64()
	var jitter, reorder [2]float64
	for i := range 2 {
		jitter[i] = s.rng.Float64()
		reorder[i] = s.rng.Float64()
	}
	if lossDraw < im.Loss {
		return nil
	}
	base := now
	if im.Rate > 0 {
		limit := im.QueueLimit
		if limit == 0 {
			limit = defaultQueueLimit
		}
		start := now
		if s.busyUntil.After(now) {
			start = s.busyUntil
		}
		if start.Sub(now) > limit {
			return nil
		}
		s.busyUntil = start.Add(time.Duration(int64(size) * int64(time.Second) / im.Rate))
		base = s.busyUntil
	}
	copies := 1
	if dupDraw < im.Duplicate {
		copies = 2
	}
	out := make([]time.Time, copies)
	for i := range copies {
		at := base.Add(im.Delay)
		if im.Jitter > 0 {
			at = at.Add(time.Duration(jitter[i] * float64(im.Jitter)))
		}
		if reorder[i] < im.Reorder {
			d := im.ReorderDelay
			if d == 0 {
				d = defaultReorderDelay
			}
			at = at.Add(d)
		}
		out[i] = at
	}
	return out
}
