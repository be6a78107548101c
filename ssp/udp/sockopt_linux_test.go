//go:build linux

package udp

import (
	"net/netip"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestSocketOptions: the options of §6.1 are set on the server's and the
// client's sockets.
func TestSocketOptions(t *testing.T) {
	srv, err := Listen("127.0.0.1", 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cli, err := Dial(netip.MustParseAddrPort("127.0.0.1:9"))
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	for name, c := range map[string]*Conn{"server": srv, "client": cli} {
		raw, err := c.sockets[0].SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		raw.Control(func(fd uintptr) {
			want := map[string][3]int{
				"IP_TOS":          {unix.IPPROTO_IP, unix.IP_TOS, 0x02},
				"IP_MTU_DISCOVER": {unix.IPPROTO_IP, unix.IP_MTU_DISCOVER, unix.IP_PMTUDISC_DONT},
				"IP_RECVTOS":      {unix.IPPROTO_IP, unix.IP_RECVTOS, 1},
			}
			for opt, w := range want {
				got, err := unix.GetsockoptInt(int(fd), w[0], w[1])
				if err != nil || got != w[2] {
					t.Errorf("%s: %s = %d (%v), want %d", name, opt, got, err, w[2])
				}
			}
		})
	}
}

// TestDualStackWildcard: a server bound to "::" also takes IPv4
// datagrams (IPV6_V6ONLY off).
func TestDualStackWildcard(t *testing.T) {
	srv, err := Listen("::", 0, 0, nil)
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	defer srv.Close()
	raw, _ := srv.sockets[0].SyscallConn()
	raw.Control(func(fd uintptr) {
		if v, err := unix.GetsockoptInt(int(fd), unix.IPPROTO_IPV6, unix.IPV6_V6ONLY); err != nil || v != 0 {
			t.Errorf("IPV6_V6ONLY = %d (%v), want 0", v, err)
		}
	})
}

// TestCongestionMark: a datagram sent with both ECN bits set arrives
// marked Congested; one with ECT(0) does not.
func TestCongestionMark(t *testing.T) {
	srv, err := Listen("127.0.0.1", 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cli, err := Dial(srv.LocalAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	for _, tos := range []int{0x02, 0x03} {
		raw, _ := cli.sockets[0].SyscallConn()
		raw.Control(func(fd uintptr) {
			if err := unix.SetsockoptInt(int(fd), unix.IPPROTO_IP, unix.IP_TOS, tos); err != nil {
				t.Fatal(err)
			}
		})
		if _, err := cli.sockets[0].WriteToUDPAddrPort([]byte("x"), srv.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		var p Packet
		select {
		case p = <-srv.Packets():
		case <-time.After(5 * time.Second):
			t.Fatal("no packet within 5 s")
		}
		if p.Congested != (tos == 0x03) {
			t.Errorf("TOS %#x: Congested = %v", tos, p.Congested)
		}
	}
}
