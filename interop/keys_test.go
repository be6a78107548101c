package interop

import (
	"slices"
	"strings"
	"testing"
)

// TestCursorKeys is E14 in both pairings: the application sees the Up
// key as ESC O A when it has set application cursor keys (DECCKM) and as
// ESC [ A when it has not, whatever the user's terminal sends.
func TestCursorKeys(t *testing.T) {
	cases := []struct {
		mode, want string
	}{
		{`\033[?1h`, "033   O   A"},
		{`\033[?1l`, "033   [   A"},
	}
	for _, sd := range []side{sideServer, sideClient} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			for _, c := range cases {
				// The marker line shows only after the server's emulator
				// has taken the mode, which it applies to keys as they
				// arrive: the Up key must not overtake it.
				s.pane.SendLiteral("printf '" + c.mode + "'; echo od-ready; od -c")
				s.pane.SendKeys("Enter")
				s.wait("od to start", func(screen string) bool {
					return slices.Contains(contentLines(screen), "od-ready")
				})
				s.pane.SendKeys("Up", "Enter", "C-d")
				screen := s.wait("od's dump of the Up key", func(screen string) bool {
					return lastLine(screen) == "$" && strings.Contains(screen, "0000004")
				})
				if !strings.Contains(screen, c.want) {
					t.Errorf("mode %s: the application did not read %q\n%s", c.mode, c.want, screen)
				}
				s.pane.SendLiteral("clear")
				s.pane.SendKeys("Enter")
				s.wait("a clear screen", func(screen string) bool { return len(contentLines(screen)) == 1 })
			}
		})
	}
}
