package interop

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/wire"
)

// TestShutdown covers INTEROP-TESTS.md §7 in both pairings (our server
// with mosh-client 1.4.0, mosh-server 1.4.0 with our client): the shell's
// exit (X2), SIGTERM to the server (X5), SIGTERM and SIGHUP to the client
// (X9). Each ends with a clean exchange: the client exits 0 and the
// server is gone, and the relay saw the shutdown state acknowledged.
func TestShutdown(t *testing.T) {
	type step struct {
		id  string
		end func(s *session)
	}
	steps := []step{
		{"X2-shell-exit", func(s *session) {
			s.pane.SendLiteral("exit")
			s.pane.SendKeys("Enter")
		}},
		{"X5-server-SIGTERM", func(s *session) { syscall.Kill(s.srv.PID, syscall.SIGTERM) }},
		{"X9-client-SIGTERM", func(s *session) { syscall.Kill(s.clientPID, syscall.SIGTERM) }},
		{"X9-client-SIGHUP", func(s *session) { syscall.Kill(s.clientPID, syscall.SIGHUP) }},
	}
	for _, sd := range []side{sideServer, sideClient} {
		for _, st := range steps {
			t.Run(sd.String()+"/"+st.id, func(t *testing.T) {
				t.Parallel()
				s := newSession(t, sd, nil, nil)
				s.echo("before")
				st.end(s)
				if code := s.exitStatus(20 * time.Second); code != 0 {
					screen, _ := s.pane.Capture()
					t.Errorf("client exit status %d, want 0\nscreen:\n%s", code, screen)
				}
				if !moshtest.WaitGone(s.srv.PID, 10*time.Second) {
					t.Errorf("server %d still runs 10 s after the shutdown", s.srv.PID)
				}
				checkShutdownOnWire(t, s)
			})
		}
	}
}

// checkShutdownOnWire checks that one side sent the shutdown state
// (new_num = 2^64-1) and the other acknowledged it.
func checkShutdownOnWire(t *testing.T, s *session) {
	t.Helper()
	sent, acked := false, false
	for _, dir := range []int{0, 1} {
		for _, e := range s.relay.entries(dirOf(dir)) {
			sent = sent || e.in.NewNum == wire.ShutdownNum
			acked = acked || e.in.AckNum == wire.ShutdownNum
		}
	}
	if !sent || !acked {
		t.Errorf("relay saw shutdown state %v, acknowledged %v", sent, acked)
	}
}

// TestServerTimeouts covers our server's timers of §7: X6 (SIGTERM before
// any client: it exits at once), X7 (MOSH_SERVER_NETWORK_TMOUT: it exits
// after the client falls silent) and X8 (MOSH_SERVER_SIGNAL_TMOUT: SIGUSR1
// is ignored while the client is heard and ends the session once it is
// silent).
func TestServerTimeouts(t *testing.T) {
	t.Run("X6-SIGTERM-no-client", func(t *testing.T) {
		t.Parallel()
		need(t, "sh")
		srv := moshtest.StartServer(t, ourServer(t), moshtest.ServerOptions{
			InheritEnv: true, Env: shellEnv(t), Command: []string{"/bin/sh"}})
		syscall.Kill(srv.PID, syscall.SIGTERM)
		if !moshtest.WaitGone(srv.PID, 3*time.Second) {
			t.Error("server still runs 3 s after SIGTERM")
		}
	})
	t.Run("X7-network-timeout", func(t *testing.T) {
		t.Parallel()
		s := newSession(t, sideServer, []string{"MOSH_SERVER_NETWORK_TMOUT=3"}, nil)
		s.echo("before")
		syscall.Kill(s.clientPID, syscall.SIGSTOP)
		defer syscall.Kill(s.clientPID, syscall.SIGCONT)
		stopped := time.Now()
		if !moshtest.WaitGone(s.srv.PID, 15*time.Second) {
			t.Fatal("server still runs 15 s after the client stopped, with a 3 s network timeout")
		}
		t.Logf("server exited %v after the client stopped (timeout 3 s)", time.Since(stopped).Round(100*time.Millisecond))
	})
	t.Run("X8-SIGUSR1", func(t *testing.T) {
		t.Parallel()
		s := newSession(t, sideServer, []string{"MOSH_SERVER_SIGNAL_TMOUT=3"}, nil)
		s.echo("before")
		syscall.Kill(s.srv.PID, syscall.SIGUSR1)
		s.echo("after-usr1") // (a) ignored while the client is heard
		if !moshtest.Alive(s.srv.PID) {
			t.Fatal("SIGUSR1 ended the server while its client was active")
		}
		syscall.Kill(s.clientPID, syscall.SIGSTOP)
		defer syscall.Kill(s.clientPID, syscall.SIGCONT)
		time.Sleep(5 * time.Second) // past the 3 s signal timeout
		syscall.Kill(s.srv.PID, syscall.SIGUSR1)
		if !moshtest.WaitGone(s.srv.PID, 20*time.Second) {
			t.Fatal("server still runs 20 s after SIGUSR1 with a silent client")
		}
		sent := false
		for _, e := range s.relay.entries(dirOf(1)) {
			sent = sent || e.in.NewNum == wire.ShutdownNum
		}
		if !sent {
			t.Error("the server did not send its shutdown state toward the stopped client")
		}
	})
	t.Run("X8-SIGUSR1-without-timeout", func(t *testing.T) {
		t.Parallel()
		s := newSession(t, sideServer, nil, nil)
		s.echo("before")
		syscall.Kill(s.srv.PID, syscall.SIGUSR1)
		if code := s.exitStatus(20 * time.Second); code != 0 {
			t.Errorf("client exit status %d, want 0", code)
		}
		if !moshtest.WaitGone(s.srv.PID, 10*time.Second) {
			t.Error("server still runs after SIGUSR1 without MOSH_SERVER_SIGNAL_TMOUT")
		}
	})
}

// TestUnansweredQuit is X3 for our client: the server is killed, the user
// quits; the client gives up and says so, with status 1.
func TestUnansweredQuit(t *testing.T) {
	t.Parallel()
	s := newSession(t, sideClient, nil, nil)
	s.echo("before")
	moshtest.Kill(s.srv.PID)
	s.pane.SendKeys("C-^")
	s.pane.SendLiteral(".")
	if code := s.exitStatus(30 * time.Second); code != 1 {
		t.Errorf("client exit status %d, want 1", code)
	}
	screen, _ := s.pane.Capture()
	if !strings.Contains(screen, "mosh did not shut down cleanly") {
		t.Errorf("no 'did not shut down cleanly' message\nscreen:\n%s", screen)
	}
	n := 0
	for _, e := range s.relay.entries(dirOf(0)) {
		if e.in.NewNum == wire.ShutdownNum {
			n++
		}
	}
	if n == 0 || n > 16 {
		t.Errorf("client sent %d shutdown datagrams, want 1..16", n)
	}
}
