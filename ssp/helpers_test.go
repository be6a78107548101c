package ssp_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/ssptest"
)

// Client sends a keystroke-like Log and receives a screen-like Value; the
// server the reverse.
type (
	clientT = ssp.Transport[*ssptest.Log, *ssptest.Value]
	serverT = ssp.Transport[*ssptest.Value, *ssptest.Log]
)

var (
	testKey   = crypto.Key{0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50}
	testStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// pair is a client and server joined by a virtual network.
type pair struct {
	c   *clientT
	s   *serverT
	net *ssptest.Network
}

func seededReader(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range s {
		s[i] = byte(seed >> (8 * (i % 8)))
	}
	s[31] ^= 0x5a
	return rand.NewChaCha8(s)
}

// newPair builds a client and server; the server started serverLead
// earlier than the client, as a real server does.
func newPair(t testing.TB, seed uint64, logf func(string, ...any)) *pair {
	t.Helper()
	serverAddr := netip.MustParseAddrPort("198.51.100.1:60001")
	s, err := ssp.New(ssp.Config{Key: testKey, Side: ssp.Server, Local: serverAddr.Addr(), Rand: seededReader(seed + 1), Logf: logf},
		ssptest.NewValue(nil), ssptest.NewLog(nil), testStart.Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ssp.New(ssp.Config{Key: testKey, Side: ssp.Client, Remote: serverAddr, Rand: seededReader(seed), Logf: logf},
		ssptest.NewLog(nil), ssptest.NewValue(nil), testStart)
	if err != nil {
		t.Fatal(err)
	}
	n := ssptest.New(seed, c, s, testStart)
	n.ServerAddr = serverAddr
	return &pair{c: c, s: s, net: n}
}

// sent is one datagram seen on the virtual wire, decoded.
type sent struct {
	at       time.Duration // since testStart
	dir      ssptest.Direction
	from     netip.AddrPort
	socket   int
	seq      uint64
	ts, tsr  uint16
	len      int
	in       *wire.Instruction // nil for a non-final fragment
	datagram []byte
}

// record taps the network and decodes every datagram sent (single
// fragment instructions are decoded; others leave in nil).
func (p *pair) record(t testing.TB) *[]sent {
	t.Helper()
	var log []sent
	sess := crypto.NewSession(testKey)
	var reasm [2]wire.Reassembler
	p.net.Tap = func(dir ssptest.Direction, from netip.AddrPort, d ssp.Datagram) {
		_, seq, plain, err := sess.Open(nil, d.Data)
		if err != nil {
			t.Fatalf("tap: %v", err)
		}
		ts, tsr, payload, err := wire.ParsePacket(plain)
		if err != nil {
			t.Fatalf("tap: %v", err)
		}
		f, err := wire.ParseFragment(payload)
		if err != nil {
			t.Fatalf("tap: %v", err)
		}
		in, _, err := reasm[dir].Add(f)
		if err != nil {
			t.Fatalf("tap: %v", err)
		}
		log = append(log, sent{at: p.net.Now.Sub(testStart), dir: dir, from: from, socket: d.Socket, seq: seq, ts: ts, tsr: tsr,
			len: len(d.Data), in: in, datagram: d.Data})
	}
	return &log
}

// filter returns the datagrams sent in one direction.
func filter(log []sent, dir ssptest.Direction) []sent {
	var out []sent
	for _, s := range log {
		if s.dir == dir {
			out = append(out, s)
		}
	}
	return out
}
