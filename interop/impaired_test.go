package interop

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/relay"
)

// TestImpairedTyping is F4 and F5 end to end in both pairings: through a
// relay that loses 30 % of the datagrams each way, or duplicates every
// one and reorders within 200 ms, typed lines must reach the shell
// exactly once and in order (the shell echoes them back whole), and the
// final screen must be exact.
func TestImpairedTyping(t *testing.T) {
	cases := []struct {
		id string
		im relay.Impairment
	}{
		{"F4-loss-30", relay.Impairment{Loss: 0.3}},
		{"F5-duplicate-reorder", relay.Impairment{Duplicate: 1, Jitter: 200 * time.Millisecond}},
	}
	words := []string{"abcdefghij0123456789", "ABCDEFGHIJ-klmnopqrst"}
	for _, sd := range []side{sideServer, sideClient} {
		for _, c := range cases {
			t.Run(sd.String()+"/"+c.id, func(t *testing.T) {
				t.Parallel()
				s := startSession(t, sd, options{im: &c.im})
				for _, w := range words {
					typeSlowly(t, s, "echo ok-"+w)
					s.pane.SendKeys("Enter")
					screen := s.wait("the echo of "+w, func(screen string) bool {
						l := contentLines(screen)
						n := len(l)
						return n >= 2 && l[n-2] == "ok-"+w && l[n-1] == "$"
					})
					if strings.Count(screen, "\nok-"+w+"\n") != 1 {
						t.Errorf("output of %q not exactly once:\n%s", w, screen)
					}
				}
				s.finalScreen()
			})
		}
	}
}

// typeSlowly types text a few characters at a time, as a user would.
func typeSlowly(t *testing.T, s *session, text string) {
	t.Helper()
	for len(text) > 0 {
		k := min(len(text), 4)
		if err := s.pane.SendLiteral(text[:k]); err != nil {
			t.Fatal(err)
		}
		text = text[k:]
		time.Sleep(60 * time.Millisecond)
	}
}
