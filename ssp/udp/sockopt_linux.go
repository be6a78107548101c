//go:build linux

package udp

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// setSocketOptions applies §6.1 to a new socket: no path-MTU discovery
// (the kernel may fragment), ECT(0) in the TOS/traffic class, and the
// received TOS delivered as ancillary data for ECN. All best effort.
func setSocketOptions(c syscall.RawConn) {
	c.Control(func(fd uintptr) { // best effort
		s := int(fd)
		unix.SetsockoptInt(s, unix.IPPROTO_IP, unix.IP_MTU_DISCOVER, unix.IP_PMTUDISC_DONT)       // best effort
		unix.SetsockoptInt(s, unix.IPPROTO_IP, unix.IP_TOS, 0x02)                                 // best effort
		unix.SetsockoptInt(s, unix.IPPROTO_IP, unix.IP_RECVTOS, 1)                                // best effort
		unix.SetsockoptInt(s, unix.IPPROTO_IPV6, unix.IPV6_MTU_DISCOVER, unix.IPV6_PMTUDISC_DONT) // best effort
		unix.SetsockoptInt(s, unix.IPPROTO_IPV6, unix.IPV6_TCLASS, 0x02)                          // best effort
		unix.SetsockoptInt(s, unix.IPPROTO_IPV6, unix.IPV6_RECVTCLASS, 1)                         // best effort
	})
}

// oobSize is room for one TOS or traffic-class control message.
var oobSize = unix.CmsgSpace(4) * 2

// congested reports whether the control messages of a received datagram
// carry the ECN "congestion experienced" mark (both ECN bits set).
func congested(oob []byte) bool {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return false
	}
	for _, m := range msgs {
		isTOS := m.Header.Level == unix.IPPROTO_IP && m.Header.Type == unix.IP_TOS
		isTClass := m.Header.Level == unix.IPPROTO_IPV6 && m.Header.Type == unix.IPV6_TCLASS
		if (isTOS || isTClass) && len(m.Data) > 0 && m.Data[0]&0x03 == 0x03 {
			return true
		}
	}
	return false
}
