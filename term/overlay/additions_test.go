package overlay

import (
	"testing"
	"time"
)

// TestLoseCursor: after Ctrl-L has been answered, the next epoch is
// predicted at the displayed cursor, not below the stale newline prediction.
func TestLoseCursor(t *testing.T) {
	h := newHarness(t, Always, 150*time.Millisecond)
	h.key("a")
	h.stopped = true
	h.key("\r\f")
	h.server.WriteString("\r\n\x1b[H\x1b[2J$ ")
	h.typed = h.typed[:0]
	h.paint()
	h.p.SetLocalFrameSent(h.sent)
	h.p.NewUserByte('x', h.shown, h.now)
	if c := h.p.cursor(); c.row != 0 || c.col != 3 {
		t.Errorf("cursor predicted at %d,%d, want 0,3", c.row, c.col)
	}
}

// TestEarlyConfirm: the echo on the server's screen confirms a tentative
// epoch before the echo ack, so the next key shows at once; a prediction
// the screen does not show confirms nothing.
func TestEarlyConfirm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		server string // what the server shows before the echo ack
		shown  bool
	}{
		{"echoed", "x", true},
		{"not echoed", "", false},
		{"something else", "y", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Always, 150*time.Millisecond)
			h.stopped = true
			h.key("x") // the first epoch is tentative until confirmed
			h.server.WriteString(tc.server)
			h.typed = h.typed[:0]
			h.paint()
			h.key("z")
			if got := h.row(1) == "$ "+tc.server+"z" || h.row(1) == "$ xz"; got != tc.shown {
				t.Errorf("row %q, shown %v, want %v", h.row(1), got, tc.shown)
			}
		})
	}
}

// TestPromptColumn: the first key after Enter goes after the new prompt
// once it shows, not in column 0; before it shows, mosh's column 0 stands.
func TestPromptColumn(t *testing.T) {
	for _, tc := range []struct {
		name             string
		bottom, answered bool
		row, col         int
	}{
		{"prompt shown", false, true, 2, 2},
		{"not yet", false, false, 2, 0},
		// On the bottom row Enter scrolls, and the cursor row alone
		// cannot tell whether the application has answered.
		{"bottom row, prompt shown", true, true, 5, 2},
		{"bottom row, not yet", true, false, 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Always, 150*time.Millisecond)
			if tc.bottom {
				h.server.WriteString("\r\n\r\n\r\n\r\n$ ")
				h.paint()
			}
			h.key("a")
			h.stopped = true
			h.key("\r")
			if tc.answered {
				h.server.WriteString("\r\n$ ")
				h.typed = h.typed[:0]
				h.paint()
			}
			h.p.SetLocalFrameSent(h.sent)
			h.p.NewUserByte('x', h.shown, h.now)
			if c := h.p.cursor(); c.row != tc.row || c.col != tc.col+1 {
				t.Errorf("cursor after x at %d,%d, want %d,%d", c.row, c.col, tc.row, tc.col+1)
			}
		})
	}
}
