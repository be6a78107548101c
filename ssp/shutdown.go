package ssp

import "time"

// StartShutdown begins the shutdown exchange at now (PROTOCOL.md §10.5):
// the current state is frozen and sent as the final state until the peer
// acknowledges it. Later calls do nothing. Either side may start it; the
// other answers. The final state is numbered U64MAX (wire.ShutdownNum).
//
//	initiator                                   responder
//	─────────                                   ─────────
//	StartShutdown(now)
//	  ShutdownInProgress() = true
//	  state frozen; every send has new=U64MAX,
//	  repeated every send_interval  ── new=U64MAX ──▶  newest remote state = U64MAX
//	                                                   (CounterpartyShutdown)
//	                                                   hurries one instruction
//	  ShutdownAcknowledged() = true ◀── ack=U64MAX ──  CounterpartyShutdownAckSent()
//	  → exit cleanly                                   → exit cleanly
//
//	  no ack after 16 tries or 10 s:
//	  ShutdownAckTimedOut(now) = true → exit uncleanly
func (t *Transport[L, R]) StartShutdown(now time.Time) {
	t.snd.startShutdown(t.since(now))
}

// ShutdownInProgress reports whether StartShutdown was called.
func (t *Transport[L, R]) ShutdownInProgress() bool { return t.snd.shutdown }

// ShutdownAcknowledged reports whether the peer acknowledged our final
// state: time to exit cleanly.
func (t *Transport[L, R]) ShutdownAcknowledged() bool {
	return t.snd.sent[0].num == shutdownNum
}

// CounterpartyShutdown reports whether the peer's newest state is its
// final one: it has started its shutdown.
func (t *Transport[L, R]) CounterpartyShutdown() bool {
	return t.rcv.newest().num == shutdownNum
}

// CounterpartyShutdownAckSent reports whether we have sent an
// instruction acknowledging the peer's final state: time to exit cleanly.
func (t *Transport[L, R]) CounterpartyShutdownAckSent() bool {
	return t.snd.lastAckSent == shutdownNum
}

// ShutdownAckTimedOut reports whether our shutdown has gone unacknowledged
// for 16 sends or 10 s: time to give up and exit uncleanly.
func (t *Transport[L, R]) ShutdownAckTimedOut(now time.Time) bool {
	if !t.snd.shutdown {
		return false
	}
	return t.snd.shutdownTries >= shutdownRetries || t.since(now)-t.snd.shutdownStart >= activeRetryTimeout
}
