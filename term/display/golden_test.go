package display

import (
	"strings"
	"testing"

	"ssh-mosh/term"
)

// readable replaces the spaces-for-readability notation of DISPLAY.md §10
// with bytes: tokens are separated by spaces, "␠" is a real space, and
// ESC, BEL, \r, \n, \b are control characters.
func readable(s string) string {
	r := strings.NewReplacer(" ", "", "␠", " ", "ESC", "\x1b", "BEL", "\a",
		`\r`, "\r", `\n`, "\n", `\b`, "\b")
	return r.Replace(s)
}

// snapshots feeds old into a fresh w×h emulator, snapshots the
// framebuffer, feeds more, and returns both framebuffers.
func snapshots(t *testing.T, w, h int, old, more string) (*term.Framebuffer, *term.Framebuffer) {
	t.Helper()
	e := term.New(w, h)
	e.WriteString(old)
	before := e.Framebuffer().Clone()
	e.WriteString(more)
	return before, e.Framebuffer()
}

// TestGolden checks NewFrame against the verified examples of
// DISPLAY.md §10, §4.1 and PROTOCOL.md §12.5, byte for byte.
func TestGolden(t *testing.T) {
	lines23 := ""
	for i := range 23 {
		lines23 += "L" + string(rune('A'+i)) + "\r\n"
	}
	tests := []struct {
		name       string
		w, h       int
		old, more  string
		want       string
		wantPrefix bool
	}{
		{"hello", 10, 4, "", "hello", "hello", false},
		{"ls", 10, 4, "$ ", "ls\r\nfoo bar\r\n$ ", `ls ESC[?25l \r\n foo␠bar \r\n $␠ ESC[?25h`, false},
		{"scroll at bottom", 10, 3, "a\r\nb\r\nc", "\r\nd", `ESC[0m \r\n d`, false},
		{"scroll region", 10, 5, "a\r\nb\r\nc\r\nd\r\ne\x1b[1;1H", "\x1b[1;4r\x1b[4;1H\n\x1b[r\x1b[5;1HE",
			`ESC[0m ESC[1;4r ESC[?25l ESC[4;1H \n ESC[r ESC[5;1H E ESC[?25h`, false},
		{"bell title clipboard modes", 10, 4, "",
			"\x1b]0;T\a\x1b]52;c;aGk=\a\a\x1b[?2004h\x1b[?1000h\x1b[?1006h\x1b[?25l\x1b[1;31mX",
			`BEL ESC]0;T BEL ESC]52;c;aGk= BEL ESC[0;1;31m X ESC[?25l ESC[?2004h ESC[?1000h ESC[?1006h`, false},
		{"reverse video cursor background", 10, 4, "\x1b]2;A\a\x1b]1;B\a", "\x1b[?1002h\x1b[?5h\x1b[3;3H\x1b[44m",
			`ESC[?5h ESC[3;3H ESC[0;44m ESC[?1002h`, false},
		{"wrapped row", 10, 3, "", "abcdefghijklmn", `abcdefghi ESC[?25l ESC[1;10H jklmn ESC[?25h`, false},
		{"combining and wide", 10, 2, "", "e\u0301\x1b[1;5H\u0301中", "e\u0301 ESC[?25l ESC[1;5H \u00a0\u0301中 ESC[?25h", false},
		{"erase runs", 20, 2, "aaaaaaaaaaaaaaaaaaa", "\x1b[1;2H\x1b[4X\x1b[1;8H\x1b[5X\x1b[44m\x1b[2;1H\x1b[3X",
			`ESC[?25l ESC[1;2H ␠␠␠␠ a ESC[1;8H ESC[5X ESC[1;13H a \r\n ESC[0;44m ␠␠␠ ESC[0m ESC[K \r ESC[?25h ESC[0;44m`, false},
		{"false scroll from gens", 10, 4, "x", "\x1b[1;1H\x1b[X", `ESC[0m ESC[1;4r ESC[?25l ESC[4;1H \n ESC[r ESC[1;1H ESC[?25h`, false},
		{"scroll one line 80x24", 80, 24, lines23, "x\r\n",
			`ESC[0m ESC[1;23r ESC[?25l ESC[23;1H \n ESC[r ESC[23;1H x \r\n ESC[?25h`, false},
		{"scroll three lines 80x24", 80, 24, lines23, "1\r\n2\r\n3\r\n",
			`ESC[0m ESC[1;23r ESC[?25l ESC[23;1H \n\n\n ESC[r ESC[21;1H 1 \r\n 2 \r\n 3 \r\n ESC[?25h`, false},
		{"prompt echo", 80, 24, "", "\n$ ", `ESC[?25l \n $␠ ESC[?25h`, false},
		{"typed character", 80, 24, "$ ", "e", `e`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := snapshots(t, tt.w, tt.h, tt.old, tt.more)
			got := string(NewFrame(true, a, b))
			want := readable(tt.want)
			if got != want {
				t.Fatalf("NewFrame =\n%q\nwant\n%q\n% x\n% x", got, want, got, want)
			}
			// Replayed on a copy of the old screen, the frame gives the
			// new one, with every wrap flag but the last row's.
			c := term.New(tt.w, tt.h)
			c.Write(NewFrame(false, nil, a))
			c.WriteString(got)
			if d := Difference(b, c.Framebuffer()); d != "" {
				t.Fatal(d)
			}
			for y := 0; y < tt.h-1; y++ {
				if b.Row(y).Wrap() != c.Framebuffer().Row(y).Wrap() {
					t.Fatalf("row %d: wrap %v, want %v", y, c.Framebuffer().Row(y).Wrap(), b.Row(y).Wrap())
				}
			}
		})
	}
}

// TestGoldenInit checks the full initialisation frame of DISPLAY.md §7.1
// (30×6) and the resize frame of PROTOCOL.md §12.5.
func TestGoldenInit(t *testing.T) {
	blank := term.NewFramebuffer(30, 6)
	got := string(NewFrame(false, blank, blank))
	want := readable(`ESC[?5l ESC[r ESC[0m ESC[H ESC[2J ESC[?25l`) +
		strings.Repeat("\x1b[K\n", 5) + "\x1b[K" +
		readable(`ESC[1;1H ESC[?25h ESC[0m ESC[?2004l ESC[?1003l ESC[?1002l ESC[?1001l ESC[?1000l ESC[?1004l`+
			`ESC[?1015l ESC[?1006l ESC[?1005l`)
	if got != want {
		t.Fatalf("init frame =\n%q\nwant\n%q", got, want)
	}

	e := term.New(80, 24)
	e.WriteString("$ ")
	old := e.Framebuffer().Clone()
	e.Resize(100, 30)
	got = string(NewFrame(true, old, e.Framebuffer()))
	prefix := readable(`ESC[r ESC[0m ESC[H ESC[2J ESC[?25l $␠`)
	suffix := readable(`ESC[1;3H ESC[?25h ESC[0m ESC[?2004l ESC[?1003l ESC[?1002l ESC[?1001l ESC[?1000l ESC[?1004l ESC[?1015l ESC[?1006l ESC[?1005l`)
	if !strings.HasPrefix(got, prefix) || !strings.HasSuffix(got, suffix) {
		t.Fatalf("resize frame = %q", got)
	}
}

// TestNoBackspaceQuirk checks that after the last column is written the
// cursor is placed with CUP, not with backspaces counted from one past
// the end (PROTOCOL.md §12.5, "Known quirk").
func TestNoBackspaceQuirk(t *testing.T) {
	a, b := snapshots(t, 80, 24, "", "\x1b[24;1H"+strings.Repeat("y", 80)+"\x1b[24;80H")
	got := string(NewFrame(true, a, b))
	want := "\x1b[?25l\x1b[24;1H" + strings.Repeat("y", 80) + "\x1b[24;80H\x1b[?25h"
	if got != want {
		t.Fatalf("NewFrame = %q\nwant %q", got, want)
	}
	c := term.New(80, 24)
	c.WriteString(got)
	if d := Difference(b, c.Framebuffer()); d != "" {
		t.Fatal(d)
	}
}

// TestCapsWithoutECH checks the client-side path without ECH and BCE:
// runs are written as spaces, and a coloured tail is not erased with EL.
func TestCapsWithoutECH(t *testing.T) {
	a, b := snapshots(t, 20, 2, "aaaaaaaaaaaaaaaaaaa", "\x1b[1;8H\x1b[5X\x1b[44m\x1b[2;1H\x1b[2K")
	got := string(AppendFrame(nil, Caps{}, true, a, b))
	want := readable(`ESC[?25l ESC[1;8H ␠␠␠␠␠ a \r\n ESC[0;44m`) + strings.Repeat(" ", 20) +
		readable(`ESC[2;1H ESC[?25h`)
	if got != want {
		t.Fatalf("AppendFrame = %q\nwant %q", got, want)
	}
}
