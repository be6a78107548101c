package ssp

import (
	"math"
	"time"
)

// Sender constants (PROTOCOL.md §10.4.2, Appendix A).
const (
	ackInterval        = 3000 * time.Millisecond // heartbeat
	ackDelay           = 100 * time.Millisecond  // delayed ack; added to the RTO in timers
	sendMinDelayServer = 8 * time.Millisecond
	sendMinDelayClient = 1 * time.Millisecond
	// sendMinDelayHurried is the collection delay of a hurried state on
	// either side (not in mosh; see Transport.Hurry).
	sendMinDelayHurried = 1 * time.Millisecond
	activeRetryTimeout  = 10000 * time.Millisecond
	shutdownRetries     = 16
	sentStatesCap       = 32
	sentStatesCull      = 16 // the element this far from the end is erased
)

// Time inside the transport is a time.Duration since its epoch (the time
// passed to New), so "never" and "long ago" are plain numbers.
const (
	never   time.Duration = math.MaxInt64
	longAgo time.Duration = math.MinInt64 / 4
)

// unpacedFirstSends is how many states the sender may put on the wire
// before its first RTT sample with only SEND_MINDELAY between them (see
// pacingInterval).
const unpacedFirstSends = 4

// pacingInterval is the spacing the sender keeps between two transmissions
// of new states.
//
// Deviation from mosh, on purpose: mosh paces with send_interval() =
// ⌈SRTT/2⌉, and SRTT starts at 1000 ms, so until the peer has echoed one of
// our timestamps every new state waits up to 250 ms after the previous
// send. That is why mosh's first screen arrives ~250 ms late (the server's
// empty ack goes out at first contact and the shell's prompt then waits for
// the interval). Here, until the first RTT sample, and for at most
// unpacedFirstSends states, new states are paced only by SEND_MINDELAY.
// Peers accept any timing, and diffs are still taken only from states the
// peer has or is assumed to have, so this is wire compatible. Retransmission
// and shutdown hurrying keep mosh's send_interval().
//
// A hurried state (Transport.Hurry) is paced by SEND_INTERVAL_MIN only, so
// even when hurried the sender never sends new states faster than mosh
// itself does on a fast path.
func (s *sender[L]) pacingInterval(rtt rttEstimate) time.Duration {
	if !rtt.hit && s.unpaced < unpacedFirstSends {
		return 0
	}
	if s.hurried {
		return min(rtt.sendInterval(), sendIntervalMin*time.Millisecond)
	}
	return rtt.sendInterval()
}

// collectDelay is how long the sender keeps collecting further changes
// after the first one before it sends a new state: SEND_MINDELAY, or
// sendMinDelayHurried for a hurried state (see Transport.Hurry), or
// nothing for one the application knows to be complete (HurryNow).
func (s *sender[L]) collectDelay() time.Duration {
	if s.hurried && s.complete {
		return 0
	}
	if s.hurried {
		return min(s.minDelay, sendMinDelayHurried)
	}
	return s.minDelay
}

// calculateTimers is mosh's calculate_timers (§10.4.3), run before every
// wait and every tick: it picks the assumed receiver state, rationalizes
// the states, and sets nextAckTime and nextSendTime.
func (s *sender[L]) calculateTimers(now time.Duration, rtt rttEstimate) {
	s.updateAssumed(now, rtt)
	s.rationalize()
	if s.pendingDataAck && s.nextAckTime > now+ackDelay {
		s.nextAckTime = now + ackDelay
	}
	last := s.last()
	assumed := s.sent[s.assumed].state
	live := s.lastHeard+activeRetryTimeout > now
	switch {
	case !s.current.Equal(last.state):
		if s.mindelayClock == never {
			s.mindelayClock = now
		}
		s.nextSendTime = max(s.mindelayClock+s.collectDelay(), last.at+s.pacingInterval(rtt))
	case !s.current.Equal(assumed) && live:
		s.nextSendTime = last.at + rtt.sendInterval()
		if s.mindelayClock != never {
			s.nextSendTime = max(s.nextSendTime, s.mindelayClock+s.collectDelay())
		}
	case !s.current.Equal(s.sent[0].state) && live:
		s.nextSendTime = last.at + rtt.rto() + ackDelay
	default:
		s.nextSendTime = never
	}
	if s.shutdown || s.ackNum == shutdownNum {
		s.nextAckTime = last.at + rtt.sendInterval()
	}
}

// updateAssumed makes the assumed receiver state the newest sent state
// such that it and every state between it and the acknowledged one were
// sent less than RTO + ACK_DELAY ago (§10.4.3 step 1).
func (s *sender[L]) updateAssumed(now time.Duration, rtt rttEstimate) {
	s.assumed = 0
	limit := rtt.rto() + ackDelay
	for i := 1; i < len(s.sent); i++ {
		if now-s.sent[i].at >= limit {
			return
		}
		s.assumed = i
	}
}

// nextDeadline is min(next ack time, next send time).
func (s *sender[L]) nextDeadline() time.Duration {
	return min(s.nextAckTime, s.nextSendTime)
}
