package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
)

// bindUDP binds the server's socket as mosh-server does (PROTOCOL.md
// §6.2): the requested address first, then, after a message, the IPv4
// wildcard; ports in ascending order within the range.
func bindUDP(ip string, ports portRange, stderr io.Writer) (*net.UDPConn, error) {
	if ip != "" {
		c, err := bindPorts(ip, ports, stderr)
		if err == nil {
			return c, nil
		}
		fmt.Fprintf(stderr, "Error binding to IP %s: %v\n", ip, err)
	}
	c, err := bindPorts("0.0.0.0", ports, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "Error binding to any interface: %v\n", err)
		return nil, fmt.Errorf("Network exception: %v", err)
	}
	return c, nil
}

// bindPorts tries each port of the range on a numeric address.
func bindPorts(ip string, ports portRange, stderr io.Writer) (*net.UDPConn, error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return nil, fmt.Errorf("Bad IP address (%s): Name or service not known", ip)
	}
	network := "udp4"
	if addr.Is6() && !addr.Is4In6() {
		network = "udp6"
	}
	lastErr := errors.New("no port to try")
	for port := ports.low; port <= ports.high; port++ {
		c, err := net.ListenUDP(network, net.UDPAddrFromAddrPort(netip.AddrPortFrom(addr.Unmap(), uint16(port))))
		if err == nil {
			setSocketOptions(c)
			return c, nil
		}
		lastErr = syscallText(err)
	}
	fmt.Fprintf(stderr, "Failed binding to %s:%d\n", ip, ports.high)
	return nil, lastErr
}

// syscallText reduces a net error to its errno text ("Address already in
// use"), which is what mosh prints.
func syscallText(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return errors.New(s)
}
