package ssp

import (
	"fmt"
	"net/netip"
	"time"

	"ssh-mosh/internal/wire"
)

// Receive processes one datagram read from any local socket at now. It
// reports whether it made a newer remote state the newest (see
// RemoteState). A non-nil error explains a datagram or instruction that
// was dropped; none is fatal, and Receive never panics on any input.
func (t *Transport[L, R]) Receive(now time.Time, from netip.AddrPort, datagram []byte) (newState bool, err error) {
	return t.ReceiveECN(now, from, datagram, false)
}

// ReceiveECN is Receive for a datagram whose IP header carried the
// congestion-experienced ECN mark when congested is true: the timestamp
// it echoes back is made 500 ms older so the peer slows down (§4.2).
func (t *Transport[L, R]) ReceiveECN(now time.Time, from netip.AddrPort, datagram []byte, congested bool) (newState bool, err error) {
	if len(datagram) > MaxDatagram {
		return false, ErrOversize
	}
	d := t.since(now)
	dir, seq, plain, err := t.session.Open(nil, datagram)
	if err != nil {
		return false, fmt.Errorf("ssp: %w", err)
	}
	if dir == t.sendDir {
		return false, ErrDirection
	}
	ts, reply, payload, err := wire.ParsePacket(plain)
	if err != nil {
		return false, fmt.Errorf("ssp: illegal counterparty input: %w", err)
	}
	inOrder, roamed := t.conn.accept(d, from, seq, ts, reply, congested)
	if roamed {
		t.logf("Server now attached to client at %s:%d", from.Addr().String(), from.Port())
	}
	if inOrder && t.conn.client {
		t.conn.prune(d)
	}
	if congested && inOrder && !t.conn.client {
		t.logf("Received explicit congestion notification.")
	}
	frag, err := wire.ParseFragment(payload)
	if err != nil {
		return false, fmt.Errorf("ssp: %w", err)
	}
	in, ok, err := t.reasm.Add(frag)
	if err != nil {
		return false, fmt.Errorf("ssp: %w", err)
	}
	if !ok {
		return false, nil
	}
	return t.receiveInstruction(d, in)
}

// receiveInstruction is §10.3 for one complete instruction.
func (t *Transport[L, R]) receiveInstruction(now time.Duration, in *wire.Instruction) (bool, error) {
	if in.ProtocolVersion != wire.ProtocolVersion {
		return false, ErrVersion
	}
	t.snd.processAck(in.AckNum)
	t.conn.lastRoundtripSuccess = t.snd.sent[0].at
	before := t.rcv.newest().num
	res, err := t.rcv.add(now, in.OldNum, in.NewNum, in.ThrowawayNum, in.Diff)
	if err != nil || res != appended {
		return false, err
	}
	t.snd.ackNum = in.NewNum
	t.snd.lastHeard = now
	if len(in.Diff) > 0 {
		t.snd.pendingDataAck = true
	}
	return t.rcv.newest().num != before, nil
}
