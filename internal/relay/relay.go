// Package relay is a UDP impairment relay for tests and benchmarks on
// loopback: a client sends to the relay's listen address, the relay forwards
// each datagram to the server from a socket of its own (the upstream
// socket), and forwards the server's datagrams back to the client's last
// source address.
//
//	client ──► Listen addr ─[Up: delay, loss, …]─► upstream socket ──► server
//	client ◄── Listen addr ◄─[Down: delay, loss, …]─ upstream socket ◄── server
//
// Each direction has its own Impairment (delay, jitter, loss, duplication,
// reordering, rate cap) and counters, and the whole relay can be paused, cut
// and restored. Roam replaces the upstream socket by one on a new port,
// which is what a roaming client looks like to the server.
//
// The relay treats datagrams as opaque bytes: it never needs the session key
// and does not decode mosh packets (PROTOCOL.md §3). Its decisions come from
// a seeded Shaper and are deterministic in sequence; the real-time schedule
// of delivery is not. It refuses any address that is not loopback.
package relay

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Config describes a relay.
type Config struct {
	// Listen is the address the client sends to; "127.0.0.1:0" when
	// empty. It must be a loopback address.
	Listen string
	// Server is the server's address; it must be a loopback address.
	Server string
	// Up and Down are the initial impairments (Up is client → server).
	Up, Down Impairment
	// Seed makes the impairment decisions reproducible; the two
	// directions derive their own seeds from it.
	Seed uint64
	// Logf, when set, receives a line per notable event (roam, send
	// error). Nil discards.
	Logf func(format string, args ...any)
}

// Stats is a snapshot of the relay's counters.
type Stats struct {
	// Up is client → server, Down is server → client.
	Up, Down Counters
	// Roams is how many times Roam switched the upstream socket.
	Roams int
	// UpstreamPort is the current upstream socket's local port.
	UpstreamPort int
}

// Relay is a running relay. Its methods are safe for concurrent use.
type Relay struct {
	server *net.UDPAddr
	listen *net.UDPConn
	logf   func(string, ...any)
	dirs   [2]*direction
	done   chan struct{}
	wg     sync.WaitGroup

	mu     sync.Mutex // guards the fields below
	up     *net.UDPConn
	client *net.UDPAddr // last source address of the client
	roams  int
	closed bool
}

// New starts a relay. Both addresses must be loopback.
func New(cfg Config) (*Relay, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	laddr, err := loopbackAddr("listen", cfg.Listen)
	if err != nil {
		return nil, err
	}
	server, err := loopbackAddr("server", cfg.Server)
	if err != nil {
		return nil, err
	}
	if server.Port == 0 {
		return nil, errors.New("relay: server address needs a port")
	}
	listen, err := net.ListenUDP("udp", laddr)
	if err != nil {
		return nil, fmt.Errorf("relay: %w", err)
	}
	up, err := listenUpstream(server)
	if err != nil {
		listen.Close() // best effort
		return nil, err
	}
	r := &Relay{server: server, listen: listen, up: up, logf: cfg.Logf, done: make(chan struct{})}
	if r.logf == nil {
		r.logf = func(string, ...any) {}
	}
	r.dirs[Up] = newDirection(Up, cfg.Up, cfg.Seed*2+1, r.sendUp)
	r.dirs[Down] = newDirection(Down, cfg.Down, cfg.Seed*2+2, r.sendDown)
	for _, d := range r.dirs {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			d.scheduleLoop(r.done)
		}()
	}
	r.wg.Add(2)
	go r.clientReadLoop()
	go r.serverReadLoop(up, nil)
	return r, nil
}

// loopbackAddr resolves a numeric address and refuses non-loopback IPs.
func loopbackAddr(what, s string) (*net.UDPAddr, error) {
	a, err := net.ResolveUDPAddr("udp", s)
	if err != nil {
		return nil, fmt.Errorf("relay: %s address: %w", what, err)
	}
	if a.IP == nil || !a.IP.IsLoopback() {
		return nil, fmt.Errorf("relay: %s address %s is not loopback", what, s)
	}
	return a, nil
}

// listenUpstream opens a socket on a fresh port of the server's loopback
// family.
func listenUpstream(server *net.UDPAddr) (*net.UDPConn, error) {
	ip := net.IPv4(127, 0, 0, 1)
	if server.IP.To4() == nil {
		ip = net.IPv6loopback
	}
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: ip})
	if err != nil {
		return nil, fmt.Errorf("relay: upstream socket: %w", err)
	}
	return c, nil
}

// Addr is the address clients send to.
func (r *Relay) Addr() *net.UDPAddr { return r.listen.LocalAddr().(*net.UDPAddr) }

// Port is the port clients send to.
func (r *Relay) Port() int { return r.Addr().Port }

// SetImpairment changes one direction's impairment for datagrams arriving
// from now on; datagrams already in flight keep their schedule.
func (r *Relay) SetImpairment(dir Direction, im Impairment) {
	d := r.dirs[dir]
	d.mu.Lock()
	d.shaper.SetImpairment(im)
	d.mu.Unlock()
}

// Pause drops every datagram arriving in either direction for the next d.
func (r *Relay) Pause(d time.Duration) { r.PauseDirection(Up, d); r.PauseDirection(Down, d) }

// PauseDirection drops every datagram arriving in one direction for the
// next d (a blackhole).
func (r *Relay) PauseDirection(dir Direction, d time.Duration) {
	x := r.dirs[dir]
	x.mu.Lock()
	x.blockedUntil = time.Now().Add(d)
	x.mu.Unlock()
}

// Cut drops every datagram in both directions until Restore.
func (r *Relay) Cut() { r.setCut(true) }

// Restore ends a Cut and any Pause.
func (r *Relay) Restore() { r.setCut(false) }

func (r *Relay) setCut(cut bool) {
	for _, d := range r.dirs {
		d.mu.Lock()
		d.cut = cut
		if !cut {
			d.blockedUntil = time.Time{}
		}
		d.mu.Unlock()
	}
}

// Stats returns a snapshot of the counters.
func (r *Relay) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Stats{
		Up:           r.dirs[Up].counters(),
		Down:         r.dirs[Down].counters(),
		Roams:        r.roams,
		UpstreamPort: r.up.LocalAddr().(*net.UDPAddr).Port,
	}
}

// Roam switches to a new upstream socket (a new source port toward the
// server) and closes the old one, so the server's replies to the old port
// are lost until it follows the client (PROTOCOL.md §5). The returned
// channel receives the arrival time of the first datagram from the server
// on the new socket, once.
func (r *Relay) Roam() (firstReply <-chan time.Time, err error) {
	nc, err := listenUpstream(r.server)
	if err != nil {
		return nil, err
	}
	replied := make(chan time.Time, 1)
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		nc.Close() // best effort
		return nil, errors.New("relay: closed")
	}
	old := r.up
	r.up = nc
	r.roams++
	r.wg.Add(1)
	r.mu.Unlock()
	old.Close() // best effort: its read loop ends with it
	go r.serverReadLoop(nc, replied)
	r.logf("relay: roamed to upstream port %d", nc.LocalAddr().(*net.UDPAddr).Port)
	return replied, nil
}

// Close stops the relay, closes its sockets and waits for its goroutines.
func (r *Relay) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	up := r.up
	r.mu.Unlock()
	close(r.done)
	err := r.listen.Close()
	up.Close() // best effort
	r.wg.Wait()
	return err
}

// maxDatagram is larger than any UDP payload, so nothing is truncated.
const maxDatagram = 65536

// clientReadLoop pumps datagrams from the client into the Up direction and
// remembers the client's last source address.
func (r *Relay) clientReadLoop() {
	defer r.wg.Done()
	buf := make([]byte, maxDatagram)
	for {
		n, from, err := r.listen.ReadFromUDP(buf)
		if err != nil {
			if !r.isClosed() {
				r.logf("relay: client read: %v", err)
			}
			return
		}
		r.mu.Lock()
		r.client = from
		r.mu.Unlock()
		if !r.hand(Up, buf[:n]) {
			return
		}
	}
}

// serverReadLoop pumps datagrams from the server, arriving on one upstream
// socket, into the Down direction. It ends when that socket is closed.
func (r *Relay) serverReadLoop(c *net.UDPConn, replied chan time.Time) {
	defer r.wg.Done()
	buf := make([]byte, maxDatagram)
	for {
		n, from, err := c.ReadFromUDP(buf)
		if err != nil {
			return // closed by Roam or Close
		}
		if !from.IP.Equal(r.server.IP) || from.Port != r.server.Port {
			continue // not our server
		}
		if replied != nil {
			replied <- time.Now()
			replied = nil
		}
		if !r.hand(Down, buf[:n]) {
			return
		}
	}
}

// hand copies a datagram into a direction; false when the relay closed.
func (r *Relay) hand(dir Direction, b []byte) bool {
	data := append([]byte(nil), b...)
	select {
	case r.dirs[dir].arrived <- data:
		return true
	case <-r.done:
		return false
	}
}

func (r *Relay) isClosed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closed
}

// sendUp delivers to the server from the current upstream socket.
func (r *Relay) sendUp(b []byte) {
	r.mu.Lock()
	c := r.up
	r.mu.Unlock()
	if _, err := c.WriteToUDP(b, r.server); err != nil {
		r.logf("relay: send to server: %v", err)
	}
}

// sendDown delivers to the client's last source address.
func (r *Relay) sendDown(b []byte) {
	r.mu.Lock()
	to := r.client
	r.mu.Unlock()
	if to == nil {
		return // the server spoke first; nobody to tell
	}
	if _, err := r.listen.WriteToUDP(b, to); err != nil {
		r.logf("relay: send to client: %v", err)
	}
}
