package interop

import (
	"strings"
	"testing"
	"time"
)

// TestResizeStorm is E13 in both pairings and with mosh 1.4.0 as the
// oracle: the window goes 80×24 → 100×30 → 60×20 → 80×24 at once. The
// application must end at 24×80 and see no more SIGWINCHs than there
// were resizes (mosh delivers only the last of a run to the pty).
func TestResizeStorm(t *testing.T) {
	for _, sd := range []side{sideServer, sideClient, sideReal} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			s.pane.SendLiteral(`trap 'echo ok-WINCH' WINCH; while :; do sleep 0.2; done`)
			s.pane.SendKeys("Enter")
			time.Sleep(500 * time.Millisecond)
			for _, wh := range [][2]int{{100, 30}, {60, 20}, {80, 24}} {
				if err := s.pane.Resize(wh[0], wh[1]); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(2 * time.Second)
			s.pane.SendKeys("C-c")
			s.wait("the prompt", func(screen string) bool { return lastLine(screen) == "$" })
			screen, _ := s.pane.Capture()
			n := strings.Count(screen, "ok-WINCH")
			t.Logf("%d SIGWINCH seen by the application", n)
			if n < 1 || n > 3 {
				t.Errorf("the application saw %d SIGWINCH for 3 resizes\n%s", n, screen)
			}
			s.pane.SendLiteral("stty size")
			s.pane.SendKeys("Enter")
			s.wait("stty size", func(screen string) bool {
				l := contentLines(screen)
				return len(l) >= 2 && l[len(l)-2] == "24 80"
			})
		})
	}
}
