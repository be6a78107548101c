package ssp

import (
	"errors"
	"io"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
)

// keyWearLimit is the number of 16-byte blocks one key may seal before the
// session must end (PROTOCOL.md §2).
const keyWearLimit = 1 << 47

// ErrKeyWorn is returned by Err once the session key has sealed 2^47
// blocks: the session must end (PROTOCOL.md §2; never reached in
// practice).
var ErrKeyWorn = errors.New("ssp: session key has encrypted too much data")

// Tick returns the datagrams due at now (possibly none), in order. The
// caller first opens and closes sockets to match Sockets (a datagram may
// name a generation that did not exist before this Tick), then sends each
// datagram from the socket generation it names and reports failures with
// SendFailed. Call it whenever NextDeadline passes and after anything
// changed (Receive, SetCurrentState, StartShutdown).
func (t *Transport[L, R]) Tick(now time.Time) []Datagram {
	d := t.since(now)
	if t.Err() != nil {
		return nil
	}
	if !t.conn.hasRemote {
		t.snd.calculateTimers(d, t.conn.rtt)
		return nil
	}
	ins, ok := t.snd.tick(d, t.conn.rtt)
	if !ok {
		return nil
	}
	return t.transmit(d, ins)
}

// NextDeadline returns when Tick next has something to do, or the zero
// time when nothing is scheduled (a server with no client). A deadline at
// or before now means "tick now". Like mosh's wait_time it recomputes the
// sender's timers, so call it after every change.
func (t *Transport[L, R]) NextDeadline(now time.Time) time.Time {
	t.snd.calculateTimers(t.since(now), t.conn.rtt)
	if !t.conn.hasRemote {
		return time.Time{}
	}
	next := t.snd.nextDeadline()
	if next == never {
		return time.Time{}
	}
	return t.epoch.Add(next)
}

// transmit encodes one instruction into datagrams (§7.2, §2) and runs the
// connection's after-send checks for each.
func (t *Transport[L, R]) transmit(now time.Duration, ins instruction) []Datagram {
	in := wire.Instruction{
		ProtocolVersion: wire.ProtocolVersion,
		OldNum:          ins.oldNum,
		NewNum:          ins.newNum,
		AckNum:          ins.ackNum,
		ThrowawayNum:    ins.throwawayNum,
		Diff:            ins.diff,
		Chaff:           t.chaff(),
	}
	frags := t.frag.Fragments(&in, t.conn.mtu-wire.Overhead)
	out := make([]Datagram, 0, len(frags))
	t.conn.sendError = ""
	for _, f := range frags {
		plain := wire.AppendPacket(t.plain[:0], timestamp16(now), t.conn.echo.reply(now), nil)
		plain = f.Append(plain)
		t.plain = plain
		seq := t.conn.nextSeq
		t.conn.nextSeq++
		data := t.session.Seal(make([]byte, 0, len(plain)+crypto.Overhead), t.sendDir, seq, plain)
		out = append(out, Datagram{To: t.conn.remote, Data: data, Socket: t.conn.currentSocket()})
		if t.conn.afterSend(now) {
			t.logf("Server now detached from client.")
		}
	}
	return out
}

// chaff returns 0–16 random bytes (length = random byte mod 17, §10.2);
// none if the random source fails.
func (t *Transport[L, R]) chaff() []byte {
	b := t.chaffBuf[:]
	if _, err := io.ReadFull(t.rand, b[:1]); err != nil {
		return nil // best effort
	}
	n := int(b[0] % 17)
	if _, err := io.ReadFull(t.rand, b[:n]); err != nil {
		return nil // best effort
	}
	return append([]byte(nil), b[:n]...)
}

// Err returns ErrKeyWorn once the session key must not seal any more
// datagrams; the session must then end. Otherwise nil.
func (t *Transport[L, R]) Err() error {
	if t.session.BlocksSealed() >= keyWearLimit {
		return ErrKeyWorn
	}
	return nil
}
