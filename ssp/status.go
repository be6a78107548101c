package ssp

import (
	"net/netip"
	"slices"
	"time"
)

// SetCurrentState sets the local state to synchronize to the peer. The
// Transport takes ownership of s: the caller must not modify it later
// (build the next state from a Clone). For a Subtracter type, s must
// extend CurrentState(), which has the acknowledged prefix removed
// (§10.4.3). Ignored once a shutdown started: the final state is frozen.
func (t *Transport[L, R]) SetCurrentState(s L) { t.snd.setCurrent(s) }

// Pending reports whether the current state differs from the last state
// sent: a new state is waiting for its turn on the wire. An application
// that produces states faster than they are sent (the server under a flood
// of output) can hold further snapshots while one is pending.
func (t *Transport[L, R]) Pending() bool { return !t.snd.current.Equal(t.snd.last().state) }

// CurrentState returns the local state being synchronized. It is shared
// with the Transport: do not modify it.
func (t *Transport[L, R]) CurrentState() L { return t.snd.current }

// RemoteState returns the newest state received from the peer. It is
// shared with the Transport: do not modify it.
func (t *Transport[L, R]) RemoteState() R { return t.rcv.newest().state }

// RemoteStateNum returns the number of the newest remote state (0 until
// the first arrives; U64MAX for the peer's final state).
func (t *Transport[L, R]) RemoteStateNum() uint64 { return t.rcv.newest().num }

// RemoteStateTime returns when the newest remote state arrived (the
// Transport's start for state 0): for the server's echo ack and idle
// timeouts (§12.2, §14.1) and the client's "last contact" (§16.5).
func (t *Transport[L, R]) RemoteStateTime() time.Time { return t.at(t.rcv.newest().at) }

// AckedNum returns the number of the newest local state the peer has
// acknowledged.
func (t *Transport[L, R]) AckedNum() uint64 { return t.snd.sent[0].num }

// AckedSentTime returns when the newest acknowledged local state was sent
// (the Transport's start for state 0). It is mosh's
// last_roundtrip_success and the prediction engine's and notification
// bar's "server acked" time (§6.6, §16.5).
func (t *Transport[L, R]) AckedSentTime() time.Time { return t.at(t.snd.sent[0].at) }

// LastSentNum returns the number of the newest local state sent.
func (t *Transport[L, R]) LastSentNum() uint64 { return t.snd.last().num }

// SRTT returns the smoothed round-trip time (1 s before any sample).
func (t *Transport[L, R]) SRTT() time.Duration { return t.conn.rtt.srttDuration() }

// HasRTTSample reports whether any round trip has been measured yet.
func (t *Transport[L, R]) HasRTTSample() bool { return t.conn.rtt.hit }

// RTO returns mosh's timeout(): ⌈SRTT + 4·RTTVAR⌉ within 50–1000 ms.
func (t *Transport[L, R]) RTO() time.Duration { return t.conn.rtt.rto() }

// SendInterval returns mosh's send_interval(): ⌈SRTT/2⌉ within 20–250 ms,
// which the prediction engine reads (PREDICTION.md).
func (t *Transport[L, R]) SendInterval() time.Duration { return t.conn.rtt.sendInterval() }

// RemoteAddr returns the peer's address: fixed on the client, the latest
// learned one on the server.
func (t *Transport[L, R]) RemoteAddr() netip.AddrPort { return t.conn.remote }

// HasRemoteAddr reports whether the Transport has a peer to send to: always
// on the client; on the server once an authentic datagram arrived and until
// 40 s of silence (§6.5).
func (t *Transport[L, R]) HasRemoteAddr() bool { return t.conn.hasRemote }

// LastHeard returns when the last authentic in-order datagram arrived, or
// the zero time if none did.
func (t *Transport[L, R]) LastHeard() time.Time { return t.at(t.conn.lastHeard) }

// MTU returns the largest datagram the Transport sends now (§6.4).
func (t *Transport[L, R]) MTU() int { return t.conn.mtu }

// SendFailed tells the Transport that sending one of its datagrams failed
// at now. The error's text is kept for SendError, so the edge should word
// it as mosh does ("sendto: Network is unreachable"; package ssp/udp
// does). An error that matches ErrMessageTooLong (errors.Is; EMSGSIZE)
// lowers the MTU to 500 for good.
func (t *Transport[L, R]) SendFailed(now time.Time, err error) {
	if err != nil {
		t.conn.sendFailed(err)
	}
}

// SendError returns the text of the last send failure, or "" if the last
// Tick that produced datagrams was not followed by a SendFailed.
func (t *Transport[L, R]) SendError() string { return t.conn.sendError }

// Sockets returns the live local socket generations, oldest first. The
// server always has just 0. A client opens a new socket for each new
// generation (port hopping, §6.6), receives on all of them, sends from the
// newest (Datagram.Socket), and closes those no longer listed.
func (t *Transport[L, R]) Sockets() []int { return slices.Clone(t.conn.sockets) }
