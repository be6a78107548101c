package interop

import (
	"net"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
)

// TestWireRules watches a session through the relay (typing, then idle)
// and checks the rules of INTEROP-TESTS.md §2–§3 that are visible on the
// wire in what our program sends: protocol version 2 and at most 16
// bytes of chaff (S4), throwaway ≤ old ≤ new (T8), never acknowledging a
// state not yet received (T1), timestamps never 0xFFFF and echoed
// within a second (T4), echo acks that never fall and cover every typed
// state (T3, our server), heartbeats at most 3 s apart while idle
// (T1; checked with a generous margin on this shared machine), and every
// received data state acknowledged (T2).
func TestWireRules(t *testing.T) {
	for _, sd := range []side{sideServer, sideClient} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			for _, w := range []string{"a", "b", "c"} {
				s.echo(w)
			}
			idleFrom := time.Now()
			time.Sleep(7 * time.Second)
			s.echo("after-idle")
			time.Sleep(time.Second) // the last echo ack follows the echo by 50 ms or more

			ours, theirs := s.relay.entries(other(sd.toward())), s.relay.entries(sd.toward())
			checkInstructions(t, ours, theirs)
			checkHeartbeats(t, ours, idleFrom.Add(500*time.Millisecond), idleFrom.Add(7*time.Second))
			checkAcks(t, ours, theirs)
			checkTimestamps(t, ours, theirs)
			if sd == sideServer {
				checkEchoAcks(t, ours, theirs)
			}
		})
	}
}

// checkInstructions checks the fields of each instruction we sent and
// that its ack never runs ahead of what the peer had sent.
func checkInstructions(t *testing.T, ours, theirs []logEntry) {
	t.Helper()
	if len(ours) == 0 || len(theirs) == 0 {
		t.Fatalf("relay logged %d/%d instructions", len(ours), len(theirs))
	}
	j, newest := 0, uint64(0)
	for i, e := range ours {
		for j < len(theirs) && !theirs[j].at.After(e.at) {
			newest = max(newest, theirs[j].in.NewNum)
			j++
		}
		in := e.in
		switch {
		case in.ProtocolVersion != wire.ProtocolVersion:
			t.Errorf("#%d: protocol version %d", i, in.ProtocolVersion)
		case len(in.Chaff) > 16:
			t.Errorf("#%d: %d bytes of chaff", i, len(in.Chaff))
		case in.ThrowawayNum > in.OldNum || in.OldNum > in.NewNum:
			t.Errorf("#%d: throwaway %d old %d new %d", i, in.ThrowawayNum, in.OldNum, in.NewNum)
		case in.AckNum > newest:
			t.Errorf("#%d: acknowledges %d, the peer's newest state was %d", i, in.AckNum, newest)
		}
	}
}

// checkHeartbeats checks that no gap between our instructions within
// [from, to] exceeds the 3 s heartbeat, and that idle heartbeats number
// new states one by one.
func checkHeartbeats(t *testing.T, ours []logEntry, from, to time.Time) {
	t.Helper()
	var last time.Time
	var lastNew uint64
	longest := time.Duration(0)
	for _, e := range ours {
		if e.at.Before(from) || e.at.After(to) {
			continue
		}
		if !last.IsZero() {
			longest = max(longest, e.at.Sub(last))
			if e.in.NewNum != lastNew && e.in.NewNum != lastNew+1 {
				t.Errorf("idle state %d follows %d", e.in.NewNum, lastNew)
			}
		}
		last, lastNew = e.at, e.in.NewNum
	}
	t.Logf("longest gap while idle: %v", longest.Round(time.Millisecond))
	if last.IsZero() || longest > 5*time.Second {
		t.Errorf("longest gap between our instructions while idle %v, want about 3 s", longest)
	}
}

// checkAcks checks that every state the peer sent was acknowledged by a
// later instruction of ours.
func checkAcks(t *testing.T, ours, theirs []logEntry) {
	t.Helper()
	maxAck := uint64(0)
	for _, e := range ours {
		maxAck = max(maxAck, e.in.AckNum)
	}
	newest := uint64(0)
	for _, e := range theirs {
		newest = max(newest, e.in.NewNum)
	}
	if maxAck < newest-1 || maxAck > newest {
		t.Errorf("our newest ack %d, the peer's newest state %d", maxAck, newest)
	}
}

// TestRoaming is F7 and F8 against our server: the relay moves to a new
// source port and the server follows; a datagram from a third port with
// an old sequence number does not move the server, a fresh one does.
func TestRoaming(t *testing.T) {
	t.Parallel()
	s := newSession(t, sideServer, nil, nil)
	s.echo("before")
	s.relay.roam(t)
	s.echo("after-roam") // F7: only works if the server replies to the new port

	third, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	_, plain, _, _ := s.relay.snapshot(crypto.ToServer)
	old := s.relay.sess.Seal(nil, crypto.ToServer, 0, plain) // SEQ 0: long seen
	server := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(s.srv.Addr.Port())}
	third.WriteToUDP(old, server)
	if n := receiveFor(third, 1500*time.Millisecond); n != 0 {
		t.Errorf("F8: the server sent %d datagrams to a port heard only with an old SEQ", n)
	}
	third.WriteToUDP(s.relay.seal(crypto.ToServer, plain), server)
	if n := receiveFor(third, 4*time.Second); n == 0 {
		t.Error("F8: the server did not follow a fresh SEQ from a new port")
	}
	s.echo("back") // the relay's next datagram, fresher still, moves it back
}

// receiveFor counts the datagrams arriving on c within d.
func receiveFor(c *net.UDPConn, d time.Duration) int {
	buf := make([]byte, 4096)
	n := 0
	deadline := time.Now().Add(d)
	c.SetReadDeadline(deadline)
	for n < 1000 {
		if _, _, err := c.ReadFromUDP(buf); err != nil {
			break
		}
		n++
	}
	return n
}

// checkTimestamps checks T4 on what we sent: our timestamp is never
// 0xFFFF, and each echoed timestamp is one of the peer's recent ones,
// held less than a second.
func checkTimestamps(t *testing.T, ours, theirs []logEntry) {
	t.Helper()
	j, bad := 0, 0
	for i, e := range ours {
		if e.ts == wire.NoTimestamp {
			t.Errorf("#%d: timestamp 0xFFFF", i)
		}
		for j < len(theirs) && !theirs[j].at.After(e.at) {
			j++
		}
		if e.reply == wire.NoTimestamp {
			continue
		}
		ok := false
		for k := j - 1; k >= 0 && k >= j-8; k-- {
			if hold := e.reply - theirs[k].ts; hold < 1000 {
				ok = true
				break
			}
		}
		if !ok {
			bad++
			if bad <= 3 {
				t.Errorf("#%d: echoed timestamp %d matches none of the peer's recent ones within 1 s", i, e.reply)
			}
		}
	}
}

// checkEchoAcks checks T3 on our server: echo acks never fall, and every
// client state carrying keystrokes is covered by a later echo ack.
func checkEchoAcks(t *testing.T, ours, theirs []logEntry) {
	t.Helper()
	highest := uint64(0)
	for i, e := range ours {
		ins, err := wire.ParseHostMessage(e.in.Diff)
		if err != nil {
			t.Errorf("#%d: bad host diff: %v", i, err)
			continue
		}
		for _, h := range ins {
			if h.Kind != wire.HostEchoAck {
				continue
			}
			if h.EchoAckNum < highest {
				t.Errorf("#%d: echo ack falls from %d to %d", i, highest, h.EchoAckNum)
			}
			highest = max(highest, h.EchoAckNum)
		}
	}
	typed := uint64(0)
	for _, e := range theirs {
		ins, _ := wire.ParseUserMessage(e.in.Diff)
		for _, u := range ins {
			if u.Kind == wire.UserKeystroke {
				typed = max(typed, e.in.NewNum)
			}
		}
	}
	if typed == 0 || highest < typed {
		t.Errorf("newest typed state %d, newest echo ack %d", typed, highest)
	}
}
