package interop

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/crypto"
)

// TestDeadPeer is T7 in both pairings: with the real peer stopped
// (SIGSTOP), our program retransmits its unacknowledged state under the
// same number, quickly at first and every 3 s once the peer has been
// silent for 10 s; after SIGCONT the session recovers.
func TestDeadPeer(t *testing.T) {
	for _, sd := range []side{sideServer, sideClient} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			s.echo("before")
			peer := s.srv.PID
			ourDir := crypto.ToServer
			if sd == sideServer {
				peer, ourDir = s.clientPID, crypto.ToClient
				// Output that appears after the client is stopped.
				s.pane.SendLiteral("(sleep 1; echo ok-late)")
				s.pane.SendKeys("Enter")
				time.Sleep(300 * time.Millisecond)
			}
			syscall.Kill(peer, syscall.SIGSTOP)
			stopped := time.Now()
			defer syscall.Kill(peer, syscall.SIGCONT)
			if sd == sideClient {
				s.pane.SendLiteral("echo ok-late")
			}
			time.Sleep(13 * time.Second)
			log := s.relay.entries(ourDir)
			syscall.Kill(peer, syscall.SIGCONT)

			counts := map[uint64]int{}
			var top uint64
			late := 0
			for _, e := range log {
				if e.at.Before(stopped.Add(1500 * time.Millisecond)) {
					continue
				}
				counts[e.in.NewNum]++
				top = max(top, e.in.NewNum)
				if e.at.After(stopped.Add(11 * time.Second)) {
					late++
				}
			}
			t.Logf("states sent while the peer was stopped: %v; in its last 2 s: %d", counts, late)
			if counts[top] < 3 {
				t.Errorf("state %d sent %d times in 11 s, want retransmissions", top, counts[top])
			}
			if late > 2 {
				t.Errorf("%d datagrams in the last 2 s of silence, want one per 3 s", late)
			}
			if sd == sideClient {
				s.pane.SendKeys("Enter")
			}
			s.wait("the late output", func(screen string) bool {
				l := contentLines(screen)
				return len(l) >= 2 && l[len(l)-2] == "ok-late" && l[len(l)-1] == "$"
			})
		})
	}
}

// TestLatenessBar is K4 with only the client's datagrams lost, for our
// client and for mosh 1.4.0 as the oracle. The plan expects "Last
// reply" here, but mosh-server keeps retransmitting its unacknowledged
// state under the same number, so no new remote state reaches the client
// and mosh-client 1.4.0 shows "Last contact" (the age of the newest
// remote state, PREDICTION.md §14); ours must show the same, and the bar
// must go when the link is back.
func TestLatenessBar(t *testing.T) {
	for _, sd := range []side{sideClient, sideReal} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			s.echo("before")
			s.relay.setBlackhole(crypto.ToServer, true)
			if _, err := s.pane.WaitForText(25*time.Second, "mosh: Last contact"); err != nil {
				screen, _ := s.pane.Capture()
				t.Fatalf("no 'Last contact' bar: %v\n%s", err, screen)
			}
			if screen, _ := s.pane.Capture(); strings.Contains(screen, "Last reply") {
				t.Errorf("bar says 'Last reply':\n%s", screen)
			}
			s.relay.setBlackhole(crypto.ToServer, false)
			s.echo("after")
			s.finalScreen()
		})
	}
}
