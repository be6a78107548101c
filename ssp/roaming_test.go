package ssp_test

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/ssptest"
)

// TestRoamingMidStream: the client moves to a new address while both
// sides stream changes over a lossy link; the server follows and both
// converge.
func TestRoamingMidStream(t *testing.T) {
	for seed := range uint64(50) {
		var logs []string
		p := newPair(t, seed, func(f string, a ...any) { logs = append(logs, f) })
		for d := range p.net.Links {
			p.net.Links[d] = ssptest.Link{Delay: 40 * time.Millisecond, Jitter: 20 * time.Millisecond, Loss: 0.2, Reorder: 0.1, Duplicate: 0.1}
		}
		var typed []byte
		for i := range 20 {
			if i == 10 {
				p.net.ClientAddr = netip.MustParseAddrPort("203.0.113.7:5555")
			}
			typed = append(typed, byte('a'+i))
			p.c.SetCurrentState(p.c.CurrentState().Append(typed[i:]))
			p.s.SetCurrentState(ssptest.NewValue(typed))
			p.net.Kick()
			p.net.Advance(70*time.Millisecond, 10000)
		}
		ok := p.net.Run(p.net.Now.Add(time.Minute), 100000, func() bool {
			return bytes.Equal(p.s.RemoteState().Bytes(), typed) && p.c.RemoteState().Equal(p.s.CurrentState()) &&
				p.s.RemoteAddr().Addr() == p.net.ClientAddr.Addr()
		})
		if !ok {
			t.Fatalf("seed %d: no convergence after roaming: server at %v has %q", seed, p.s.RemoteAddr(), p.s.RemoteState().Bytes())
		}
		if len(logs) < 2 {
			t.Errorf("seed %d: attach messages %q", seed, logs)
		}
	}
}

// TestReplayChangesNothing: an old authentic datagram replayed later from
// another address is processed for its content only: no state, address,
// RTT or last-heard change, and no answer of consequence.
func TestReplayChangesNothing(t *testing.T) {
	p := newPair(t, 9, nil)
	p.net.Links[0].Delay = 25 * time.Millisecond
	p.net.Links[1].Delay = 25 * time.Millisecond
	log := p.record(t)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("x")))
	p.net.Kick()
	p.net.Advance(5*time.Second, 10000)
	first := filter(*log, ssptest.ToServer)[0]

	addr, srtt, heard := p.s.RemoteAddr(), p.s.SRTT(), p.s.LastHeard()
	num, state := p.s.RemoteStateNum(), string(p.s.RemoteState().Bytes())
	attacker := netip.MustParseAddrPort("203.0.113.66:9999")
	newer, err := p.net.Inject(ssptest.ToServer, attacker, first.datagram)
	if err != nil || newer {
		t.Errorf("replay: newer %v err %v", newer, err)
	}
	if p.s.RemoteAddr() != addr || p.s.SRTT() != srtt || !p.s.LastHeard().Equal(heard) ||
		p.s.RemoteStateNum() != num || string(p.s.RemoteState().Bytes()) != state {
		t.Errorf("replay changed the server: addr %v→%v srtt %v→%v heard %v→%v num %d→%d",
			addr, p.s.RemoteAddr(), srtt, p.s.SRTT(), heard, p.s.LastHeard(), num, p.s.RemoteStateNum())
	}
	// A datagram from the server replayed to the server is refused by its
	// direction bit.
	back := filter(*log, ssptest.ToClient)[0]
	if _, err := p.net.Inject(ssptest.ToServer, attacker, back.datagram); !errors.Is(err, ssp.ErrDirection) {
		t.Errorf("reflected datagram: %v", err)
	}
}

// TestLowerSeqFromNewPortDoesNotRoam: §5's verified rule — a valid
// datagram with a lower SEQ from a new port is applied but does not move
// the server; the next higher one does.
func TestLowerSeqFromNewPortDoesNotRoam(t *testing.T) {
	p := newPair(t, 10, nil)
	p.net.Links[0].Delay = 10 * time.Millisecond
	p.net.Links[1].Delay = 10 * time.Millisecond
	p.net.Links[0].Loss = 1 // capture client datagrams without delivering them
	log := p.record(t)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(10*time.Millisecond, 100)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("a")))
	p.net.Kick()
	p.net.Advance(3*time.Second, 1000)
	ds := filter(*log, ssptest.ToServer)
	if len(ds) < 2 {
		t.Fatalf("%d client datagrams", len(ds))
	}
	hi, lo := ds[1], ds[0]
	home := netip.MustParseAddrPort("192.0.2.10:40000")
	moved := netip.MustParseAddrPort("192.0.2.10:40001")
	if _, err := p.net.Inject(ssptest.ToServer, home, hi.datagram); err != nil {
		t.Fatal(err)
	}
	if _, err := p.net.Inject(ssptest.ToServer, moved, lo.datagram); err != nil {
		t.Fatal(err)
	}
	if p.s.RemoteAddr() != home {
		t.Errorf("lower SEQ moved the server to %v", p.s.RemoteAddr())
	}
	if len(ds) > 2 {
		if _, err := p.net.Inject(ssptest.ToServer, moved, ds[2].datagram); err != nil {
			t.Fatal(err)
		}
		if p.s.RemoteAddr() != moved {
			t.Errorf("higher SEQ did not move the server: %v", p.s.RemoteAddr())
		}
	}
}

// TestFirstFrameFast: the server's first screen, produced right when the
// client's first state arrives, reaches the client within one RTT plus
// 10 ms of the client's first send. (mosh holds it ~250 ms.)
func TestFirstFrameFast(t *testing.T) {
	for _, oneWay := range []time.Duration{time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 150 * time.Millisecond} {
		p := newPair(t, 11, nil)
		p.net.Links[0].Delay = oneWay
		p.net.Links[1].Delay = oneWay
		p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
		p.net.Kick()
		if !p.net.Run(testStart.Add(time.Second), 1000, func() bool { return p.s.RemoteStateNum() > 0 }) {
			t.Fatal("server got nothing")
		}
		// The shell's prompt appears 1 ms after the first client state.
		p.net.Advance(time.Millisecond, 100)
		p.s.SetCurrentState(ssptest.NewValue([]byte("$ ")))
		p.net.Kick()
		p.net.Run(testStart.Add(2*time.Second), 1000, func() bool { return string(p.c.RemoteState().Bytes()) == "$ " })
		got := p.net.Now.Sub(testStart)
		t.Logf("one-way %v: first frame at %v", oneWay, got)
		if got > 2*oneWay+10*time.Millisecond {
			t.Errorf("one-way %v: first frame at %v, want ≤ RTT+10ms = %v", oneWay, got, 2*oneWay+10*time.Millisecond)
		}
	}
}

// TestFragmentSizes: the largest datagram follows the address family
// (§6.4), and EMSGSIZE lowers it to 500 for good.
func TestFragmentSizes(t *testing.T) {
	big := make([]byte, 6000)
	for i := range big {
		big[i] = byte(i*7919>>3) ^ byte(i>>5)
	}
	tests := []struct {
		remote string
		mtu    int
	}{{"198.51.100.1:60001", 1252}, {"[2001:db8::1]:60001", 1216}}
	for _, tt := range tests {
		c, err := ssp.New(ssp.Config{Key: testKey, Side: ssp.Client, Remote: netip.MustParseAddrPort(tt.remote), Rand: seededReader(1)},
			ssptest.NewLog(nil), ssptest.NewValue(nil), testStart)
		if err != nil {
			t.Fatal(err)
		}
		c.SetCurrentState(c.CurrentState().Append(big))
		ds := c.Tick(testStart)
		if len(ds) < 2 || len(ds[0].Data) != tt.mtu {
			t.Fatalf("%s: %d datagrams, first %d bytes; want %d", tt.remote, len(ds), len(ds[0].Data), tt.mtu)
		}
		c.SendFailed(testStart, errors.Join(errors.New("sendto: Message too long"), ssp.ErrMessageTooLong))
		if c.MTU() != 500 || c.SendError() != "sendto: Message too long\nssp: message too long" {
			t.Errorf("after EMSGSIZE: MTU %d, error %q", c.MTU(), c.SendError())
		}
		ds = c.Tick(testStart.Add(5 * time.Second))
		if len(ds) == 0 || len(ds[0].Data) != 500 {
			t.Fatalf("%s after EMSGSIZE: %d datagrams", tt.remote, len(ds))
		}
		if c.SendError() != "" {
			t.Errorf("send error not cleared by the next send: %q", c.SendError())
		}
	}
}

// TestProtocolVersionMismatch: an instruction with protocol_version ≠ 2 is
// dropped with ErrVersion.
func TestProtocolVersionMismatch(t *testing.T) {
	p := newPair(t, 12, nil)
	in := wire.Instruction{ProtocolVersion: 3, OldNum: 0, NewNum: 1, Diff: []byte("x")}
	frag := wire.Fragment{ID: 1, Final: true, Data: wire.Compress(nil, in.Append(nil))}
	plain := wire.AppendPacket(nil, 1, wire.NoTimestamp, frag.Append(nil))
	d := crypto.NewSession(testKey).Seal(nil, crypto.ToServer, 0, plain)
	if _, err := p.s.Receive(testStart, p.net.ClientAddr, d); !errors.Is(err, ssp.ErrVersion) {
		t.Errorf("err = %v", err)
	}
	if p.s.RemoteStateNum() != 0 {
		t.Errorf("state applied")
	}
}

// TestReceiveRejects: malformed datagrams are dropped with an error and
// change nothing.
func TestReceiveRejects(t *testing.T) {
	p := newPair(t, 13, nil)
	sess := crypto.NewSession(testKey)
	tests := map[string][]byte{
		"empty":        nil,
		"short":        make([]byte, 23),
		"oversize":     make([]byte, 2049),
		"bad tag":      make([]byte, 60),
		"short plain":  sess.Seal(nil, crypto.ToServer, 0, []byte{1, 2, 3}),
		"short frag":   sess.Seal(nil, crypto.ToServer, 1, []byte{1, 2, 3, 4, 5}),
		"bad zlib":     sess.Seal(nil, crypto.ToServer, 2, wire.AppendPacket(nil, 1, 2, wire.Fragment{ID: 1, Final: true, Data: []byte("nope")}.Append(nil))),
		"wrong dir":    sess.Seal(nil, crypto.ToClient, 3, wire.AppendPacket(nil, 1, 2, nil)),
		"bad protobuf": sess.Seal(nil, crypto.ToServer, 4, wire.AppendPacket(nil, 1, 2, wire.Fragment{ID: 2, Final: true, Data: wire.Compress(nil, []byte{0xff, 0xff})}.Append(nil))),
	}
	for name, d := range tests {
		if newer, err := p.s.Receive(testStart, p.net.ClientAddr, d); err == nil || newer {
			t.Errorf("%s: newer %v err %v", name, newer, err)
		}
	}
	if p.s.RemoteStateNum() != 0 {
		t.Errorf("state changed")
	}
}
