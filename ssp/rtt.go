package ssp

import (
	"math"
	"time"
)

// RTT estimator constants (PROTOCOL.md §4.3, Appendix A).
const (
	initialSRTT      = 1000.0 // ms, before the first sample
	initialRTTVAR    = 500.0  // ms
	rttSampleCeiling = 5000   // ms; larger samples are ignored
	minRTO           = 50     // ms
	maxRTO           = 1000   // ms
	sendIntervalMin  = 20     // ms
	sendIntervalMax  = 250    // ms
)

// rttEstimate is the smoothed round-trip time and its variance, in
// milliseconds as floating point, the way mosh keeps them (§4.3). The zero
// value is not meaningful; start from newRTTEstimate.
type rttEstimate struct {
	srtt, rttvar float64
	hit          bool // at least one sample taken
}

// newRTTEstimate returns the estimate before any sample: SRTT 1000 ms,
// RTTVAR 500 ms.
func newRTTEstimate() rttEstimate {
	return rttEstimate{srtt: initialSRTT, rttvar: initialRTTVAR}
}

// sample returns the estimate updated with one round-trip measurement r in
// milliseconds, RFC 6298 style: the first sample sets SRTT = r and
// RTTVAR = r/2; later ones blend with gains 1/8 and 1/4 (RTTVAR from the
// old SRTT). Samples of 5000 ms or more are ignored.
func (e rttEstimate) sample(r float64) rttEstimate {
	if r < 0 || r >= rttSampleCeiling {
		return e
	}
	if !e.hit {
		return rttEstimate{srtt: r, rttvar: r / 2, hit: true}
	}
	e.rttvar = 0.75*e.rttvar + 0.25*math.Abs(e.srtt-r)
	e.srtt = 0.875*e.srtt + 0.125*r
	return e
}

// rto is mosh's timeout(): ⌈SRTT + 4·RTTVAR⌉ clamped to [50, 1000] ms.
func (e rttEstimate) rto() time.Duration {
	ms := math.Ceil(e.srtt + 4*e.rttvar)
	return time.Duration(min(max(ms, minRTO), maxRTO)) * time.Millisecond
}

// sendInterval is the minimum spacing between two state transmissions:
// ⌈SRTT/2⌉ clamped to [20, 250] ms.
func (e rttEstimate) sendInterval() time.Duration {
	ms := math.Ceil(e.srtt / 2)
	return time.Duration(min(max(ms, sendIntervalMin), sendIntervalMax)) * time.Millisecond
}

// srttDuration returns SRTT rounded to the nanosecond.
func (e rttEstimate) srttDuration() time.Duration {
	return time.Duration(e.srtt * float64(time.Millisecond))
}

// rttSampleMS computes a round-trip sample from the 16-bit clock now and
// the echoed timestamp: (now16 − reply) mod 65536.
func rttSampleMS(now16, reply uint16) float64 {
	return float64(now16 - reply)
}
