package udp_test

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
)

func freePort(t *testing.T) uint16 {
	t.Helper()
	c, err := udp.Listen("127.0.0.1", 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := c.LocalAddr().Port()
	c.Close()
	return p
}

// TestListenRange: ports are tried in ascending order; when all are taken
// the messages of §6.2 are logged and a BindError returned.
func TestListenRange(t *testing.T) {
	p := freePort(t)
	first, err := udp.Listen("127.0.0.1", p, p+5, nil)
	if err != nil {
		t.Skipf("port %d taken meanwhile: %v", p, err)
	}
	defer first.Close()
	if first.LocalAddr().Port() != p {
		t.Fatalf("bound %v, want port %d", first.LocalAddr(), p)
	}
	second, err := udp.Listen("127.0.0.1", p, p+5, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if got := second.LocalAddr().Port(); got <= p || got > p+5 {
		t.Errorf("second server got port %d, want in %d..%d", got, p+1, p+5)
	}

	var logs []string
	logf := func(f string, a ...any) { logs = append(logs, strings.TrimSpace(fmt.Sprintf(f, a...))) }
	_, err = udp.Listen("127.0.0.1", p, p, logf)
	var be *udp.BindError
	if !errors.As(err, &be) || be.Reason != "bind: Address already in use" {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"Failed binding to 127.0.0.1:" + strconv.Itoa(int(p)),
		"Error binding to IP 127.0.0.1: bind: Address already in use",
		"Failed binding to 0.0.0.0:" + strconv.Itoa(int(p)),
		"Error binding to any interface: bind: Address already in use",
	}
	if strings.Join(logs, "\n") != strings.Join(want, "\n") {
		t.Errorf("logs:\n%s\nwant:\n%s", strings.Join(logs, "\n"), strings.Join(want, "\n"))
	}
}

// TestListenBadIPFallsBack: an unusable requested IP is reported and the
// wildcard used instead.
func TestListenBadIPFallsBack(t *testing.T) {
	var logs []string
	c, err := udp.Listen("not-an-ip", 0, 0, func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) })
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if len(logs) != 1 || logs[0] != "Error binding to IP not-an-ip: Bad IP address (not-an-ip): Name or service not known: Success" {
		t.Errorf("logs %q", logs)
	}
	if !c.LocalAddr().Addr().IsUnspecified() {
		t.Errorf("bound %v", c.LocalAddr())
	}
}

// TestSendReceiveAndHop: datagrams flow both ways; a new generation gets
// its own socket and source port, and Sync closes dropped ones.
func TestSendReceiveAndHop(t *testing.T) {
	srv, err := udp.Listen("127.0.0.1", 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cli, err := udp.Dial(srv.LocalAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()

	recv := func(c *udp.Conn) udp.Packet {
		t.Helper()
		select {
		case p := <-c.Packets():
			return p
		case <-time.After(5 * time.Second):
			t.Fatal("no packet within 5 s")
			return udp.Packet{}
		}
	}
	if err := cli.Send(ssp.Datagram{To: srv.LocalAddr(), Data: []byte("hello"), Socket: 0}); err != nil {
		t.Fatal(err)
	}
	p := recv(srv)
	if string(p.Data) != "hello" {
		t.Fatalf("got %q", p.Data)
	}
	port0 := p.From.Port()
	if err := srv.Send(ssp.Datagram{To: p.From, Data: []byte("back")}); err != nil {
		t.Fatal(err)
	}
	if q := recv(cli); string(q.Data) != "back" || q.Socket != 0 {
		t.Fatalf("client got %q on %d", q.Data, q.Socket)
	}

	if err := cli.Sync([]int{0, 1}); err != nil {
		t.Fatal(err)
	}
	cli.Send(ssp.Datagram{To: srv.LocalAddr(), Data: []byte("hop"), Socket: 1})
	p = recv(srv)
	if p.From.Port() == port0 {
		t.Errorf("generation 1 sent from the old port %d", port0)
	}
	// The old socket still receives.
	srv.Send(ssp.Datagram{To: netip.AddrPortFrom(p.From.Addr(), port0), Data: []byte("old")})
	if q := recv(cli); string(q.Data) != "old" || q.Socket != 0 {
		t.Errorf("old socket got %q on %d", q.Data, q.Socket)
	}
	if err := cli.Sync([]int{1}); err != nil {
		t.Fatal(err)
	}

	// Oversize datagrams are dropped; the next one arrives.
	raw, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	to := net.UDPAddrFromAddrPort(srv.LocalAddr())
	raw.WriteToUDP(make([]byte, 2049), to)
	raw.WriteToUDP(make([]byte, 2048), to)
	if q := recv(srv); len(q.Data) != 2048 {
		t.Errorf("got a %d-byte datagram first, want the 2048-byte one", len(q.Data))
	}

	// EMSGSIZE is reported in mosh's words and marks the MTU error.
	err = cli.Send(ssp.Datagram{To: srv.LocalAddr(), Data: make([]byte, 70000), Socket: 1})
	if !errors.Is(err, ssp.ErrMessageTooLong) || err.Error() != "sendto: Message too long" {
		t.Errorf("oversize send: %v", err)
	}
}

// TestCloseEndsReaders: Close ends every read goroutine and closes the
// channel.
func TestCloseEndsReaders(t *testing.T) {
	c, err := udp.Dial(netip.MustParseAddrPort("127.0.0.1:9"))
	if err != nil {
		t.Fatal(err)
	}
	c.Sync([]int{0, 1, 2})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-c.Packets():
		if ok {
			t.Error("packet after close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("channel not closed")
	}
}
