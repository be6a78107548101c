package client

import (
	"fmt"
	"net"
	"net/netip"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
)

// TestNothingReceived points the client at a UDP port where nobody answers:
// the bar names the port as mosh does.
func TestNothingReceived(t *testing.T) {
	testenv.Need(t, "tmux")
	silent, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	addr := silent.LocalAddr().(*net.UDPAddr).AddrPort()
	addr = netip.AddrPortFrom(addr.Addr().Unmap(), addr.Port())
	pane, _ := startClientPane(t, addr, "QUJDREVGR0hJSktMTU5PUA")
	want := fmt.Sprintf("mosh: Nothing received from server on UDP port %d. [To quit: Ctrl-^ .]", addr.Port())
	if screen, err := pane.WaitForText(10*time.Second, want); err != nil {
		t.Fatalf("%v\n%s", err, screen)
	}
}
