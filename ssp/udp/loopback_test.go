package udp_test

import (
	"bytes"
	cryptorand "crypto/rand"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/ssptest"
	"ssh-mosh/ssp/udp"
)

// relay is a tiny lossy UDP forwarder on loopback: datagrams from a client
// to its front socket go to the server from one upstream socket per
// client address (like a NAT), and the server's answers come back; each
// way, datagrams are dropped with a seeded probability.
type relay struct {
	front  *net.UDPConn
	server netip.AddrPort
	loss   float64

	mu       sync.Mutex
	rng      *rand.Rand
	upstream map[netip.AddrPort]*net.UDPConn
	wg       sync.WaitGroup
}

func newRelay(t *testing.T, server netip.AddrPort, loss float64, seed uint64) *relay {
	t.Helper()
	front, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{front: front, server: server, loss: loss, rng: rand.New(rand.NewPCG(seed, 1)), upstream: map[netip.AddrPort]*net.UDPConn{}}
	r.wg.Add(1)
	go r.frontLoop()
	return r
}

func (r *relay) addr() netip.AddrPort { return r.front.LocalAddr().(*net.UDPAddr).AddrPort() }

func (r *relay) drop() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rng.Float64() < r.loss
}

// frontLoop forwards client datagrams to the server until closed.
func (r *relay) frontLoop() {
	defer r.wg.Done()
	buf := make([]byte, 4096)
	for {
		n, from, err := r.front.ReadFromUDPAddrPort(buf)
		if err != nil {
			return
		}
		r.mu.Lock()
		up := r.upstream[from]
		if up == nil {
			up, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				r.mu.Unlock()
				continue
			}
			r.upstream[from] = up
			r.wg.Add(1)
			go r.backLoop(up, from)
		}
		r.mu.Unlock()
		if !r.drop() {
			up.WriteToUDPAddrPort(buf[:n], r.server) // best effort
		}
	}
}

// backLoop forwards the server's datagrams to one client until closed.
func (r *relay) backLoop(up *net.UDPConn, client netip.AddrPort) {
	defer r.wg.Done()
	buf := make([]byte, 4096)
	for {
		n, err := up.Read(buf)
		if err != nil {
			return
		}
		if !r.drop() {
			r.front.WriteToUDPAddrPort(buf[:n], client) // best effort
		}
	}
}

func (r *relay) close() {
	r.front.Close()
	r.mu.Lock()
	for _, up := range r.upstream {
		up.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// pump sends a Transport's due datagrams and keeps the sockets in step.
func pump[L ssp.State[L], R ssp.State[R]](t *testing.T, tr *ssp.Transport[L, R], c *udp.Conn, now time.Time) {
	ds := tr.Tick(now)
	if err := c.Sync(tr.Sockets()); err != nil {
		t.Errorf("sync: %v", err)
	}
	for _, d := range ds {
		if err := c.Send(d); err != nil {
			tr.SendFailed(now, err)
		}
	}
}

// TestLoopbackThroughLossyRelay synchronizes two Transports over real UDP
// on loopback through a relay that drops 25% each way.
func TestLoopbackThroughLossyRelay(t *testing.T) {
	key, err := crypto.GenerateKey(cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := udp.Listen("127.0.0.1", 0, 0, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	r := newRelay(t, sc.LocalAddr(), 0.25, 42)
	defer r.close()
	cc, err := udp.Dial(r.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()

	start := time.Now()
	server, err := ssp.New(ssp.Config{Key: key, Side: ssp.Server, Local: sc.LocalAddr().Addr(), Logf: t.Logf},
		ssptest.NewValue(nil), ssptest.NewLog(nil), start)
	if err != nil {
		t.Fatal(err)
	}
	client, err := ssp.New(ssp.Config{Key: key, Side: ssp.Client, Remote: r.addr(), Logf: t.Logf},
		ssptest.NewLog(nil), ssptest.NewValue(nil), start)
	if err != nil {
		t.Fatal(err)
	}

	const keys = 40
	var typed []byte
	typing := time.NewTicker(10 * time.Millisecond)
	defer typing.Stop()
	timer := time.NewTimer(0)
	defer timer.Stop()
	limit := start.Add(30 * time.Second)
	done := func() bool {
		return len(typed) == keys && bytes.Equal(server.RemoteState().Bytes(), typed) &&
			client.RemoteState().Equal(server.CurrentState())
	}
	for !done() {
		if time.Now().After(limit) {
			t.Fatalf("no convergence in 30 s: server has %q of %q, client %q of %q",
				server.RemoteState().Bytes(), typed, client.RemoteState().Bytes(), server.CurrentState().Bytes())
		}
		select {
		case p := <-cc.Packets():
			if _, err := client.ReceiveECN(time.Now(), p.From, p.Data, p.Congested); err != nil {
				t.Logf("client: %v", err)
			}
		case p := <-sc.Packets():
			newer, err := server.ReceiveECN(time.Now(), p.From, p.Data, p.Congested)
			if err != nil {
				t.Logf("server: %v", err)
			}
			if newer { // the "screen" echoes what was typed
				server.SetCurrentState(ssptest.NewValue(append([]byte("$ "), server.RemoteState().Bytes()...)))
			}
		case <-typing.C:
			if len(typed) < keys {
				k := []byte{byte('a' + len(typed)%26)}
				typed = append(typed, k...)
				client.SetCurrentState(client.CurrentState().Append(k))
			}
		case <-timer.C:
		}
		now := time.Now()
		pump(t, client, cc, now)
		pump(t, server, sc, now)
		next := now.Add(100 * time.Millisecond)
		for _, d := range []time.Time{client.NextDeadline(now), server.NextDeadline(now)} {
			if !d.IsZero() && d.Before(next) {
				next = d
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(max(next.Sub(now), 0))
	}
	t.Logf("converged after %v; client SRTT %v", time.Since(start), client.SRTT())
}

// cryptoReader is the system's random source, for session keys.
func cryptoReader() *cryptoRandReader { return &cryptoRandReader{} }

type cryptoRandReader struct{}

func (cryptoRandReader) Read(p []byte) (int, error) { return cryptorand.Read(p) }
