package client

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/relay"
)

// TestSlowLink runs the client through an impairment relay with a
// 300 ms round trip: a burst of keystrokes shows up underlined before the
// echo, the screen ends exact, a cut link brings up the notification bar and
// a restored one clears it, a roamed source port keeps the session up, and the shell's exit ends
// the client cleanly.
func TestSlowLink(t *testing.T) {
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) { testSlowLink(t, s.path) })
	}
}

func testSlowLink(t *testing.T, path string) {
	srv := startMoshServer(t, path)
	half := relay.Impairment{Delay: 150 * time.Millisecond}
	r, err := relay.New(relay.Config{Server: srv.Addr.String(), Up: half, Down: half, Seed: 1, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	addr := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(r.Port()))
	pane, _ := startClientPane(t, addr, srv.Key.String())
	if _, err := pane.WaitForText(15*time.Second, "$"); err != nil {
		t.Fatal(err)
	}
	// Confirm an epoch first: the first keystroke after start-up is never
	// shown before its echo.
	if err := pane.SendLiteral("e"); err != nil {
		t.Fatal(err)
	}
	if _, err := pane.WaitForText(5*time.Second, "$ e"); err != nil {
		t.Fatal(err)
	}
	// The echo ack that confirms the epoch follows the echo.
	time.Sleep(time.Second)
	if err := pane.SendLiteral("cho slow-link"); err != nil {
		t.Fatal(err)
	}
	underlined, err := pane.WaitFor(5*time.Second, func(string) bool {
		esc, err := pane.CaptureEscapes()
		return err == nil && strings.Contains(esc, "\x1b[4m") && strings.Contains(esc, "slow")
	})
	if err != nil {
		t.Fatalf("no underlined prediction seen: %v\n%s", err, underlined)
	}
	if err := typeLine(pane, ""); err != nil {
		t.Fatal(err)
	}
	screen, err := pane.WaitFor(10*time.Second, func(s string) bool {
		return strings.Contains(s, "$ echo slow-link\nslow-link\n$")
	})
	if err != nil {
		t.Fatalf("final screen: %v\n%s", err, screen)
	}

	r.Cut()
	if _, err := pane.WaitForText(15*time.Second, "mosh: Last contact"); err != nil {
		r.Restore()
		t.Fatal(err)
	}
	r.Restore()
	if _, err := pane.WaitFor(15*time.Second, func(s string) bool { return !strings.Contains(s, "mosh: Last") }); err != nil {
		t.Fatalf("bar stayed after the link came back: %v", err)
	}

	if _, err := r.Roam(); err != nil {
		t.Fatal(err)
	}
	if err := typeLine(pane, "echo roamed-$((2*3))"); err != nil {
		t.Fatal(err)
	}
	if _, err := pane.WaitForText(15*time.Second, "roamed-6"); err != nil {
		t.Fatal(err)
	}
	// The shell's exit is the server's shutdown, which the client acks.
	if err := typeLine(pane, "exit"); err != nil {
		t.Fatal(err)
	}
	if screen, err := pane.WaitForText(15*time.Second, "EXIT=0"); err != nil {
		t.Fatalf("%v\n%s", err, screen)
	}
}
