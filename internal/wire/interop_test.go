package wire_test

import (
	"bytes"
	cryptorand "crypto/rand"
	"errors"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/wire"
)

// peer is one end of a mosh session built only on crypto and wire: it
// seals instructions into datagrams and opens the peer's datagrams back
// into instructions.
type peer struct {
	t        *testing.T
	conn     *net.UDPConn
	to       *net.UDPAddr // nil for a connected socket
	session  *crypto.Session
	dir      crypto.Direction // the direction of what we send
	seq      uint64
	frag     wire.Fragmenter
	reasm    wire.Reassembler
	start    time.Time
	maxData  int
	received int // datagrams accepted
}

// send seals and sends every fragment of in.
func (p *peer) send(in *wire.Instruction) {
	p.t.Helper()
	ts := wire.Timestamp16(time.Since(p.start).Milliseconds())
	for _, f := range p.frag.Fragments(in, p.maxData) {
		pkt := wire.AppendPacket(nil, ts, wire.NoTimestamp, f.Append(nil))
		dg := p.session.Seal(nil, p.dir, p.seq, pkt)
		p.seq++
		var err error
		if p.to != nil {
			_, err = p.conn.WriteToUDP(dg, p.to)
		} else {
			_, err = p.conn.Write(dg)
		}
		if err != nil {
			p.t.Fatalf("send: %v", err)
		}
	}
}

// receive waits until deadline for the next complete instruction from the
// peer. It returns nil at the deadline. It remembers the sender's address.
func (p *peer) receive(deadline time.Time) *wire.Instruction {
	p.t.Helper()
	buf := make([]byte, 2049)
	for {
		p.conn.SetReadDeadline(deadline) // best effort
		n, from, err := p.conn.ReadFromUDP(buf)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil
		}
		if err != nil {
			p.t.Fatalf("receive: %v", err)
		}
		dir, _, plain, err := p.session.Open(nil, buf[:n])
		if err != nil || dir == p.dir {
			p.t.Logf("dropped a datagram of %d bytes: %v, dir %v", n, err, dir)
			continue
		}
		p.received++
		if p.to == nil && from != nil && p.conn.RemoteAddr() == nil {
			p.to = from
		}
		_, _, payload, err := wire.ParsePacket(plain)
		if err != nil {
			p.t.Fatalf("ParsePacket: %v", err)
		}
		f, err := wire.ParseFragment(payload)
		if err != nil {
			p.t.Fatalf("ParseFragment: %v", err)
		}
		in, ok, err := p.reasm.Add(f)
		if err != nil {
			p.t.Fatalf("Reassembler.Add: %v", err)
		}
		if ok {
			return in
		}
	}
}

// TestInteropRealServer talks to the real mosh-server 1.4.0 as a client
// made of nothing but crypto and wire: resize, then a command whose output
// must come back in the host bytes, then a clean shutdown.
func TestInteropRealServer(t *testing.T) {
	paths := testenv.Need(t, "mosh-server")
	srv := moshtest.StartServer(t, paths[0], moshtest.ServerOptions{})
	key, pid := srv.Key, srv.PID
	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := &peer{t: t, conn: conn, session: crypto.NewSession(key), dir: crypto.ToServer, start: time.Now(), maxData: 1214}

	resize := wire.AppendUserMessage(nil, []wire.UserInstruction{{Kind: wire.UserResize, Width: 80, Height: 24}})
	keys := wire.AppendUserMessage(nil, []wire.UserInstruction{{Kind: wire.UserKeystroke, Keys: []byte("echo wire-ok\r")}})
	var (
		serverNewest uint64 // newest server state received, our ack
		serverAcked  uint64 // newest of our states the server acknowledged
		host         bytes.Buffer
		// The command's output starts a row (after CR LF, or a cursor move
		// to column 1); its echo never does, since the prompt comes first.
		output = regexp.MustCompile(`(?:\n|\x1b\[\d*(?:;1)?H)wire-ok`)
	)
	end := time.Now().Add(10 * time.Second)
	for !output.Match(host.Bytes()) {
		if time.Now().After(end) {
			t.Fatalf("no wire-ok in 10 s; host bytes so far: %q", host.String())
		}
		in := &wire.Instruction{ProtocolVersion: wire.ProtocolVersion, NewNum: 1, AckNum: serverNewest, Diff: resize}
		if serverAcked >= 1 {
			in = &wire.Instruction{ProtocolVersion: wire.ProtocolVersion, OldNum: 1, NewNum: 2, AckNum: serverNewest, ThrowawayNum: 1, Diff: keys}
		}
		c.send(in)
		wait := time.Now().Add(200 * time.Millisecond)
		for got := c.receive(wait); got != nil; got = c.receive(wait) {
			if got.ProtocolVersion != wire.ProtocolVersion {
				t.Fatalf("server sent protocol version %d", got.ProtocolVersion)
			}
			serverAcked = max(serverAcked, got.AckNum)
			if got.NewNum > serverNewest {
				serverNewest = got.NewNum
			}
			hm, err := wire.ParseHostMessage(got.Diff)
			if err != nil {
				t.Fatalf("HostMessage %x: %v", got.Diff, err)
			}
			for _, h := range hm {
				if h.Kind == wire.HostBytes {
					host.Write(h.HostString)
				}
			}
		}
	}
	t.Logf("server output after %d datagrams: %q", c.received, host.String())

	// Shutdown: our final state; the server acknowledges it and exits.
	acked := false
	for end := time.Now().Add(3 * time.Second); !acked && time.Now().Before(end); {
		c.send(&wire.Instruction{ProtocolVersion: wire.ProtocolVersion, OldNum: 2, NewNum: wire.ShutdownNum,
			AckNum: serverNewest, ThrowawayNum: 2})
		wait := time.Now().Add(200 * time.Millisecond)
		for got := c.receive(wait); got != nil; got = c.receive(wait) {
			acked = acked || got.AckNum == wire.ShutdownNum
		}
	}
	if !acked {
		t.Errorf("the server did not acknowledge the shutdown")
	}
	// It exits once it has sent its acknowledgement, but may take a few
	// seconds to get there on a loaded machine.
	if !moshtest.WaitGone(pid, 10*time.Second) {
		t.Errorf("mosh-server (pid %d) still running 10 s after the shutdown", pid)
	}
}

// TestInteropRealClient is the reverse: the real mosh-client, in a tmux
// pane, connects to a responder made of crypto and wire. Its first
// instruction must be the 80x24 resize; the host bytes the responder sends
// back must appear on the client's screen.
func TestInteropRealClient(t *testing.T) {
	paths := testenv.Need(t, "mosh-client", "tmux")
	key, err := crypto.GenerateKey(cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pane := moshtest.StartClient(t, paths[0], key, conn.LocalAddr().(*net.UDPAddr).AddrPort(), moshtest.ClientOptions{Width: 80, Height: 24})
	s := &peer{t: t, conn: conn, session: crypto.NewSession(key), dir: crypto.ToClient, start: time.Now(), maxData: 1214}

	first := s.receive(time.Now().Add(10 * time.Second))
	if first == nil {
		screen, _ := pane.Capture()
		t.Fatalf("nothing from mosh-client in 10 s; screen:\n%s", screen)
	}
	if first.ProtocolVersion != 2 || first.OldNum != 0 || first.NewNum != 1 || first.AckNum != 0 || first.ThrowawayNum != 0 {
		t.Errorf("first instruction %v, want v2 old=0 new=1 ack=0 throwaway=0", first)
	}
	if len(first.Chaff) > 16 {
		t.Errorf("chaff of %d bytes", len(first.Chaff))
	}
	um, err := wire.ParseUserMessage(first.Diff)
	if err != nil || len(um) != 1 || um[0].Kind != wire.UserResize || um[0].Width != 80 || um[0].Height != 24 {
		t.Fatalf("first diff %x = %+v, %v; want one resize 80x24", first.Diff, um, err)
	}

	// Answer with a screen of our own and wait for the client to draw it.
	const text = "wire-responder-ok"
	diff := wire.AppendHostMessage(nil, []wire.HostInstruction{{Kind: wire.HostBytes, HostString: []byte("\r\n" + text)}})
	reply := &wire.Instruction{ProtocolVersion: wire.ProtocolVersion, NewNum: 1, AckNum: 1, Diff: diff}
	var screen string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); {
		s.send(reply)
		for got := s.receive(time.Now().Add(200 * time.Millisecond)); got != nil; got = s.receive(time.Now().Add(50 * time.Millisecond)) {
			if got.NewNum > reply.AckNum && got.NewNum != wire.ShutdownNum {
				reply.AckNum = got.NewNum
			}
		}
		if screen, _ = pane.Capture(); strings.Contains(screen, text) {
			return
		}
	}
	t.Fatalf("mosh-client never showed %q; screen:\n%s", text, screen)
}
