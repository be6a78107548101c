package ssp_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"ssh-mosh/crypto"
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
