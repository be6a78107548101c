package ssp

import (
	"slices"
	"time"

	"ssh-mosh/internal/wire"
)

// shutdownNum is the state number reserved for a sender's final state.
const shutdownNum = wire.ShutdownNum

// sentState is one element of the sender's list of transmitted states.
type sentState[L State[L]] struct {
	at    time.Duration // when it was (last) sent
	num   uint64
	state L
}

// sender is the sending half of SSP (PROTOCOL.md §10.4): it decides when
// to send which diff of the local state. It builds instructions; the
// Transport turns them into datagrams.
type sender[L State[L]] struct {
	current L
	// sent is never empty; element 0 is the state the peer acknowledged.
	sent    []sentState[L]
	assumed int // index into sent: the diff base

	subtracter     bool   // L implements Subtracter[L]
	rationalizedAt uint64 // sent[0].num when the states were last rationalized

	ackNum         uint64        // newest peer state held, sent as ack_num
	pendingDataAck bool          // a peer state with data arrived: ack within ackDelay
	lastHeard      time.Duration // when a new peer state was last appended

	nextAckTime, nextSendTime time.Duration
	mindelayClock             time.Duration // never when unset
	minDelay                  time.Duration

	unpaced int  // states sent before the first RTT sample
	hurried bool // the current state answers fresh input: see Transport.Hurry
	// complete: the hurried state needs no collection delay either (see
	// Transport.HurryNow).
	complete bool

	shutdown      bool
	shutdownTries int
	shutdownStart time.Duration

	lastAckSent uint64 // ack_num of the last instruction transmitted
}

func newSender[L State[L]](initial L, minDelay time.Duration) *sender[L] {
	_, sub := any(initial).(Subtracter[L])
	return &sender[L]{
		current:       initial,
		sent:          []sentState[L]{{at: 0, num: 0, state: initial}},
		subtracter:    sub,
		lastHeard:     longAgo,
		mindelayClock: never,
		minDelay:      minDelay,
		nextAckTime:   0,
		nextSendTime:  0,
	}
}

func (s *sender[L]) last() *sentState[L] { return &s.sent[len(s.sent)-1] }

// rationalize removes the acknowledged state's content from every kept
// state and from the current state, for states that grow without bound
// (§10.4.3 step 2, §11.1). Kept states may share values with each other
// and with the application, so each is cloned before Subtract.
func (s *sender[L]) rationalize() {
	if !s.subtracter || s.sent[0].num == s.rationalizedAt {
		return
	}
	s.rationalizedAt = s.sent[0].num
	prefix := s.sent[0].state
	sub := func(st L) L {
		c := st.Clone()
		any(c).(Subtracter[L]).Subtract(prefix)
		return c
	}
	s.current = sub(s.current)
	for i := len(s.sent) - 1; i >= 1; i-- {
		s.sent[i].state = sub(s.sent[i].state)
	}
	s.sent[0].state = sub(prefix)
}

// processAck handles an incoming ack_num (§10.4.6): if a sent state has
// that number, every older one is forgotten; otherwise nothing happens.
func (s *sender[L]) processAck(ack uint64) {
	for i := range s.sent {
		if s.sent[i].num == ack {
			if i > 0 {
				s.sent = slices.Delete(s.sent, 0, i)
				s.assumed = 0
			}
			return
		}
	}
}

// push appends a newly sent state, culling the list when it grows past
// its cap (§10.4.1).
func (s *sender[L]) push(at time.Duration, num uint64, st L) {
	s.sent = append(s.sent, sentState[L]{at: at, num: num, state: st})
	if len(s.sent) > sentStatesCap {
		i := len(s.sent) - sentStatesCull
		s.sent = slices.Delete(s.sent, i, i+1)
	}
}

// instruction is what tick decided to transmit; the Transport adds
// protocol version and chaff.
type instruction struct {
	oldNum, newNum, ackNum, throwawayNum uint64
	diff                                 []byte
}

// tick decides what to send now (§10.4.4). The caller has checked that the
// peer's address is known. It returns false when nothing is due.
func (s *sender[L]) tick(now time.Duration, rtt rttEstimate) (instruction, bool) {
	s.calculateTimers(now, rtt)
	if now < s.nextAckTime && now < s.nextSendTime {
		return instruction{}, false
	}
	base := s.assumed
	diff := s.current.DiffFrom(s.sent[base].state)
	if base != 0 {
		// Prospective resend: a diff from the acknowledged state makes the
		// datagram self-sufficient; take it when it costs little more.
		resend := s.current.DiffFrom(s.sent[0].state)
		if len(resend) <= len(diff) || (len(resend) < 1000 && len(resend)-len(diff) < 100) {
			diff, base = resend, 0
			s.assumed = 0
		}
	}
	if len(diff) == 0 {
		var in instruction
		sent := false
		if now >= s.nextAckTime {
			in, sent = s.emptyAck(now, base), true
			s.mindelayClock = never
		}
		if now >= s.nextSendTime {
			s.nextSendTime = never
			s.mindelayClock = never
		}
		return in, sent
	}
	if now >= s.nextSendTime || now >= s.nextAckTime {
		in := s.sendDiff(now, base, diff, rtt)
		s.mindelayClock = never
		return in, true
	}
	return instruction{}, false
}

// emptyAck announces a new state number with no change (§10.4.4).
func (s *sender[L]) emptyAck(now time.Duration, base int) instruction {
	num := s.last().num + 1
	if s.shutdown {
		num = shutdownNum
	}
	oldNum := s.sent[base].num
	if num == s.last().num {
		s.last().at = now
	} else {
		s.push(now, num, s.current)
	}
	s.nextAckTime = now + ackInterval
	s.nextSendTime = never
	return s.transmit(oldNum, num, nil)
}

// sendDiff sends the current state as a diff from sent[base] (§10.4.4).
func (s *sender[L]) sendDiff(now time.Duration, base int, diff []byte, rtt rttEstimate) instruction {
	oldNum := s.sent[base].num
	num := s.last().num
	if !s.current.Equal(s.last().state) {
		num++
	}
	if s.shutdown {
		num = shutdownNum
	}
	if num == s.last().num {
		s.last().at = now
	} else {
		s.push(now, num, s.current)
	}
	if !rtt.hit {
		s.unpaced++
	}
	s.hurried, s.complete = false, false
	s.assumed = len(s.sent) - 1
	s.nextAckTime = now + ackInterval
	s.nextSendTime = never
	return s.transmit(oldNum, num, diff)
}

// transmit fills in the acknowledgement fields of an instruction.
func (s *sender[L]) transmit(oldNum, newNum uint64, diff []byte) instruction {
	if newNum == shutdownNum {
		s.shutdownTries++
	}
	s.pendingDataAck = false
	s.lastAckSent = s.ackNum
	return instruction{oldNum: oldNum, newNum: newNum, ackNum: s.ackNum, throwawayNum: s.sent[0].num, diff: diff}
}

// setCurrent replaces the state to synchronize; ignored during shutdown,
// when the final state is frozen.
func (s *sender[L]) setCurrent(st L) {
	if !s.shutdown {
		s.current = st
	}
}

// startShutdown begins the shutdown exchange (§10.5); later calls do
// nothing.
func (s *sender[L]) startShutdown(now time.Duration) {
	if s.shutdown {
		return
	}
	s.shutdown = true
	s.shutdownStart = now
}
