package interop

import (
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/wire"
)

// forged is an authentic instruction carrying a new state that the real
// peer never sent. A state the receiver accepts takes a number the peer
// will want later, so the session cannot go on after an accepted one
// (our client rightly accepts the query state); our server refuses both
// of its rows, so its session must go on.
type forged struct {
	id   string
	side side
	ins  func(last wire.Instruction) []wire.Instruction
}

var forgedStates = []forged{
	{"N16-non-extending-user-stream", sideServer, func(last wire.Instruction) []wire.Instruction {
		return []wire.Instruction{{OldNum: 0, NewNum: 1 << 40, AckNum: last.AckNum, ThrowawayNum: 0}}
	}},
	{"N17-bad-resize", sideServer, func(last wire.Instruction) []wire.Instruction {
		var out []wire.Instruction
		old := last.NewNum
		for i, wh := range [][2]int32{{0, 24}, {80, -1}, {100000, 24}, {80, 100000}} {
			n := uint64(1<<40 + i)
			out = append(out, wire.Instruction{OldNum: old, NewNum: n, AckNum: last.AckNum, ThrowawayNum: last.ThrowawayNum,
				Diff: wire.AppendUserMessage(nil, []wire.UserInstruction{{Kind: wire.UserResize, Width: wh[0], Height: wh[1]}})})
			old = n
		}
		return out
	}},
	{"N18-N19-queries-and-falling-echo-ack", sideClient, func(last wire.Instruction) []wire.Instruction {
		q := wire.AppendHostMessage(nil, []wire.HostInstruction{
			{Kind: wire.HostBytes, HostString: []byte("\x1b[c\x1b[6n\x1b[>c\x1b]10;?\x07")},
			{Kind: wire.HostEchoAck, EchoAckNum: 1 << 20}})
		down := wire.AppendHostMessage(nil, []wire.HostInstruction{{Kind: wire.HostEchoAck, EchoAckNum: 1}})
		return []wire.Instruction{
			{OldNum: last.NewNum, NewNum: 1 << 40, AckNum: last.AckNum, ThrowawayNum: last.ThrowawayNum, Diff: q},
			{OldNum: 1 << 40, NewNum: 1<<40 + 1, AckNum: last.AckNum, ThrowawayNum: last.ThrowawayNum, Diff: down},
		}
	}},
}

// TestForgedStates injects the (new only) rows of §5 that forge whole
// states: to our server a user stream that does not extend the current
// one and resizes to absurd sizes; to our client terminal queries in the
// host bytes and a falling echo ack. Our program must keep running; our
// server must acknowledge neither state and keep its session exact; our
// client must send no keystrokes (no answers to the queries) in the
// seconds after.
func TestForgedStates(t *testing.T) {
	for _, f := range forgedStates {
		t.Run(f.side.String()+"/"+f.id, func(t *testing.T) {
			t.Parallel()
			s := newSession(t, f.side, nil, nil)
			s.echo("before")
			dir := f.side.toward()
			_, _, last, ok := s.relay.snapshot(dir)
			if !ok {
				t.Fatal("no instruction seen yet")
			}
			mark := len(s.relay.entries(other(dir)))
			for i, in := range f.ins(last) {
				in.ProtocolVersion = wire.ProtocolVersion
				s.relay.send(dir, s.relay.seal(dir, s.relay.instructionPacket(dir, 1<<61+uint64(i), &in)))
			}
			time.Sleep(2 * time.Second)
			if !moshtest.Alive(s.ourPID()) {
				t.Fatalf("our program (pid %d) died", s.ourPID())
			}
			after := s.relay.entries(other(dir))[mark:]
			acked := uint64(0)
			for _, e := range after {
				acked = max(acked, e.in.AckNum)
			}
			t.Logf("our program's newest ack after the forgery: %d (forged states from %d)", acked, uint64(1<<40))
			if f.side == sideClient {
				for _, e := range after {
					ins, err := wire.ParseUserMessage(e.in.Diff)
					if err != nil {
						t.Errorf("client sent a bad diff: %v", err)
					}
					for _, u := range ins {
						if u.Kind == wire.UserKeystroke {
							t.Errorf("client sent keystrokes %q after the forged queries", u.Keys)
						}
					}
				}
				return
			}
			// Our server refuses these states, so its session goes on.
			if acked >= 1<<40 {
				t.Errorf("our server acknowledged forged state %d", acked)
			}
			s.echo("after")
			s.finalScreen()
		})
	}
}
