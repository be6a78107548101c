package ssp_test

import (
	"testing"
	"time"

	"ssh-mosh/ssp/ssptest"
)

const u64max = 1<<64 - 1

// TestFirstExchange: the client sends state 1 at once; the server answers
// with an empty ack (old 0, new 1, ack 1) on receipt (§10.4.5).
func TestFirstExchange(t *testing.T) {
	p := newPair(t, 1, t.Logf)
	p.net.Links[0].Delay = 5 * time.Millisecond
	p.net.Links[1].Delay = 5 * time.Millisecond
	log := p.record(t)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(20*time.Millisecond, 1000)
	if len(*log) < 2 {
		t.Fatalf("%d datagrams", len(*log))
	}
	c, s := (*log)[0], (*log)[1]
	if c.dir != ssptest.ToServer || c.at != 0 || c.in.OldNum != 0 || c.in.NewNum != 1 || c.in.AckNum != 0 || c.in.ThrowawayNum != 0 || string(c.in.Diff) != "R" {
		t.Errorf("first client datagram at %v: %+v", c.at, c.in)
	}
	if c.seq != 0 || c.tsr != 0xFFFF || len(c.in.Chaff) > 16 {
		t.Errorf("first client datagram seq %d tsr %d chaff %d", c.seq, c.tsr, len(c.in.Chaff))
	}
	if s.dir != ssptest.ToClient || s.at != 5*time.Millisecond || s.in.OldNum != 0 || s.in.NewNum != 1 || s.in.AckNum != 1 || len(s.in.Diff) != 0 {
		t.Errorf("server answer at %v: %+v", s.at, s.in)
	}
	if s.tsr != c.ts {
		t.Errorf("server echoed %d, want %d (held 0 ms)", s.tsr, c.ts)
	}
	if got := p.s.RemoteAddr(); got != p.net.ClientAddr {
		t.Errorf("server attached to %v", got)
	}
}

// TestIdleHeartbeats: an idle session sends one empty instruction every
// 3 s each way: at most mosh's 21 per minute.
func TestIdleHeartbeats(t *testing.T) {
	p := newPair(t, 2, nil)
	p.net.Links[0].Delay = 30 * time.Millisecond
	p.net.Links[1].Delay = 30 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(10*time.Second, 10000)
	log := p.record(t)
	p.net.Advance(time.Minute, 10000)
	for _, dir := range []ssptest.Direction{ssptest.ToServer, ssptest.ToClient} {
		ds := filter(*log, dir)
		t.Logf("idle: %d datagrams per minute in direction %d", len(ds), dir)
		if len(ds) > 21 || len(ds) < 19 {
			t.Errorf("direction %d: %d datagrams in an idle minute, want 20±1", dir, len(ds))
		}
		for i := 1; i < len(ds); i++ {
			if gap := ds[i].at - ds[i-1].at; gap != 3*time.Second {
				t.Errorf("direction %d: heartbeat gap %v", dir, gap)
			}
			if len(ds[i].in.Diff) != 0 || ds[i].in.NewNum != ds[i-1].in.NewNum+1 {
				t.Errorf("heartbeat %+v after %+v", ds[i].in, ds[i-1].in)
			}
		}
	}
}

// TestSilentServer: with no answer, the client retransmits state 1 every
// 3 s and hops to a new socket right after the first send more than 10 s
// after start (§6.6, §10.4.5).
func TestSilentServer(t *testing.T) {
	p := newPair(t, 3, nil)
	p.net.Links[0].Loss = 1
	log := p.record(t)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(16*time.Second, 10000)
	want := []struct {
		at     time.Duration
		socket int
	}{{0, 0}, {3 * time.Second, 0}, {6 * time.Second, 0}, {9 * time.Second, 0}, {12 * time.Second, 0}, {15 * time.Second, 1}}
	if len(*log) != len(want) {
		t.Fatalf("%d datagrams, want %d", len(*log), len(want))
	}
	for i, w := range want {
		d := (*log)[i]
		if d.at != w.at || d.socket != w.socket || d.in.NewNum != 1 || d.in.OldNum != 0 {
			t.Errorf("datagram %d: at %v socket %d old %d new %d; want at %v socket %d, 0→1", i, d.at, d.socket, d.in.OldNum, d.in.NewNum, w.at, w.socket)
		}
	}
	if got := p.c.Sockets(); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("live sockets %v, want [0 1]", got)
	}
	// After 60 s without a hop only the newest socket survives a prune;
	// at most 10 are ever live.
	p.net.Advance(2*time.Minute, 10000)
	if got := p.c.Sockets(); len(got) > 10 {
		t.Errorf("%d live sockets", len(got))
	}
}

// TestClientQuit: the captured client-quit exchange of §10.5.
func TestClientQuit(t *testing.T) {
	p := newPair(t, 4, nil)
	p.net.Links[0].Delay = 10 * time.Millisecond
	p.net.Links[1].Delay = 10 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(5*time.Second, 10000)
	log := p.record(t)
	p.c.StartShutdown(p.net.Now)
	p.net.Kick()
	ok := p.net.Run(p.net.Now.Add(time.Second), 1000, func() bool {
		return p.c.ShutdownAcknowledged() && p.s.CounterpartyShutdownAckSent()
	})
	if !ok {
		t.Fatalf("shutdown not completed: %+v", *log)
	}
	first := (*log)[0]
	if first.dir != ssptest.ToServer || first.in.NewNum != u64max {
		t.Errorf("first shutdown datagram %+v", first.in)
	}
	var ack sent
	for _, d := range *log {
		if d.dir == ssptest.ToClient {
			ack = d
			break
		}
	}
	if ack.in == nil || ack.in.AckNum != u64max || ack.at-first.at != 10*time.Millisecond {
		t.Errorf("server's ack %+v at %v", ack.in, ack.at-first.at)
	}
	if !p.s.CounterpartyShutdown() || p.c.ShutdownAckTimedOut(p.net.Now) {
		t.Errorf("counterparty shutdown %v, timed out %v", p.s.CounterpartyShutdown(), p.c.ShutdownAckTimedOut(p.net.Now))
	}
}

// TestServerShutdownCarriesFinalScreen: the server's final state carries
// its last change and the client acks it (§10.5 "shell exit").
func TestServerShutdownCarriesFinalScreen(t *testing.T) {
	p := newPair(t, 5, nil)
	p.net.Links[0].Delay = 10 * time.Millisecond
	p.net.Links[1].Delay = 10 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	p.s.SetCurrentState(ssptest.NewValue([]byte("exit")))
	p.s.StartShutdown(p.net.Now)
	p.net.Kick()
	if !p.net.Run(p.net.Now.Add(time.Second), 1000, func() bool {
		return p.s.ShutdownAcknowledged() && p.c.CounterpartyShutdownAckSent()
	}) {
		t.Fatal("shutdown not completed")
	}
	if got := string(p.c.RemoteState().Bytes()); got != "exit" || p.c.RemoteStateNum() != u64max {
		t.Errorf("client holds %q numbered %d", got, p.c.RemoteStateNum())
	}
}

// TestShutdownNoServer: with no server, 16 shutdown datagrams go out
// send_interval (250 ms) apart, then the shutdown times out.
func TestShutdownNoServer(t *testing.T) {
	p := newPair(t, 6, nil)
	p.net.Links[0].Loss = 1
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(15*time.Second, 10000)
	log := p.record(t)
	p.c.StartShutdown(p.net.Now)
	p.net.Kick()
	start := p.net.Now
	p.net.Run(start.Add(20*time.Second), 10000, func() bool { return p.c.ShutdownAckTimedOut(p.net.Now) })
	if !p.c.ShutdownAckTimedOut(p.net.Now) {
		t.Fatal("shutdown did not time out")
	}
	if len(*log) != 16 {
		t.Fatalf("%d shutdown datagrams, want 16", len(*log))
	}
	for i, d := range *log {
		if d.in.NewNum != u64max {
			t.Errorf("datagram %d new_num %d", i, d.in.NewNum)
		}
		if i > 0 {
			if gap := d.at - (*log)[i-1].at; gap != 250*time.Millisecond {
				t.Errorf("gap %d = %v, want 250ms", i, gap)
			}
		}
	}
}

// TestAssociationTimeout: 40 s after the client goes silent the server
// forgets it and sends nothing more.
func TestAssociationTimeout(t *testing.T) {
	var logs []string
	p := newPair(t, 7, func(f string, a ...any) { logs = append(logs, f) })
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	p.net.Links[0].Loss = 1 // the client vanishes
	p.net.Advance(45*time.Second, 10000)
	if p.s.HasRemoteAddr() {
		t.Fatal("server still attached after 45 s of silence")
	}
	log := p.record(t)
	p.net.Advance(30*time.Second, 10000)
	if n := len(filter(*log, ssptest.ToClient)); n != 0 {
		t.Errorf("detached server sent %d datagrams", n)
	}
	if !p.s.NextDeadline(p.net.Now).IsZero() {
		t.Errorf("detached server has a deadline")
	}
	found := false
	for _, l := range logs {
		found = found || l == "Server now detached from client."
	}
	if !found {
		t.Errorf("no detach message in %q", logs)
	}
}

// TestDelayedAck: a side that receives a non-empty diff and has nothing to
// say acknowledges it with an empty instruction 100 ms later (§10.4.5,
// Appendix C at 0.366 s).
func TestDelayedAck(t *testing.T) {
	p := newPair(t, 20, nil)
	p.net.Links[0].Delay = 10 * time.Millisecond
	p.net.Links[1].Delay = 10 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	log := p.record(t)
	p.s.SetCurrentState(ssptest.NewValue([]byte("$ ")))
	p.net.Kick()
	p.net.Advance(500*time.Millisecond, 10000)
	frame := filter(*log, ssptest.ToClient)[0]
	acks := filter(*log, ssptest.ToServer)
	if len(acks) != 1 {
		t.Fatalf("%d client datagrams, want 1 ack", len(acks))
	}
	ack := acks[0]
	if got := ack.at - frame.at; got != 10*time.Millisecond+100*time.Millisecond {
		t.Errorf("ack %v after the frame was sent, want 10 ms flight + 100 ms delay", got)
	}
	if len(ack.in.Diff) != 0 || ack.in.AckNum != frame.in.NewNum {
		t.Errorf("ack %+v for frame %+v", ack.in, frame.in)
	}
}

// TestProspectiveResend: a small update sent while the previous one is
// unacknowledged is sent relative to the acknowledged state, so either
// datagram alone brings the peer up to date (§10.4.4 step 4).
func TestProspectiveResend(t *testing.T) {
	p := newPair(t, 21, nil)
	p.net.Links[0].Delay = 100 * time.Millisecond
	p.net.Links[1].Delay = 100 * time.Millisecond
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(5*time.Second, 10000)
	log := p.record(t)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("a")))
	p.net.Kick()
	p.net.Advance(120*time.Millisecond, 1000)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("b")))
	p.net.Kick()
	p.net.Advance(time.Second, 10000)
	ds := filter(*log, ssptest.ToServer)
	if len(ds) < 2 {
		t.Fatalf("%d datagrams", len(ds))
	}
	a, b := ds[0].in, ds[1].in
	if string(a.Diff) != "a" || string(b.Diff) != "ab" || b.OldNum != a.OldNum || b.NewNum != a.NewNum+1 {
		t.Errorf("first %d→%d %q, second %d→%d %q; want the second from the acked state with both keys",
			a.OldNum, a.NewNum, a.Diff, b.OldNum, b.NewNum, b.Diff)
	}
	if got := string(p.s.RemoteState().Bytes()); got != "Rab" {
		t.Errorf("server has %q", got)
	}
}

// TestHopPruning: once the server answers again, old sockets are closed
// 60 s after the last hop (§6.6).
func TestHopPruning(t *testing.T) {
	p := newPair(t, 22, nil)
	p.net.Links[0].Loss = 1
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(16*time.Second, 10000)
	if got := p.c.Sockets(); len(got) != 2 {
		t.Fatalf("sockets %v after 16 s of silence", got)
	}
	p.net.Links[0].Loss = 0
	p.net.Advance(50*time.Second, 10000)
	if got := p.c.Sockets(); len(got) != 2 {
		t.Errorf("sockets %v 51 s after the hop; the old one should live 60 s", got)
	}
	p.net.Advance(20*time.Second, 10000)
	if got := p.c.Sockets(); len(got) != 1 || got[0] != 1 {
		t.Errorf("sockets %v 71 s after the hop, want [1]", got)
	}
}

// TestChaff: every instruction carries 0–16 bytes of chaff, of varying
// length.
func TestChaff(t *testing.T) {
	p := newPair(t, 23, nil)
	log := p.record(t)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("R")))
	p.net.Kick()
	p.net.Advance(5*time.Minute, 100000)
	seen := map[int]bool{}
	for _, d := range *log {
		if n := len(d.in.Chaff); n > 16 {
			t.Fatalf("%d bytes of chaff", n)
		}
		seen[len(d.in.Chaff)] = true
	}
	if len(seen) < 12 {
		t.Errorf("only %d distinct chaff lengths in %d datagrams", len(seen), len(*log))
	}
	if p.c.Err() != nil || p.s.Err() != nil {
		t.Errorf("Err: %v, %v", p.c.Err(), p.s.Err())
	}
}
