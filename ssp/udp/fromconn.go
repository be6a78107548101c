package udp

import (
	"errors"
	"net"
	"os"
)

// FromConn wraps a socket that is already bound — for example one a
// detached mosh-server inherited from the process that bound it — in a
// Conn with the same behaviour as one from Listen: the §6.1 options
// (applied again, best effort), Packets with ECN marks and oversize
// datagrams dropped, Send with mosh-worded errors, and Close. The Conn
// owns s from then on. logf may be nil; it is kept for symmetry with
// Listen and receives nothing today.
func FromConn(s *net.UDPConn, logf func(format string, args ...any)) (*Conn, error) {
	if s == nil {
		return nil, errors.New("udp: FromConn needs a socket")
	}
	rc, err := s.SyscallConn()
	if err != nil {
		return nil, errors.New("udp: " + err.Error())
	}
	setSocketOptions(rc)
	network := "udp6"
	if a, ok := s.LocalAddr().(*net.UDPAddr); ok && a.IP.To4() != nil {
		network = "udp4"
	}
	c := newConn(network)
	c.mu.Lock()
	c.add(0, s)
	c.mu.Unlock()
	return c, nil
}

// File returns a duplicate of the newest socket's descriptor, to hand to
// another process (which can pass it to net.FilePacketConn and FromConn).
// The Conn keeps its own socket; the caller closes the file.
func (c *Conn) File() (*os.File, error) {
	c.mu.Lock()
	s := c.sockets[c.newest]
	c.mu.Unlock()
	if s == nil {
		return nil, net.ErrClosed
	}
	f, err := s.File()
	if err != nil {
		return nil, errors.New("udp: " + err.Error())
	}
	return f, nil
}
