package overlay

import (
	"testing"
	"time"

	"ssh-mosh/term"
)

const hint = " [To quit: Ctrl-^ .]"

func TestNotifierText(t *testing.T) {
	t0 := time.Unix(5000, 0)
	for _, tc := range []struct {
		name  string
		setup func(n *Notifier)
		at    time.Duration
		want  string
	}{
		{"quiet", func(*Notifier) {}, 6 * time.Second, ""},
		{"contact", func(*Notifier) {}, 6600 * time.Millisecond, "mosh: Last contact 6 seconds ago." + hint},
		{"minutes", func(*Notifier) {}, 65 * time.Second, "mosh: Last contact 1:05 ago." + hint},
		{"hours", func(*Notifier) {}, 3723 * time.Second, "mosh: Last contact 1:02:03 ago." + hint},
		{"reply", func(n *Notifier) { n.ServerHeard(t0.Add(10 * time.Second)) }, 11 * time.Second, "mosh: Last reply 11 seconds ago." + hint},
		{"message", func(n *Notifier) { n.Set("Exiting...", true, true, t0) }, time.Second, "mosh: Exiting..." + hint},
		{"message late", func(n *Notifier) { n.Set("Timed out waiting for server...", true, true, t0) }, 15 * time.Second,
			"mosh: Timed out waiting for server... (15 s without contact.)" + hint},
		{"no hint", func(n *Notifier) { n.Set("help", true, false, t0) }, time.Second, "mosh: help"},
		{"expired", func(n *Notifier) { n.Set("gone", false, true, t0) }, time.Second, ""},
	} {
		n := NewNotifier(t0)
		n.SetQuitHint(hint)
		tc.setup(n)
		now := t0.Add(tc.at)
		n.AdjustMessage(now)
		if got := n.Text(now); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNotifierDeadline(t *testing.T) {
	t0 := time.Unix(5000, 0)
	n := NewNotifier(t0)
	if d := n.Deadline(t0.Add(time.Second)); !d.IsZero() {
		t.Errorf("idle bar wants a wake-up at %v", d)
	}
	n.Set("x", false, true, t0)
	if d := n.Deadline(t0); !d.Equal(t0.Add(time.Second)) {
		t.Errorf("expiry deadline %v", d.Sub(t0))
	}
	n.Clear()
	if d := n.Deadline(t0.Add(7200 * time.Millisecond)); !d.Equal(t0.Add(8 * time.Second)) {
		t.Errorf("count-up deadline %v", d.Sub(t0))
	}
	n.SetNetworkError("sendto: Network is unreachable", t0)
	n.ClearNetworkError(t0.Add(100 * time.Millisecond))
	n.AdjustMessage(t0.Add(1100 * time.Millisecond))
	if n.Message() != "" {
		t.Errorf("network error not cut to 1 s")
	}
}

func TestNotifierApply(t *testing.T) {
	t0 := time.Unix(5000, 0)
	n := NewNotifier(t0)
	n.SetQuitHint(hint)
	f := term.NewFramebuffer(30, 6)
	f.DS.CursorVisible = true
	n.Apply(f, t0.Add(6600*time.Millisecond))
	if got := f.Row(0).String(); got != "mosh: Last contact 6 seconds a" {
		t.Errorf("bar %q", got)
	}
	c := f.Cell(0, 0)
	if r := c.Renditions(); r.FG != 37 || r.BG != 44 || !r.Has(term.Bold) {
		t.Errorf("text renditions %+v", r)
	}
	if f.DS.CursorVisible {
		t.Errorf("cursor on row 0 left visible")
	}
}

func TestTitle(t *testing.T) {
	f := term.NewFramebuffer(10, 2)
	f.Title, f.IconName = "T", "T"
	(&Title{Prefix: DefaultTitlePrefix}).Apply(f)
	if f.Title != "[mosh] T" || f.IconName != "[mosh] T" {
		t.Errorf("title %q icon %q", f.Title, f.IconName)
	}
}

func TestUserParserUTF8(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []action
	}{
		{"\xe2\x82\xac", []action{{actPrint, 0x20AC}}},
		{"\xc3A", []action{{actPrint, 0xFFFD}, {actPrint, 'A'}}},
		{"\xe0\x80\x80", []action{{actPrint, 0xFFFD}, {actPrint, 0xFFFD}}},
		{"\x1b[D", []action{{actCSIDispatch, 'D'}}},
		{"\x1b[1;5C", []action{{actCSIDispatch, 'C'}}},
		{"\x1bc", []action{{actEscDispatch, 'c'}}},
		{"\x1b]0;x\x07a", []action{{actPrint, 'a'}}},
		{"\r\x7f", []action{{actExecute, '\r'}, {actPrint, 0x7F}}},
	} {
		var p userParser
		var got []action
		for i := 0; i < len(tc.in); i++ {
			got = p.feed(tc.in[i], got)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
			}
		}
	}
}
