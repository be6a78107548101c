package ssp

import (
	"errors"
	"net/netip"
	"time"
)

// Connection constants (PROTOCOL.md §6).
const (
	mtuIPv4            = 1252
	mtuIPv6            = 1216
	mtuFallback        = 500
	associationTimeout = 40000 * time.Millisecond
	portHopInterval    = 10000 * time.Millisecond
	oldSocketLifetime  = 60000 * time.Millisecond
	maxSockets         = 10
)

// connection is the datagram-level state of §4–§6: sequence numbers, the
// peer's address, timestamps and RTT, MTU, and the client's sockets.
type connection struct {
	client bool

	remote    netip.AddrPort
	hasRemote bool
	lastHeard time.Duration // last accepted in-order datagram

	nextSeq     uint64 // our next SEQ
	expectedSeq uint64 // lowest peer SEQ still counted as in order

	rtt  rttEstimate
	echo tsEcho

	mtu       int
	sendError string

	// Client port hopping: live socket generations, oldest first.
	sockets              []int
	lastPortChoice       time.Duration
	lastRoundtripSuccess time.Duration
}

func newClientConnection(remote netip.AddrPort) connection {
	return connection{
		client:               true,
		remote:               remote,
		hasRemote:            true,
		lastHeard:            longAgo,
		rtt:                  newRTTEstimate(),
		mtu:                  mtuFor(remote.Addr()),
		sockets:              []int{0},
		lastPortChoice:       0,
		lastRoundtripSuccess: longAgo,
	}
}

func newServerConnection(local netip.Addr) connection {
	return connection{
		lastHeard:            longAgo,
		rtt:                  newRTTEstimate(),
		mtu:                  mtuFor(local),
		sockets:              []int{0},
		lastRoundtripSuccess: longAgo,
	}
}

// mtuFor is the largest datagram for an address family (§6.4).
func mtuFor(a netip.Addr) int {
	switch {
	case !a.IsValid():
		return mtuFallback
	case a.Is4() || a.Is4In6():
		return mtuIPv4
	default:
		return mtuIPv6
	}
}

// accept applies the in-order rules of §5 step 5 to an authenticated
// datagram. It reports whether the peer address changed (roaming).
func (c *connection) accept(now time.Duration, from netip.AddrPort, seq uint64, ts, reply uint16, congested bool) (inOrder, roamed bool) {
	if seq < c.expectedSeq {
		return false, false
	}
	c.expectedSeq = seq + 1
	c.echo.save(ts, now, congested)
	if reply != 0xFFFF {
		c.rtt = c.rtt.sample(rttSampleMS(timestamp16(now), reply))
	}
	c.hasRemote = true
	c.lastHeard = now
	if !c.client && from != c.remote {
		c.remote = from
		roamed = true
	}
	return true, roamed
}

// currentSocket is the generation datagrams go out from: the newest.
func (c *connection) currentSocket() int { return c.sockets[len(c.sockets)-1] }

// afterSend runs mosh's checks that follow every datagram sent: the
// server's association timeout (§6.5) and the client's port hop (§6.6).
// It reports whether the server just dropped its peer.
func (c *connection) afterSend(now time.Duration) (detached bool) {
	if !c.client {
		if c.hasRemote && now-c.lastHeard > associationTimeout {
			c.hasRemote = false
			return true
		}
		return false
	}
	if now-c.lastPortChoice > portHopInterval && now-c.lastRoundtripSuccess > portHopInterval {
		c.sockets = append(c.sockets, c.sockets[len(c.sockets)-1]+1)
		c.lastPortChoice = now
		c.prune(now)
	}
	return false
}

// prune closes old sockets: all but the newest once the last hop is more
// than 60 s old, and never more than 10 (§6.6).
func (c *connection) prune(now time.Duration) {
	if len(c.sockets) > 1 && now-c.lastPortChoice > oldSocketLifetime {
		c.sockets = c.sockets[len(c.sockets)-1:]
	}
	if len(c.sockets) > maxSockets {
		c.sockets = c.sockets[len(c.sockets)-maxSockets:]
	}
}

// sendFailed records a failed send (§6.4): its text, as mosh shows it, and
// the switch to the 500-byte MTU when the datagram was too long.
func (c *connection) sendFailed(err error) {
	c.sendError = err.Error()
	if errors.Is(err, ErrMessageTooLong) {
		c.mtu = mtuFallback
	}
}
