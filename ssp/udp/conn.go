package udp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"sync"
	"syscall"
	"unicode"
	"unicode/utf8"

	"ssh-mosh/ssp"
)

// Packet is one datagram read from a socket.
type Packet struct {
	// Socket is the generation of the socket it arrived on.
	Socket int
	// From is the sender's address.
	From netip.AddrPort
	// Data is the datagram; it belongs to the receiver of the Packet.
	Data []byte
	// Congested is true when the IP header carried the ECN "congestion
	// experienced" mark (pass it to ssp.Transport.ReceiveECN).
	Congested bool
}

// readBufferSize is one more than the largest datagram accepted, so that
// an oversize datagram is seen as such and dropped (§5).
const readBufferSize = ssp.MaxDatagram + 1

// Conn is the set of UDP sockets of one session end: one for the server,
// one per live port-hop generation for the client. Packets from every
// socket arrive on one channel. Send, Sync and Close may be called from
// any goroutine.
type Conn struct {
	packets chan Packet
	done    chan struct{}
	wg      sync.WaitGroup
	network string // for the client's new sockets: "udp4" or "udp6"

	mu      sync.Mutex
	sockets map[int]*net.UDPConn // generation → socket
	newest  int
	closed  bool
}

func newConn(network string) *Conn {
	return &Conn{
		packets: make(chan Packet, 64),
		done:    make(chan struct{}),
		network: network,
		sockets: make(map[int]*net.UDPConn),
	}
}

// listen opens one socket with the options of §6.1.
func listen(network string, addr netip.AddrPort) (*net.UDPConn, error) {
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		setSocketOptions(c)
		return nil
	}}
	pc, err := lc.ListenPacket(context.Background(), network, addr.String())
	if err != nil {
		return nil, err
	}
	return pc.(*net.UDPConn), nil
}

// Dial opens the client's first socket (generation 0) for talking to
// server: unconnected, of the server's address family, on a port the
// kernel picks (§6.3).
func Dial(server netip.AddrPort) (*Conn, error) {
	network := "udp6"
	if server.Addr().Unmap().Is4() {
		network = "udp4"
	}
	c := newConn(network)
	if err := c.open(0); err != nil {
		return nil, err
	}
	return c, nil
}

// open adds a socket for a generation and starts its read goroutine.
func (c *Conn) open(gen int) error {
	unspec := netip.IPv4Unspecified()
	if c.network == "udp6" {
		unspec = netip.IPv6Unspecified()
	}
	s, err := listen(c.network, netip.AddrPortFrom(unspec, 0))
	if err != nil {
		return fmt.Errorf("udp: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		s.Close() // best effort
		return net.ErrClosed
	}
	c.add(gen, s)
	return nil
}

// add registers a socket; c.mu is held.
func (c *Conn) add(gen int, s *net.UDPConn) {
	c.sockets[gen] = s
	c.newest = max(c.newest, gen)
	c.wg.Add(1)
	go c.readLoop(gen, s)
}

// readLoop pumps one socket's datagrams into the channel until the socket
// is closed.
func (c *Conn) readLoop(gen int, s *net.UDPConn) {
	defer c.wg.Done()
	buf := make([]byte, readBufferSize)
	oob := make([]byte, oobSize)
	failures := 0
	for {
		n, oobn, _, from, err := s.ReadMsgUDPAddrPort(buf, oob)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Transient errors (e.g. ICMP reports) are skipped; a socket
			// that keeps failing is given up.
			if failures++; failures > 1000 {
				return
			}
			continue
		}
		failures = 0
		if n > ssp.MaxDatagram {
			continue // oversize: dropped, as mosh does
		}
		p := Packet{Socket: gen, From: from, Data: slices.Clone(buf[:n]), Congested: congested(oob[:oobn])}
		select {
		case c.packets <- p:
		case <-c.done:
			return
		}
	}
}

// Packets returns the channel of datagrams read from all sockets. It is
// closed after Close, once every read goroutine has ended.
func (c *Conn) Packets() <-chan Packet { return c.packets }

// LocalAddr returns the address of the newest socket: for the server, the
// one to print in MOSH CONNECT.
func (c *Conn) LocalAddr() netip.AddrPort {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sockets[c.newest]
	if s == nil {
		return netip.AddrPort{}
	}
	return s.LocalAddr().(*net.UDPAddr).AddrPort()
}

// Send writes one datagram from the socket of its generation (the newest
// if that one is gone). A failure is a *SendError, worded as mosh words
// it, to hand to ssp.Transport.SendFailed.
func (c *Conn) Send(d ssp.Datagram) error {
	c.mu.Lock()
	s := c.sockets[d.Socket]
	if s == nil {
		s = c.sockets[c.newest]
	}
	c.mu.Unlock()
	if s == nil {
		return &SendError{Err: net.ErrClosed}
	}
	if _, err := s.WriteToUDPAddrPort(d.Data, d.To); err != nil {
		return &SendError{Err: err}
	}
	return nil
}

// Sync makes the open sockets match the live generations a client
// Transport reports (ssp.Transport.Sockets): it opens a socket for each
// new generation and closes those no longer listed.
func (c *Conn) Sync(live []int) error {
	c.mu.Lock()
	var stale []*net.UDPConn
	for gen, s := range c.sockets {
		if !slices.Contains(live, gen) {
			stale = append(stale, s)
			delete(c.sockets, gen)
		}
	}
	var fresh []int
	for _, gen := range live {
		if c.sockets[gen] == nil {
			fresh = append(fresh, gen)
		}
	}
	c.mu.Unlock()
	for _, s := range stale {
		s.Close() // best effort
	}
	for _, gen := range fresh {
		if err := c.open(gen); err != nil {
			return err
		}
	}
	return nil
}

// Close closes every socket, waits for the read goroutines to end, and
// closes the Packets channel.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.done)
	var errs []error
	for gen, s := range c.sockets {
		errs = append(errs, s.Close())
		delete(c.sockets, gen)
	}
	c.mu.Unlock()
	c.wg.Wait()
	close(c.packets)
	return errors.Join(errs...)
}

// SendError is a failed send. Its text is mosh's: "sendto: " and the
// system's message ("sendto: Network is unreachable"). It matches
// ssp.ErrMessageTooLong for EMSGSIZE.
type SendError struct {
	Err error
}

func (e *SendError) Error() string {
	var errno syscall.Errno
	if errors.As(e.Err, &errno) {
		return "sendto: " + capitalize(errno.Error())
	}
	return "sendto: " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *SendError) Unwrap() error { return e.Err }

// Is reports whether the send failed with EMSGSIZE when target is
// ssp.ErrMessageTooLong.
func (e *SendError) Is(target error) bool {
	return target == ssp.ErrMessageTooLong && errors.Is(e.Err, syscall.EMSGSIZE)
}

// capitalize upper-cases the first letter: Go's errno texts are lower
// case, strerror's are not.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
