package udp

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"ssh-mosh/ssp"
)

// TestFromConn hands a Listen socket's descriptor to FromConn, as the
// detached server does, and checks both directions, the oversize drop and
// Close.
func TestFromConn(t *testing.T) {
	orig, err := Listen("127.0.0.1", 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := orig.File()
	orig.Close()
	if err != nil {
		t.Fatal(err)
	}
	pc, err := net.FilePacketConn(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c, err := FromConn(pc.(*net.UDPConn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	peer, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	to := c.LocalAddr()
	if !to.IsValid() || to.Port() == 0 {
		t.Fatalf("LocalAddr = %v", to)
	}
	tests := []struct {
		name string
		size int
		want bool
	}{
		{"small", 10, true},
		{"largest", ssp.MaxDatagram, true},
		{"oversize", ssp.MaxDatagram + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := peer.WriteToUDPAddrPort(make([]byte, tt.size), to); err != nil {
				t.Fatal(err)
			}
			// A marker datagram follows, so a dropped one is seen as such.
			if _, err := peer.WriteToUDPAddrPort([]byte("mark"), to); err != nil {
				t.Fatal(err)
			}
			got := false
			for range 2 {
				select {
				case p := <-c.Packets():
					if string(p.Data) == "mark" {
						if got != tt.want {
							t.Fatalf("datagram of %d bytes: received %v, want %v", tt.size, got, tt.want)
						}
						return
					}
					got = len(p.Data) == tt.size
				case <-time.After(5 * time.Second):
					t.Fatal("no datagram")
				}
			}
		})
	}
	peerAddr := peer.LocalAddr().(*net.UDPAddr).AddrPort()
	if err := c.Send(ssp.Datagram{To: netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), peerAddr.Port()), Data: []byte("back")}); err != nil {
		t.Fatal(err)
	}
	peer.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 16)
	n, err := peer.Read(buf)
	if err != nil || string(buf[:n]) != "back" {
		t.Fatalf("peer read %q, %v", buf[:n], err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-c.Packets(); ok {
		t.Fatal("Packets still open after Close")
	}
}

// TestFromConnNil refuses a missing socket.
func TestFromConnNil(t *testing.T) {
	if _, err := FromConn(nil, nil); err == nil {
		t.Fatal("FromConn(nil) succeeded")
	}
}
