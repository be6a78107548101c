package tmux_test

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
)

func TestPaneRoundTrip(t *testing.T) {
	testenv.Need(t, "tmux")
	p, err := tmux.Start(tmux.Options{
		Dir: t.TempDir(), Width: 40, Height: 10,
		Env:     []string{"PS1=$ ", "ENV="},
		Command: []string{"/bin/sh"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })

	// dash ignores PS1 from the environment when run as root ("# ").
	if _, err := p.WaitFor(5*time.Second, func(s string) bool { return strings.TrimSpace(s) != "" }); err != nil {
		t.Fatal(err)
	}
	if err := p.SendLiteral("echo hi-$((6*7))"); err != nil {
		t.Fatal(err)
	}
	if err := p.SendKeys("Enter"); err != nil {
		t.Fatal(err)
	}
	screen, err := p.WaitForText(5*time.Second, "hi-42")
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Split(screen, "\n"); len(rows) != 10 {
		t.Errorf("capture has %d rows, want 10", len(rows))
	}
	if err := p.SendLiteral("stty size"); err != nil {
		t.Fatal(err)
	}
	p.SendKeys("Enter")
	if _, err := p.WaitForText(5*time.Second, "10 40"); err != nil {
		t.Fatal(err)
	}
	if err := p.Resize(50, 12); err != nil {
		t.Fatal(err)
	}
	p.SendLiteral("stty size")
	p.SendKeys("Enter")
	if _, err := p.WaitForText(5*time.Second, "12 50"); err != nil {
		t.Fatal(err)
	}
	x, y, err := p.Cursor()
	if err != nil || x != 2 || y < 4 {
		t.Errorf("cursor = (%d,%d), %v; want column 2 after the prompt", x, y, err)
	}
	if pid, err := p.PID(); err != nil || pid <= 0 {
		t.Errorf("PID() = %d, %v", pid, err)
	}
	if _, err := p.WaitDead(50 * time.Millisecond); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Errorf("WaitDead on a running shell: %v, want the still-running error", err)
	}
	p.SendLiteral("exit 3")
	p.SendKeys("Enter")
	status, err := p.WaitDead(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// -1: tmux 3.3a sometimes never records the status of a pane it
	// marked dead when its terminal closed (see Dead).
	if status != 3 && status != -1 {
		t.Errorf("exit status %d, want 3 (or -1, unknown to tmux)", status)
	}
}
