package overlay

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/term"
)

// harness is a client and server in virtual time: the server's emulator,
// its echo ack, and the client's engine and frame on display.
type harness struct {
	t       *testing.T
	p       *Predictor
	server  *term.Emulator
	shown   *term.Framebuffer
	sent    uint64
	now     time.Time
	stopped bool
	typed   []byte // keystrokes the server has not processed
}

func newHarness(t *testing.T, mode Mode, interval time.Duration) *harness {
	h := &harness{t: t, p: NewPredictor(mode, false), server: term.New(30, 6), now: time.Unix(1000, 0)}
	h.server.WriteString("\r\n$ ")
	h.p.SetSendInterval(interval)
	h.paint()
	return h
}

// paint is the client's output_new_frame.
func (h *harness) paint() {
	f := h.server.Framebuffer().Clone()
	h.p.Cull(f, h.now)
	h.p.Apply(f)
	h.shown = f
}

// key types s; each call is one client state. A running server echoes at
// once and acknowledges the state.
func (h *harness) key(s string) {
	h.p.SetLocalFrameSent(h.sent)
	for i := 0; i < len(s); i++ {
		h.p.NewUserByte(s[i], h.shown, h.now)
	}
	h.sent++
	h.typed = append(h.typed, s...)
	if !h.stopped {
		h.echo()
	}
	h.paint()
}

// echo makes the server process what was typed, as a shell's line editor
// would for plain text, DEL and arrows, and acknowledge it.
func (h *harness) echo() {
	in := strings.ReplaceAll(string(h.typed), "\x7f", "\b\x1b[K")
	in = strings.ReplaceAll(in, "\r", "\r\n")
	in = strings.ReplaceAll(in, "\x1bOD", "\b")
	in = strings.ReplaceAll(in, "\x1bOC", "\x1b[C")
	h.server.WriteString(in)
	h.typed = h.typed[:0]
	h.p.SetLocalFrameLateAcked(h.sent)
}

func (h *harness) wait(d time.Duration) {
	h.now = h.now.Add(d)
	h.paint()
}

func (h *harness) row(y int) string { return h.shown.Row(y).String() }

func (h *harness) underlined(y, x int) bool {
	c := h.shown.Cell(y, x)
	return c.Renditions().Has(term.Underline)
}

// TestAlwaysObserved replays PREDICTION.md §16 (always mode, loopback).
func TestAlwaysObserved(t *testing.T) {
	h := newHarness(t, Always, 20*time.Millisecond)
	h.key("a")
	h.key("b")
	if got := h.row(1); got != "$ ab" {
		t.Fatalf("echoed row %q", got)
	}
	h.stopped = true
	steps := []struct {
		key      string
		row      string
		col      int
		underNum int
	}{
		{"c", "$ abc", 5, 0},
		{"d", "$ abcd", 6, 0},
		{"\x7f", "$ abc", 5, 0},
		{"\x1bOD", "$ abc", 4, 0},
		{"e", "$ abec", 5, 0},
		{"\x1bOC", "$ abec", 6, 0},
		{"\r", "$ abec", 6, 0},
		{"f", "$ abec", 6, 0},
	}
	for _, s := range steps {
		h.key(s.key)
		if got := h.row(1); got != s.row {
			t.Errorf("after %q: row %q, want %q", s.key, got, s.row)
		}
		if got := h.shown.DS.CursorCol; got != s.col {
			t.Errorf("after %q: cursor col %d, want %d", s.key, got, s.col)
		}
		if h.underlined(1, 4) {
			t.Errorf("after %q: underlined on loopback", s.key)
		}
	}
	if got := h.row(2); got != "" {
		t.Errorf("tentative line shown: %q", got)
	}
	h.wait(5 * time.Second)
	h.wait(50 * time.Millisecond) // the engine's timer: flagging follows the glitch
	if !h.underlined(1, 4) || !h.underlined(1, 5) || h.underlined(1, 2) {
		t.Errorf("after 5 s pending, want e and c underlined, a not")
	}
	h.stopped = false
	h.echo()
	h.paint()
	if got, want := h.shown.String(), h.server.Framebuffer().String(); got != want {
		t.Errorf("after resume shown %q, server %q", got, want)
	}
}

// TestAdaptiveGlitch: on a fast link nothing is shown until a prediction is
// 250 ms late (PREDICTION.md §16, last paragraph).
func TestAdaptiveGlitch(t *testing.T) {
	h := newHarness(t, Adaptive, 20*time.Millisecond)
	h.key("a")
	h.key("b")
	h.stopped = true
	h.key("c")
	h.wait(100 * time.Millisecond)
	h.key("d")
	if got := h.row(1); got != "$ ab" {
		t.Fatalf("shown before the glitch: %q", got)
	}
	if d := h.p.Deadline(h.now); d.IsZero() || d.Sub(h.now) != 50*time.Millisecond {
		t.Fatalf("deadline %v, want 50 ms", d.Sub(h.now))
	}
	h.wait(100 * time.Millisecond)
	h.wait(50 * time.Millisecond)
	if got := h.row(1); got != "$ abcd" {
		t.Fatalf("after 250 ms: %q", got)
	}
	if h.underlined(1, 4) {
		t.Errorf("glitch below 5 s must not underline")
	}
}

// TestSlowLinkUnderlines: a send interval above 80 ms shows and underlines.
func TestSlowLinkUnderlines(t *testing.T) {
	h := newHarness(t, Adaptive, 150*time.Millisecond)
	h.key("x")
	h.stopped = true
	h.key("y")
	if got := h.row(1); got != "$ xy" || !h.underlined(1, 3) || h.underlined(1, 2) {
		t.Errorf("row %q, underline y %v x %v", got, h.underlined(1, 3), h.underlined(1, 2))
	}
}

// TestPasswordNeverShown: after Enter, keystrokes that are never echoed
// stay invisible, epoch after epoch.
func TestPasswordNeverShown(t *testing.T) {
	h := newHarness(t, Always, 150*time.Millisecond)
	h.key("a")
	h.key("\r")
	h.server.WriteString("Password: ")
	h.paint()
	for _, k := range []string{"s", "e", "c", "r", "e", "t"} {
		h.p.SetLocalFrameSent(h.sent)
		h.p.NewUserByte(k[0], h.shown, h.now)
		h.sent++
		h.p.SetLocalFrameLateAcked(h.sent)
		h.paint()
		if got := h.row(2); got != "Password:" {
			t.Fatalf("password shown: %q", got)
		}
	}
}

// TestWrongPredictionResets: a shown prediction the server contradicts is
// dropped together with everything else.
func TestWrongPredictionResets(t *testing.T) {
	h := newHarness(t, Always, 20*time.Millisecond)
	h.key("a")
	h.stopped = true
	h.key("b")
	if got := h.row(1); got != "$ ab" {
		t.Fatalf("row %q", got)
	}
	h.typed = []byte("X")
	h.echo()
	h.paint()
	if got := h.row(1); got != "$ aX" {
		t.Errorf("row %q, want the server's", got)
	}
	if h.p.active() {
		t.Errorf("predictions left after a wrong one")
	}
}

// TestNeverMode makes no predictions.
func TestNeverMode(t *testing.T) {
	h := newHarness(t, Never, 150*time.Millisecond)
	h.key("a")
	h.stopped = true
	h.key("b")
	if got := h.row(1); got != "$ a" || h.p.active() {
		t.Errorf("row %q active %v", got, h.p.active())
	}
}

// TestOverwrite replaces instead of inserting.
func TestOverwrite(t *testing.T) {
	h := newHarness(t, Always, 20*time.Millisecond)
	h.p.overwrite = true
	h.server.WriteString("xyz\b\b\b")
	h.paint()
	h.key("a")
	h.stopped = true
	h.key("b")
	if got := h.row(1); got != "$ abz" {
		t.Errorf("row %q", got)
	}
}

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Mode
		err  string
	}{
		{"adaptive", Adaptive, ""},
		{"always", Always, ""},
		{"never", Never, ""},
		{"experimental", Experimental, ""},
		{"", Adaptive, "Unknown prediction mode ."},
		{"Always", Adaptive, "Unknown prediction mode Always."},
	} {
		m, err := ParseMode(tc.in)
		if m != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("ParseMode(%q) = %v, %v", tc.in, m, err)
		}
	}
}
