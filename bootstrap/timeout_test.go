package bootstrap

import (
	"net"
	"testing"
	"time"

	"ssh-mosh/sshconf"
)

// TestConnectTimeout: a server that accepts but never speaks is given up
// after ConnectTimeout (the bound below is generous: it only proves the
// handshake does not wait forever).
func TestConnectTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := l.Accept(); err == nil {
			accepted <- c
		}
	}()
	cfg := &sshconf.Config{OriginalHost: "silent", HostName: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port,
		User: "nobody", IdentityAgent: "none", StrictHostKeyChecking: "yes", ConnectTimeout: 200 * time.Millisecond}
	done := make(chan error, 1)
	go func() {
		_, err := dial(t, &Dialer{}, cfg)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("logged in to a silent server")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("ConnectTimeout not applied")
	}
	select {
	case c := <-accepted:
		held = append(held, c)
	default:
	}
}
