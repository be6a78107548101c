package ssptest

import (
	"container/heap"
	"math/rand/v2"
	"net/netip"
	"time"

	"ssh-mosh/ssp"
)

// Endpoint is what the network drives: an *ssp.Transport of any state
// types.
type Endpoint interface {
	Receive(now time.Time, from netip.AddrPort, datagram []byte) (bool, error)
	Tick(now time.Time) []ssp.Datagram
	NextDeadline(now time.Time) time.Time
}

// Link describes one direction of the network.
type Link struct {
	Delay     time.Duration // one-way delay of every datagram
	Jitter    time.Duration // extra delay, uniform in [0, Jitter)
	Loss      float64       // probability a datagram is dropped
	Duplicate float64       // probability a datagram is delivered twice
	Reorder   float64       // probability a datagram is held back by up to 2·Delay+10 ms more
}

// Direction names the two directions of the network.
type Direction int

const (
	// ToServer is client → server.
	ToServer Direction = iota
	// ToClient is server → client.
	ToClient
)

// Network joins a client and a server Endpoint in virtual time.
type Network struct {
	// Now is the virtual time.
	Now time.Time
	// Links are the two directions, indexed by Direction.
	Links [2]Link
	// ClientAddr is the client's address; a datagram from socket
	// generation g leaves from port ClientAddr.Port()+g. Changing it
	// models the client moving to another network: datagrams to the old
	// address are lost.
	ClientAddr netip.AddrPort
	// ServerAddr is the server's address.
	ServerAddr netip.AddrPort
	// Tap, if set, sees every datagram sent, before loss.
	Tap func(dir Direction, from netip.AddrPort, d ssp.Datagram)
	// Errors, if set, receives every error returned by Receive.
	Errors func(dir Direction, err error)

	// Sent and Delivered count datagrams per direction.
	Sent, Delivered [2]int

	client, server Endpoint
	rng            *rand.Rand
	queue          eventQueue
	order          uint64
}

// New returns a network at virtual time start whose random choices come
// from seed. The links start perfect (no delay, no loss).
func New(seed uint64, client, server Endpoint, start time.Time) *Network {
	return &Network{
		Now:        start,
		ClientAddr: netip.MustParseAddrPort("192.0.2.10:40000"),
		ServerAddr: netip.MustParseAddrPort("198.51.100.1:60001"),
		client:     client,
		server:     server,
		rng:        rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
}

// event is one datagram in flight.
type event struct {
	at    time.Time
	order uint64 // FIFO among equal times
	dir   Direction
	from  netip.AddrPort
	to    netip.AddrPort
	data  []byte
}

type eventQueue []event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].order < q[j].order
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// InFlight returns the number of datagrams queued for delivery.
func (n *Network) InFlight() int { return len(n.queue) }

// send puts the datagrams an endpoint produced on the wire.
func (n *Network) send(dir Direction, ds []ssp.Datagram) {
	for _, d := range ds {
		from := n.ServerAddr
		if dir == ToServer {
			from = netip.AddrPortFrom(n.ClientAddr.Addr(), n.ClientAddr.Port()+uint16(d.Socket))
		}
		n.Sent[dir]++
		if n.Tap != nil {
			n.Tap(dir, from, d)
		}
		l := n.Links[dir]
		if n.rng.Float64() < l.Loss {
			continue
		}
		copies := 1
		if n.rng.Float64() < l.Duplicate {
			copies = 2
		}
		for range copies {
			delay := l.Delay
			if l.Jitter > 0 {
				delay += time.Duration(n.rng.Int64N(int64(l.Jitter)))
			}
			if n.rng.Float64() < l.Reorder {
				delay += time.Duration(n.rng.Int64N(int64(2*l.Delay + 10*time.Millisecond)))
			}
			n.order++
			heap.Push(&n.queue, event{at: n.Now.Add(delay), order: n.order, dir: dir, from: from, to: d.To, data: d.Data})
		}
	}
}

// Inject delivers a datagram to one side at the current time, as if an
// attacker or a stale path sent it, and lets that side answer.
func (n *Network) Inject(dir Direction, from netip.AddrPort, data []byte) (bool, error) {
	ep, back := n.server, ToClient
	if dir == ToClient {
		ep, back = n.client, ToServer
	}
	ok, err := ep.Receive(n.Now, from, data)
	n.send(back, ep.Tick(n.Now))
	return ok, err
}

// Kick ticks both endpoints at the current time; call it after changing
// an endpoint's state.
func (n *Network) Kick() {
	n.send(ToServer, n.client.Tick(n.Now))
	n.send(ToClient, n.server.Tick(n.Now))
}

// next returns the time of the next event: a delivery or a deadline.
func (n *Network) next() (time.Time, bool) {
	var t time.Time
	found := false
	consider := func(c time.Time) {
		if c.IsZero() {
			return
		}
		if c.Before(n.Now) {
			c = n.Now
		}
		if !found || c.Before(t) {
			t, found = c, true
		}
	}
	if len(n.queue) > 0 {
		consider(n.queue[0].at)
	}
	consider(n.client.NextDeadline(n.Now))
	consider(n.server.NextDeadline(n.Now))
	return t, found
}

// Step advances to the next event, if it is not after limit, and handles
// everything due then. It reports false when the next event is after
// limit (Now is then set to limit) or nothing is scheduled.
func (n *Network) Step(limit time.Time) bool {
	t, ok := n.next()
	if !ok || t.After(limit) {
		n.Now = limit
		return false
	}
	n.Now = t
	for len(n.queue) > 0 && !n.queue[0].at.After(n.Now) {
		e := heap.Pop(&n.queue).(event)
		n.deliver(e)
	}
	n.Kick()
	return true
}

// deliver hands a datagram to its receiver, if its address is still the
// receiver's.
func (n *Network) deliver(e event) {
	ep := n.server
	if e.dir == ToClient {
		ep = n.client
		if e.to.Addr() != n.ClientAddr.Addr() {
			return
		}
	} else if e.to != n.ServerAddr {
		return
	}
	n.Delivered[e.dir]++
	if _, err := ep.Receive(n.Now, e.from, e.data); err != nil && n.Errors != nil {
		n.Errors(e.dir, err)
	}
}

// Run steps until done returns true (checked after every step) or the
// virtual time reaches limit. maxSteps bounds the work. It reports
// whether done became true.
func (n *Network) Run(limit time.Time, maxSteps int, done func() bool) bool {
	for range maxSteps {
		if done != nil && done() {
			return true
		}
		if !n.Step(limit) {
			return done != nil && done()
		}
	}
	return done != nil && done()
}

// Advance runs until the virtual time has moved forward by d.
func (n *Network) Advance(d time.Duration, maxSteps int) {
	n.Run(n.Now.Add(d), maxSteps, nil)
}
