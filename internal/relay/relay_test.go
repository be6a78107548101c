package relay

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// echoServer answers every datagram with "echo:" + datagram, and reports
// the source address of each datagram it saw.
func echoServer(t *testing.T) (*net.UDPConn, <-chan *net.UDPAddr) {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan *net.UDPAddr, 1000)
	go func() {
		buf := make([]byte, 2048)
		for {
			n, from, err := c.ReadFromUDP(buf)
			if err != nil {
				return
			}
			select {
			case seen <- from:
			default:
			}
			c.WriteToUDP(append([]byte("echo:"), buf[:n]...), from) // best effort
		}
	}()
	t.Cleanup(func() { c.Close() })
	return c, seen
}

func newClient(t *testing.T, r *Relay) *net.UDPConn {
	t.Helper()
	c, err := net.DialUDP("udp", nil, r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// roundTrip sends msg and waits (bounded) for its echo; false on timeout.
func roundTrip(t *testing.T, c *net.UDPConn, msg string, timeout time.Duration) bool {
	t.Helper()
	if _, err := c.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2048)
	c.SetReadDeadline(time.Now().Add(timeout))
	for {
		n, err := c.Read(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		if string(buf[:n]) == "echo:"+msg {
			return true
		}
	}
}

func TestRelayForwardsAndCounts(t *testing.T) {
	srv, _ := echoServer(t)
	r, err := New(Config{Server: srv.LocalAddr().String(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := newClient(t, r)
	for i := range 10 {
		if !roundTrip(t, c, fmt.Sprintf("m%d", i), 2*time.Second) {
			t.Fatalf("datagram %d not echoed", i)
		}
	}
	st := r.Stats()
	if st.Up.Packets != 10 || st.Up.Bytes != 20 || st.Up.Delivered != 10 {
		t.Errorf("up counters = %+v, want 10 packets, 20 bytes, 10 delivered", st.Up)
	}
	if st.Down.Packets != 10 || st.Down.Bytes != 70 {
		t.Errorf("down counters = %+v, want 10 packets, 70 bytes", st.Down)
	}
}

func TestRelayDelayLossCut(t *testing.T) {
	srv, _ := echoServer(t)
	r, err := New(Config{Server: srv.LocalAddr().String(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := newClient(t, r)

	r.SetImpairment(Up, Impairment{Delay: 30 * time.Millisecond})
	if !roundTrip(t, c, "delayed", 2*time.Second) {
		t.Fatal("delayed datagram not echoed")
	}
	r.SetImpairment(Up, Impairment{})

	r.Cut()
	if roundTrip(t, c, "cut", 200*time.Millisecond) {
		t.Fatal("datagram crossed a cut relay")
	}
	r.Restore()
	if !roundTrip(t, c, "restored", 2*time.Second) {
		t.Fatal("datagram not echoed after Restore")
	}

	r.SetImpairment(Down, Impairment{Loss: 1})
	if roundTrip(t, c, "lost", 200*time.Millisecond) {
		t.Fatal("datagram crossed 100% loss")
	}
	if st := r.Stats(); st.Down.Dropped != 1 || st.Up.Dropped != 1 {
		t.Errorf("dropped up/down = %d/%d, want 1/1", st.Up.Dropped, st.Down.Dropped)
	}
}

func TestRelayRoam(t *testing.T) {
	srv, seen := echoServer(t)
	r, err := New(Config{Server: srv.LocalAddr().String(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := newClient(t, r)
	if !roundTrip(t, c, "before", 2*time.Second) {
		t.Fatal("no echo before roaming")
	}
	first := (<-seen).Port
	replied, err := r.Roam()
	if err != nil {
		t.Fatal(err)
	}
	if !roundTrip(t, c, "after", 2*time.Second) {
		t.Fatal("no echo after roaming")
	}
	if second := (<-seen).Port; second == first || second != r.Stats().UpstreamPort {
		t.Errorf("server saw port %d after roam (before %d, relay upstream %d)", second, first, r.Stats().UpstreamPort)
	}
	select {
	case <-replied:
	case <-time.After(2 * time.Second):
		t.Error("Roam's channel got no reply time")
	}
	if r.Stats().Roams != 1 {
		t.Errorf("Roams = %d, want 1", r.Stats().Roams)
	}
}

func TestRelayRefusesNonLoopback(t *testing.T) {
	tests := []struct{ listen, server, want string }{
		{"", "192.0.2.1:60001", "server address 192.0.2.1:60001 is not loopback"},
		{"0.0.0.0:0", "127.0.0.1:60001", "listen address 0.0.0.0:0 is not loopback"},
		{":0", "127.0.0.1:60001", "is not loopback"},
		{"", "127.0.0.1:0", "needs a port"},
		{"", "[2001:db8::1]:5", "not loopback"},
	}
	for _, tt := range tests {
		r, err := New(Config{Listen: tt.listen, Server: tt.server})
		if err == nil {
			r.Close()
			t.Errorf("New(%q, %q) succeeded", tt.listen, tt.server)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "relay: ") {
			t.Errorf("New(%q, %q) = %v, want it to mention %q", tt.listen, tt.server, err, tt.want)
		}
	}
}

func TestRelayCloseEndsGoroutines(t *testing.T) {
	srv, _ := echoServer(t)
	r, err := New(Config{Server: srv.LocalAddr().String(), Down: Impairment{Delay: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, r)
	roundTrip(t, c, "queued", 50*time.Millisecond) // held for an hour
	done := make(chan struct{})
	go func() { r.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if _, err := r.Roam(); err == nil {
		t.Error("Roam after Close succeeded")
	}
}

func TestRelayPause(t *testing.T) {
	srv, _ := echoServer(t)
	r, err := New(Config{Server: srv.LocalAddr().String(), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := newClient(t, r)
	tests := []struct {
		name  string
		pause func()
		want  bool
	}{
		{"pause both", func() { r.Pause(time.Hour) }, false},
		{"blackhole down", func() { r.PauseDirection(Down, time.Hour) }, false},
		{"blackhole up", func() { r.PauseDirection(Up, time.Hour) }, false},
		{"pause over", func() { r.Pause(time.Nanosecond) }, true},
	}
	for _, tt := range tests {
		tt.pause()
		if tt.name == "pause over" {
			time.Sleep(time.Millisecond)
		}
		timeout := 200 * time.Millisecond
		if tt.want {
			timeout = 2 * time.Second
		}
		if got := roundTrip(t, c, tt.name, timeout); got != tt.want {
			t.Errorf("%s: echoed = %v, want %v", tt.name, got, tt.want)
		}
		r.Restore()
	}
}

func BenchmarkRelayRoundTrip(b *testing.B) {
	srv, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	go func() {
		buf := make([]byte, 2048)
		for {
			n, from, err := srv.ReadFromUDP(buf)
			if err != nil {
				return
			}
			srv.WriteToUDP(buf[:n], from) // best effort
		}
	}()
	r, err := New(Config{Server: srv.LocalAddr().String()})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	c, err := net.DialUDP("udp", nil, r.Addr())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	msg := make([]byte, 1200)
	buf := make([]byte, 2048)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(buf); err != nil {
			b.Fatal(err)
		}
	}
}
