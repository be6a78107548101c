package udp_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/wire"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
)

// hostText is a stand-in for the host screen state: the terminal output
// bytes in order, and the echo ack. As a receiver it applies HostMessages
// (resize is ignored); as a sender its diff is one HostMessage carrying
// the new output bytes.
type hostText struct {
	out     []byte
	echoAck uint64
}

func (h *hostText) DiffFrom(older *hostText) []byte {
	if h.Equal(older) {
		return nil
	}
	return wire.AppendHostMessage(nil, []wire.HostInstruction{{Kind: wire.HostBytes, HostString: h.out[len(older.out):]}})
}

func (h *hostText) Apply(diff []byte) error {
	ins, err := wire.ParseHostMessage(diff)
	if err != nil {
		return err
	}
	for _, in := range ins {
		switch in.Kind {
		case wire.HostBytes:
			h.out = append(h.out, in.HostString...)
		case wire.HostEchoAck:
			h.echoAck = in.EchoAckNum
		}
	}
	return nil
}

func (h *hostText) Equal(o *hostText) bool {
	return bytes.Equal(h.out, o.out) && h.echoAck == o.echoAck
}

func (h *hostText) Clone() *hostText { return &hostText{out: bytes.Clone(h.out), echoAck: h.echoAck} }

// runUntil drives one Transport over its Conn with the real clock until
// done holds or limit passes; onNew runs after each newer remote state.
func runUntil[L ssp.State[L], R ssp.State[R]](t *testing.T, tr *ssp.Transport[L, R], c *udp.Conn, limit time.Duration, done func() bool, onNew func(now time.Time)) bool {
	t.Helper()
	deadline := time.Now().Add(limit)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for !done() {
		now := time.Now()
		if now.After(deadline) {
			return false
		}
		pump(t, tr, c, now)
		next := tr.NextDeadline(now)
		wait := 50 * time.Millisecond
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(now), 0))
		}
		timer.Reset(wait)
		select {
		case p := <-c.Packets():
			if !timer.Stop() {
				<-timer.C
			}
			newer, err := tr.ReceiveECN(time.Now(), p.From, p.Data, p.Congested)
			if err != nil {
				t.Logf("receive: %v", err)
			}
			if newer && onNew != nil {
				onNew(time.Now())
			}
		case <-timer.C:
		}
	}
	return true
}

// TestInteropClientWithRealMoshServer: our client Transport over our UDP
// edge talks to the real mosh-server 1.4.0: it sees the shell's prompt,
// types a command and sees its output and an echo ack, then quits with a
// clean shutdown exchange.
func TestInteropClientWithRealMoshServer(t *testing.T) {
	paths := testenv.Need(t, "mosh-server")
	srv := moshtest.StartServer(t, paths[0], moshtest.ServerOptions{Env: []string{"MOSH_SERVER_NETWORK_TMOUT=60"}})
	addr, key := srv.Addr, srv.Key
	c, err := udp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tr, err := ssp.New(ssp.Config{Key: key, Side: ssp.Client, Remote: addr, Logf: t.Logf}, statesync.NewUserStream(), &hostText{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	push := func(f func(*statesync.UserStream)) {
		s := tr.CurrentState().Clone()
		f(s)
		tr.SetCurrentState(s)
	}
	push(func(s *statesync.UserStream) { s.PushResize(80, 24) })
	screen := func() string { return string(tr.RemoteState().out) }
	if !runUntil(t, tr, c, 10*time.Second, func() bool { return strings.Contains(screen(), "$ ") }, nil) {
		t.Fatalf("no prompt; got %q", screen())
	}
	push(func(s *statesync.UserStream) { s.PushBytes([]byte("echo in$((6*7))ter\r")) })
	if !runUntil(t, tr, c, 10*time.Second, func() bool { return strings.Contains(screen(), "in42ter") && tr.RemoteState().echoAck > 1 }, nil) {
		t.Fatalf("no command output or echo ack %d; got %q", tr.RemoteState().echoAck, screen())
	}
	tr.StartShutdown(time.Now())
	if !runUntil(t, tr, c, 10*time.Second, func() bool { return tr.ShutdownAcknowledged() }, nil) {
		t.Fatal("shutdown not acknowledged")
	}
	t.Logf("SRTT %v, acked %d, echo ack %d", tr.SRTT(), tr.AckedNum(), tr.RemoteState().echoAck)
}

// TestInteropServerWithRealMoshClient: the real mosh-client 1.4.0, in a
// tmux pane, talks to our server Transport over our UDP edge. The server
// echoes every keystroke as terminal output; what the user types must
// appear on mosh-client's screen, and its quit sequence must end with a
// clean shutdown exchange.
func TestInteropServerWithRealMoshClient(t *testing.T) {
	paths := testenv.Need(t, "mosh-client", "tmux")
	key, err := crypto.GenerateKey(cryptoReader())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := udp.Listen("127.0.0.1", 0, 0, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	tr, err := ssp.New(ssp.Config{Key: key, Side: ssp.Server, Local: sc.LocalAddr().Addr(), Logf: t.Logf},
		&hostText{}, statesync.NewUserStream(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pane := moshtest.StartClient(t, paths[0], key, sc.LocalAddr(), moshtest.ClientOptions{Width: 80, Height: 24})

	processed := statesync.NewUserStream()
	echo := func(now time.Time) {
		events := tr.RemoteState().Since(processed)
		processed = tr.RemoteState().Clone()
		var out []byte
		for _, e := range events {
			if e.Kind == statesync.UserByte {
				out = append(out, e.Byte)
				if e.Byte == '\r' {
					out = append(out, '\n')
				}
			}
		}
		if len(out) > 0 && !tr.ShutdownInProgress() {
			cur := tr.CurrentState()
			tr.SetCurrentState(&hostText{out: append(bytes.Clone(cur.out), out...), echoAck: cur.echoAck})
		}
	}
	serve := func(limit time.Duration, done func() bool) bool {
		return runUntil(t, tr, sc, limit, done, echo)
	}
	if !serve(10*time.Second, func() bool { return tr.RemoteStateNum() > 0 }) {
		t.Fatal("mosh-client never connected")
	}
	// The pane is looked at while the loop keeps running, at most every
	// 200 ms.
	var last time.Time
	var screen string
	onScreen := func(text string) func() bool {
		return func() bool {
			if time.Since(last) < 200*time.Millisecond {
				return false
			}
			last = time.Now()
			screen, _ = pane.Capture() // best effort: retried
			return strings.Contains(screen, text)
		}
	}
	if err := pane.SendLiteral("hello from mosh-client"); err != nil {
		t.Fatal(err)
	}
	if !serve(10*time.Second, onScreen("hello from mosh-client")) {
		t.Fatalf("echo not on mosh-client's screen; server has %q; screen:\n%s", tr.CurrentState().out, screen)
	}
	if err := pane.SendKeys("C-^", "."); err != nil { // mosh-client's quit sequence
		t.Fatal(err)
	}
	if !serve(10*time.Second, func() bool { return tr.CounterpartyShutdownAckSent() }) {
		t.Fatal("no shutdown from mosh-client")
	}
	t.Logf("server SRTT %v; client at %v", tr.SRTT(), tr.RemoteAddr())
}
