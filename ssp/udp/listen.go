package udp

import (
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// BindError is the server's failure to bind any socket. Reason is mosh's
// text for it ("bind: Address already in use"), which mosh-server prints
// as "Network exception: <Reason>".
type BindError struct {
	Reason string
	Err    error
}

func (e *BindError) Error() string { return "udp: " + e.Reason }

// Unwrap returns the underlying error.
func (e *BindError) Unwrap() error { return e.Err }

// Listen binds the server's socket (§6.2). ip is the requested local
// address ("" for none), numeric only; low..high the ports to try in
// ascending order (0..0 lets the kernel choose; mosh-server parses its -p
// into these, DefaultLowPort..DefaultHighPort when none). If the
// requested address fails, it logs "Error binding to IP <ip>: <reason>"
// and tries the wildcard 0.0.0.0; if every port fails there it logs
// "Failed binding to …" and "Error binding to any interface: <reason>" and
// returns a *BindError. An IPv6 wildcard ("::") is bound dual-stack
// (IPV6_V6ONLY off). logf may be nil.
func Listen(ip string, low, high uint16, logf func(format string, args ...any)) (*Conn, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if ip != "" {
		c, err := tryBind(ip, low, high, logf)
		if err == nil {
			return c, nil
		}
		logf("Error binding to IP %s: %s", ip, err.Reason)
	}
	c, err := tryBind("0.0.0.0", low, high, logf)
	if err != nil {
		logf("Error binding to any interface: %s", err.Reason)
		return nil, err
	}
	return c, nil
}

// tryBind binds the first free port of low..high on ip.
func tryBind(ip string, low, high uint16, logf func(string, ...any)) (*Conn, *BindError) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return nil, &BindError{Reason: fmt.Sprintf("Bad IP address (%s): Name or service not known: Success", ip), Err: err}
	}
	network := "udp6"
	switch {
	case addr.Is4():
		network = "udp4"
	case addr.IsUnspecified():
		network = "udp" // Go binds "::" dual-stack for "udp": IPV6_V6ONLY off
	}
	for port := low; ; port++ {
		s, err := listen(network, netip.AddrPortFrom(addr, port))
		if err == nil {
			c := newConn(network)
			c.mu.Lock()
			c.add(0, s)
			c.mu.Unlock()
			return c, nil
		}
		if port >= high {
			logf("Failed binding to %s:%d", addr, port)
			return nil, &BindError{Reason: "bind: " + errText(err), Err: err}
		}
	}
}

// errText is the system's message for err's errno, as strerror words it.
func errText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return capitalize(errno.Error())
	}
	return err.Error()
}
