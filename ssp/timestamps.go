package ssp

import (
	"time"

	"ssh-mosh/internal/wire"
)

// Timestamp echo constants (PROTOCOL.md §4.2).
const (
	echoValidity = 1000 * time.Millisecond // a held timestamp is echoed only this long
	ecnPenalty   = 500                     // ms subtracted from a congested timestamp
)

// tsEcho holds the last timestamp received in order, to be echoed once on
// the next datagram sent, advanced by the time it was held (§4.2).
type tsEcho struct {
	saved   bool
	ts      uint16
	savedAt time.Duration
}

// save remembers ts received at now; a congestion-marked datagram's
// timestamp is moved back 500 ms so the peer measures a longer RTT.
func (e *tsEcho) save(ts uint16, now time.Duration, congested bool) {
	if ts == wire.NoTimestamp {
		return
	}
	if congested {
		ts -= ecnPenalty
	}
	e.saved, e.ts, e.savedAt = true, ts, now
}

// reply returns the timestamp_reply for a datagram sent at now and clears
// the saved value: wire.NoTimestamp when nothing is held or it was held
// 1000 ms or more.
func (e *tsEcho) reply(now time.Duration) uint16 {
	if !e.saved {
		return wire.NoTimestamp
	}
	e.saved = false
	held := now - e.savedAt
	if held >= echoValidity {
		return wire.NoTimestamp
	}
	return e.ts + uint16(held.Milliseconds())
}

// timestamp16 is the wire clock for a time offset from the transport's
// epoch.
func timestamp16(d time.Duration) uint16 {
	return wire.Timestamp16(d.Milliseconds())
}
