package interop

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
)

// TestReplay is F6 toward our program in both pairings: every datagram
// our program received while a command was typed and answered is sent
// to it again, ten times over, seconds later. No keystroke may reach the
// shell twice and the screen must not change.
func TestReplay(t *testing.T) {
	for _, sd := range []side{sideServer, sideClient} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			s.echo("first")
			mark, _ := s.relay.sent(sd.toward(), 0)
			s.echo("typed")
			_, captured := s.relay.sent(sd.toward(), mark)
			if len(captured) == 0 {
				t.Fatal("nothing captured")
			}
			time.Sleep(2 * time.Second)
			before, _ := s.pane.Capture()
			for range 10 {
				for _, d := range captured {
					s.relay.send(sd.toward(), d)
				}
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(time.Second)
			after, _ := s.pane.Capture()
			if strings.Join(contentLines(after), "\n") != strings.Join(contentLines(before), "\n") {
				t.Errorf("the screen changed after %d replayed datagrams\nbefore:\n%s\nafter:\n%s", len(captured), before, after)
			}
			screen := s.echo("last")
			if n := strings.Count(screen, "$ echo ok-typed"); n != 1 {
				t.Errorf("the typed command shows %d times\n%s", n, screen)
			}
			s.finalScreen()
		})
	}
}

// TestClientPortHop is F9 for our client: while the server's datagrams
// are blackholed and the user types, the client moves to a new source
// port (10 s without a round trip); once the link is back the server
// follows and the session recovers, with every keystroke delivered.
func TestClientPortHop(t *testing.T) {
	t.Parallel()
	s := newSession(t, sideClient, nil, nil)
	s.echo("before")
	s.relay.setBlackhole(crypto.ToClient, true)
	typed := "echo ok-hop"
	deadline := time.Now().Add(25 * time.Second)
	n := 0 // characters typed so far, one every 2 s
	for i := 0; len(s.relay.clientPorts()) < 2 && time.Now().Before(deadline); i++ {
		if n < len(typed) && i%10 == 0 {
			s.pane.SendLiteral(typed[n : n+1])
			n++
		}
		time.Sleep(200 * time.Millisecond)
	}
	s.relay.setBlackhole(crypto.ToClient, false)
	ports := s.relay.clientPorts()
	if len(ports) < 2 {
		t.Fatalf("the client kept source port %v through 25 s without an answer", ports)
	}
	t.Logf("client ports %v", ports)
	s.pane.SendLiteral(typed[n:])
	s.pane.SendKeys("Enter")
	s.wait("the echo after the hop", func(screen string) bool {
		l := contentLines(screen)
		n := len(l)
		return n >= 2 && l[n-2] == "ok-hop" && l[n-1] == "$"
	})
}
