package term

import (
	"strings"
	"testing"
)

// screenCase is one table row: feed in to a w×h emulator, then check the
// screen text (rows joined by "|", trailing empty rows omitted when the
// expectation is shorter), the cursor and optionally more.
type screenCase struct {
	name     string
	w, h     int
	in       string
	rows     string // expected rows, joined by "|"
	row, col int    // expected cursor
	check    func(t *testing.T, e *Emulator)
}

func runScreenCases(t *testing.T, cases []screenCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, h := tc.w, tc.h
			if w == 0 {
				w, h = 10, 4
			}
			e := New(w, h)
			e.WriteString(tc.in)
			fb := e.Framebuffer()
			got := make([]string, fb.Height())
			for y := range got {
				got[y] = fb.Row(y).String()
			}
			want := strings.Split(tc.rows, "|")
			for len(want) < len(got) {
				want = append(want, "")
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("rows = %q, want %q", got, want)
			}
			if fb.DS.CursorRow != tc.row || fb.DS.CursorCol != tc.col {
				t.Errorf("cursor = (%d,%d), want (%d,%d)", fb.DS.CursorRow, fb.DS.CursorCol, tc.row, tc.col)
			}
			if tc.check != nil {
				tc.check(t, e)
			}
		})
	}
}

func TestPrintAndWrap(t *testing.T) {
	runScreenCases(t, []screenCase{
		{name: "plain", in: "hello", rows: "hello", col: 5},
		{name: "wrap pending at last column", in: "0123456789", rows: "0123456789", col: 9,
			check: func(t *testing.T, e *Emulator) {
				if !e.fb.DS.NextPrintWillWrap {
					t.Error("wrap-pending not set")
				}
			}},
		{name: "wrap", in: "0123456789ab", rows: "0123456789|ab", row: 1, col: 2,
			check: func(t *testing.T, e *Emulator) {
				if !e.fb.Row(0).Wrap() || e.fb.Row(1).Wrap() {
					t.Error("wrap flags wrong")
				}
			}},
		{name: "CR clears wrap pending", in: "0123456789\rX", rows: "X123456789", col: 1},
		{name: "scroll at bottom", in: "a\r\nb\r\nc\r\nd\r\ne", rows: "b|c|d|e", row: 3, col: 1},
		{name: "autowrap off", in: "\x1b[?7l0123456789XY", rows: "012345678Y", col: 9},
		{name: "wide", in: "中文", rows: "中文", col: 4,
			check: func(t *testing.T, e *Emulator) {
				if !e.fb.Cell(0, 0).Wide() || e.fb.Cell(0, 1).Wide() || !e.fb.Cell(0, 1).Empty() {
					t.Error("wide cells wrong")
				}
			}},
		{name: "wide does not fit", in: "012345678中", rows: "012345678|中", row: 1, col: 2,
			check: func(t *testing.T, e *Emulator) {
				if e.fb.Row(0).Wrap() {
					t.Error("row marked wrapped after early wide wrap")
				}
			}},
		{name: "combining", in: "a\u0301", rows: "a\u0301", col: 1},
		// TERMINAL.md §4.2 verified example.
		{name: "combining after move", in: "a\u0301\x1b[1;5H\u0301b\x1b[1;1H\u0302",
			rows: "a\u0301\u0302   \u00a0\u0301b", col: 0},
		{name: "DEL ignored", in: "a\x7fb", rows: "ab", col: 2},
		{name: "unprintable dropped", in: "a\u0378b", rows: "ab", col: 2},
		{name: "origin mode print jumps into region", in: "\x1b[3;5r\x1b[?6hX", rows: "X", row: 2, col: 1},
		{name: "insert mode", in: "abc\r\x1b[4hX", rows: "Xabc", col: 1},
		{name: "invalid utf8", in: "\xc3A\xe2\x82\xac", rows: "\ufffdA€", col: 3},
		{name: "C1 CSI as UTF-8", in: "\xc2\x9b2CX", rows: "  X", col: 3},
		{name: "ESC é swallowed", in: "\x1bé", rows: "", col: 0},
	})
}

func TestCursorMovement(t *testing.T) {
	runScreenCases(t, []screenCase{
		{name: "CUP", in: "\x1b[3;4H", row: 2, col: 3},
		{name: "CUP default", in: "\x1b[3;4H\x1b[H", row: 0, col: 0},
		{name: "CUP zero is default", in: "\x1b[0;0H", row: 0, col: 0},
		{name: "CUP clamps", in: "\x1b[99;99H", row: 3, col: 9},
		{name: "HVP", in: "\x1b[2;2f", row: 1, col: 1},
		{name: "CUU CUD CUF CUB", in: "\x1b[3;5H\x1b[A\x1b[2C\x1b[B\x1b[3D", row: 2, col: 3},
		{name: "CUU stops at screen top", in: "\x1b[2;3r\x1b[3;1H\x1b[5A", row: 0, col: 0},
		{name: "CHA HPA VPA", in: "\x1b[5G\x1b[3d", row: 2, col: 4},
		{name: "HPA", in: "\x1b[7`", row: 0, col: 6},
		{name: "BS stops at 0", in: "a\b\b\b", rows: "a", col: 0},
		{name: "HT", in: "\tX", rows: "        X", col: 9},
		{name: "HT to last col", in: "\t\t\t", row: 0, col: 9},
		{name: "CHT CBT", in: "\x1b[2I", row: 0, col: 9},
		{name: "CBT", in: "\x1b[10G\x1b[Z", row: 0, col: 8},
		{name: "CBT to 0", in: "\x1b[5G\x1b[Z", row: 0, col: 0},
		{name: "HTS TBC", w: 20, h: 2, in: "\x1b[4G\x1bH\x1b[1G\tA\x1b[3g\r\tB", rows: "   A               B", col: 19},
		{name: "DECSC DECRC", in: "\x1b[2;3H\x1b7\x1b[H\x1b8", row: 1, col: 2},
		{name: "DECRC without save", in: "\x1b[2;3H\x1b8", row: 0, col: 0},
		{name: "origin mode CUP", in: "\x1b[2;3r\x1b[?6h\x1b[1;1H", row: 1, col: 0},
		{name: "origin mode clamps", in: "\x1b[2;3r\x1b[?6h\x1b[9;1H", row: 2, col: 0},
		{name: "DECOM set homes to screen top", in: "\x1b[3;3H\x1b[2;3r\x1b[3;3H\x1b[?6h", row: 0, col: 0},
		{name: "DSR CPR is absolute", in: "\x1b[2;3r\x1b[?6h\x1b[1;2H", row: 1, col: 1},
	})
}

func TestEraseAndEdit(t *testing.T) {
	fill := "aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\r\ndddddddddd"
	runScreenCases(t, []screenCase{
		{name: "ED0", in: fill + "\x1b[2;5H\x1b[J", rows: "aaaaaaaaaa|bbbb", row: 1, col: 4},
		{name: "ED1", in: fill + "\x1b[2;5H\x1b[1J", rows: "|     bbbbb|cccccccccc|dddddddddd", row: 1, col: 4},
		{name: "ED2", in: fill + "\x1b[2;5H\x1b[2J", rows: "", row: 1, col: 4},
		{name: "ED3 ignored", in: fill + "\x1b[3J", rows: "aaaaaaaaaa|bbbbbbbbbb|cccccccccc|dddddddddd", row: 3, col: 9},
		{name: "EL0", in: "abcdef\x1b[3G\x1b[K", rows: "ab", col: 2},
		{name: "EL1", in: "abcdef\x1b[3G\x1b[1K", rows: "   def", col: 2},
		{name: "EL2", in: "abcdef\x1b[3G\x1b[2K", rows: "", col: 2},
		{name: "ECH", in: "abcdef\x1b[2G\x1b[3X", rows: "a   ef", col: 1},
		{name: "ICH", in: "abcdef\x1b[2G\x1b[2@", rows: "a  bcdef", col: 1},
		{name: "ICH pushes off", in: "0123456789\x1b[2G\x1b[3@", rows: "0   123456", col: 1},
		{name: "DCH", in: "abcdef\x1b[2G\x1b[2P", rows: "adef", col: 1},
		{name: "IL", in: fill + "\x1b[2;5H\x1b[L", rows: "aaaaaaaaaa||bbbbbbbbbb|cccccccccc", row: 1, col: 0},
		{name: "DL", in: fill + "\x1b[2;5H\x1b[2M", rows: "aaaaaaaaaa|dddddddddd", row: 1, col: 0},
		{name: "IL in region", in: fill + "\x1b[2;3r\x1b[2;1H\x1b[L", rows: "aaaaaaaaaa||bbbbbbbbbb|dddddddddd", row: 1, col: 0},
		{name: "IL outside region", in: fill + "\x1b[2;3r\x1b[4;3H\x1b[L", rows: "aaaaaaaaaa|bbbbbbbbbb|cccccccccc|dddddddddd", row: 3, col: 0},
		{name: "SU", in: fill + "\x1b[2S", rows: "cccccccccc|dddddddddd", row: 3, col: 9},
		{name: "SD", in: fill + "\x1b[T", rows: "|aaaaaaaaaa|bbbbbbbbbb|cccccccccc", row: 3, col: 9},
		{name: "region scroll LF", in: fill + "\x1b[2;3r\x1b[3;1H\nX", rows: "aaaaaaaaaa|cccccccccc|X|dddddddddd", row: 2, col: 1},
		{name: "RI at region top", in: fill + "\x1b[2;3r\x1b[2;1H\x1bMX", rows: "aaaaaaaaaa|X|bbbbbbbbbb|dddddddddd", row: 1, col: 1},
		{name: "LF below region does not scroll", in: fill + "\x1b[1;2r\x1b[4;1H\n\nX", rows: "aaaaaaaaaa|bbbbbbbbbb|cccccccccc|Xddddddddd", row: 3, col: 1},
		{name: "NEL IND", in: "ab\x1bEc\x1bDd", rows: "ab|c| d", row: 2, col: 2},
		{name: "DECALN", w: 3, h: 2, in: "\x1b#8", rows: "EEE|EEE", row: 0, col: 0},
		{name: "DECCOLM clears", in: "abc\x1b[?3h", rows: "", row: 0, col: 0},
		{name: "RIS", in: "abc\x1b]2;t\x07\x1b[5;5r\x1bc", rows: "", row: 0, col: 0,
			check: func(t *testing.T, e *Emulator) {
				if e.fb.Title != "" || !e.fb.TitleInitialized || e.fb.DS.ScrollBottom != 3 {
					t.Errorf("RIS: title %q init %v", e.fb.Title, e.fb.TitleInitialized)
				}
			}},
		{name: "bare r on region", in: "\x1b[2;3r\x1b[r", row: 0, col: 0,
			check: func(t *testing.T, e *Emulator) {
				if e.fb.DS.ScrollTop != 0 || e.fb.DS.ScrollBottom != 3 {
					t.Error("region not reset")
				}
			}},
	})
}

func TestEraseUsesBackground(t *testing.T) {
	e := New(5, 2)
	e.WriteString("abc\x1b[44m\x1b[2G\x1b[K")
	c := e.Framebuffer().Cell(0, 3)
	if c.Renditions().BG != PaletteBG(4) || !c.Empty() {
		t.Errorf("erased cell = %+v", c.Renditions())
	}
	e.WriteString("\n")
	e.WriteString("\n\n")
	if e.Framebuffer().Cell(1, 0).Renditions().BG != PaletteBG(4) {
		t.Error("scrolled-in row lacks current background")
	}
}

func TestSGR(t *testing.T) {
	tests := []struct {
		in   string
		want Renditions
	}{
		{"\x1b[1;3;4;5;7;8m", Renditions{Attrs: Bold | Italic | Underline | Blink | Inverse | Invisible}},
		{"\x1b[1m\x1b[22m", Renditions{}},
		{"\x1b[2;9;21m", Renditions{}},
		{"\x1b[31;42m", Renditions{FG: PaletteFG(1), BG: PaletteBG(2)}},
		{"\x1b[91;102m", Renditions{FG: PaletteFG(9), BG: PaletteBG(10)}},
		{"\x1b[38;5;200;48;5;17m", Renditions{FG: PaletteFG(200), BG: PaletteBG(17)}},
		{"\x1b[38;5;300m", Renditions{}},
		{"\x1b[38;2;1;2;3;48;2;255;254;253m", Renditions{FG: RGB(1, 2, 3), BG: RGB(255, 254, 253)}},
		{"\x1b[38;2;256;0;0m", Renditions{FG: (ColorTrue | 256<<16) & colorMask}},
		{"\x1b[38;5m", Renditions{Attrs: Blink}},
		{"\x1b[38:2:1:2:3m", Renditions{}},
		{"\x1b[31m\x1b[m", Renditions{}},
		{"\x1b[31m\x1b[39;49m", Renditions{}},
		{"\x1b[1;31m\x1b[0m\x1b[4m", Renditions{Attrs: Underline}},
	}
	for _, tt := range tests {
		e := New(10, 2)
		e.WriteString(tt.in)
		if got := e.Framebuffer().DS.Renditions; got != tt.want {
			t.Errorf("%q: renditions %+v, want %+v", tt.in, got, tt.want)
		}
	}
	e := New(10, 2)
	e.WriteString("\x1b[1;31mX")
	if r := e.Framebuffer().Cell(0, 0).Renditions(); r.SGR() != "\x1b[0;1;31m" {
		t.Errorf("cell SGR %q", r.SGR())
	}
}

func TestModes(t *testing.T) {
	tests := []struct {
		in    string
		check func(ds *DrawState) bool
	}{
		{"\x1b[?1h", func(ds *DrawState) bool { return ds.ApplicationCursor }},
		{"\x1b[?5h", func(ds *DrawState) bool { return ds.ReverseVideo }},
		{"\x1b[?25l", func(ds *DrawState) bool { return !ds.CursorVisible }},
		{"\x1b[?1000h\x1b[?1002h", func(ds *DrawState) bool { return ds.MouseMode == MouseButton }},
		{"\x1b[?1002h\x1b[?9l", func(ds *DrawState) bool { return ds.MouseMode == MouseNone }},
		{"\x1b[?1006h", func(ds *DrawState) bool { return ds.MouseEncoding == MouseEncodingSGR }},
		{"\x1b[?1006h\x1b[?1005l", func(ds *DrawState) bool { return ds.MouseEncoding == MouseEncodingDefault }},
		{"\x1b[?1004h", func(ds *DrawState) bool { return ds.MouseFocusEvent }},
		{"\x1b[?1007h", func(ds *DrawState) bool { return ds.MouseAlternateScroll }},
		{"\x1b[?2004h", func(ds *DrawState) bool { return ds.BracketedPaste }},
		{"\x1b[?2004;25;1h", func(ds *DrawState) bool { return ds.BracketedPaste && ds.ApplicationCursor }},
		{"\x1b[4h", func(ds *DrawState) bool { return ds.InsertMode }},
		{"\x1b[4h\x1b[4l", func(ds *DrawState) bool { return !ds.InsertMode }},
		{"\x1b[?7l", func(ds *DrawState) bool { return !ds.AutoWrap }},
		{"\x1b[?1h\x1b[?25l\x1b[4h\x1b[2;3r\x1b[1m\x1b[!p", func(ds *DrawState) bool {
			return !ds.ApplicationCursor && ds.CursorVisible && !ds.InsertMode &&
				ds.ScrollTop == 0 && ds.ScrollBottom == 3 && ds.Renditions == Renditions{}
		}},
	}
	for _, tt := range tests {
		e := New(10, 4)
		e.WriteString(tt.in)
		if !tt.check(&e.Framebuffer().DS) {
			t.Errorf("%q: draw state %+v", tt.in, e.Framebuffer().DS)
		}
	}
}

func TestReplies(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\x1b[c", "\x1b[?62c"},
		{"\x1b[0c", "\x1b[?62c"},
		{"\x1b[1;2c", "\x1b[?62c"},
		{"\x1b[>c", "\x1b[>1;10;0c"},
		{"\x1b[>0c", "\x1b[>1;10;0c"},
		{"\x1b[5n", "\x1b[0n"},
		{"\x1b[3;7H\x1b[6n", "\x1b[3;7R"},
		{"\x1b[2;3r\x1b[?6h\x1b[2;2H\x1b[6n", "\x1b[3;2R"},
		{"\x1b[=c\x1b[?6n\x1b]11;?\x07\x05", ""},
	}
	for _, tt := range tests {
		e := New(10, 4)
		if got := string(e.WriteString(tt.in)); got != tt.want {
			t.Errorf("%q: reply %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOSC(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		in                string
		title, icon, clip string
		init              bool
	}{
		{"\x1b]0;both\x07", "both", "both", "", true},
		{"\x1b]1;icon\x07", "", "icon", "", true},
		{"\x1b]2;title\x1b\\", "title", "", "", true},
		{"\x1b];semi\x07", "semi", "semi", "", true},
		{"\x1b]2;can\x18", "can", "", "", true},
		{"\x1b]2;\x07", "", "", "", true},
		{"\x1b]8;;http://x\x07", "", "", "", false},
		{"\x1b]10;?\x07", "", "", "", false},
		{"\x1b]52;c;aGVsbG8=\x07", "", "", "aGVsbG8=", false},
		{"\x1b]52;p;aGVsbG8=\x07", "", "", "", false},
		{"\x1b]2;" + long + "\x07", long[:254], "", "", true},
		{"\x1b]2;a\x01b\x07", "ab", "", "", true},
		{"\xc2\x9d2;c1\xc2\x9c", "c1", "", "", true},
	}
	for _, tt := range tests {
		e := New(10, 4)
		e.WriteString(tt.in)
		fb := e.Framebuffer()
		if fb.Title != tt.title || fb.IconName != tt.icon || fb.Clipboard != tt.clip || fb.TitleInitialized != tt.init {
			t.Errorf("%q: title %q icon %q clip %q init %v", tt.in, fb.Title, fb.IconName, fb.Clipboard, fb.TitleInitialized)
		}
	}
}

func TestBell(t *testing.T) {
	e := New(10, 4)
	e.WriteString("\x07a\x07\x1b[\x07m\x1bP\x07\x1b\\")
	if got := e.Framebuffer().BellCount; got != 3 {
		t.Errorf("bell count %d, want 3", got)
	}
}

func TestTranslateKeys(t *testing.T) {
	tests := []struct {
		decckm  bool
		in, out string
	}{
		{false, "\x1bOA\x1bOD", "\x1b[A\x1b[D"},
		{true, "\x1bOA", "\x1bOA"},
		{false, "\x1bOP", "\x1bOP"},
		{false, "a\x1b\x1bOA", "a\x1b\x1bOA"},
		{false, "\x1b[A", "\x1b[A"},
	}
	for _, tt := range tests {
		e := New(10, 4)
		if tt.decckm {
			e.WriteString("\x1b[?1h")
		}
		var got []byte
		for i := range len(tt.in) { // one byte at a time: state carries over
			got = append(got, e.TranslateKeys([]byte{tt.in[i]})...)
		}
		if string(got) != tt.out {
			t.Errorf("decckm=%v %q -> %q, want %q", tt.decckm, tt.in, got, tt.out)
		}
	}
}

func TestResizeVerified(t *testing.T) {
	// TERMINAL.md §10 verified examples.
	e := New(6, 4)
	e.WriteString("abcdefgh\r\n12")
	e.Resize(4, 3)
	fb := e.Framebuffer()
	if fb.String() != "abcd\ngh\n12" || fb.DS.CursorRow != 2 || fb.DS.CursorCol != 2 {
		t.Errorf("got %q cursor (%d,%d)", fb.String(), fb.DS.CursorRow, fb.DS.CursorCol)
	}
	e = New(5, 3)
	e.WriteString("abcde")
	e.Resize(8, 3)
	e.WriteString("X")
	if got := e.Framebuffer().String(); got != "abcde\nX\n" {
		t.Errorf("wrap pending kept across resize: %q", got)
	}
}

func TestAltScreen(t *testing.T) {
	for _, mode := range []string{"1049", "1047", "47"} {
		e := NewWithOptions(10, 3, Options{AltScreen: true})
		e.WriteString("$ vim\r\n\x1b[?" + mode + "h\x1b[2JVIM\x1b[?" + mode + "l")
		fb := e.Framebuffer()
		if fb.Row(0).String() != "$ vim" || fb.AltScreenActive() {
			t.Errorf("mode %s: main screen not restored: %q", mode, fb.String())
		}
		// Without the option, as mosh 1.4.0: drawn over the one screen.
		m := New(10, 3)
		m.WriteString("$ vim\r\n\x1b[?" + mode + "h\x1b[2JVIM\x1b[?" + mode + "l")
		if m.Framebuffer().Row(1).String() != "VIM" {
			t.Errorf("mode %s: mosh mode should keep VIM: %q", mode, m.Framebuffer().String())
		}
	}
}

func TestUTF8Decoder(t *testing.T) {
	tests := []struct {
		in   string
		want []rune
	}{
		{"\xe2\x82\xac", []rune{0x20ac}},
		{"\xe2\x82", nil},
		{"\xc3\x41", []rune{0xfffd, 'A'}},
		{"\xc3\xc3\xa9", []rune{0xfffd, 0xe9}},
		{"\xe0\x80\x80", []rune{0xfffd, 0xfffd}},
		{"\xed\xa0\x80", []rune{0xfffd, 0xfffd}},
		{"\xf4\x90\x80\x80", []rune{0xfffd}},
		{"\xf8\x88\x80\x80\x80", []rune{0xfffd}},
		{"\x80\x80", []rune{0xfffd, 0xfffd}},
		{"\xe2\x1b", []rune{0xfffd, 0x1b}},
		{"\xf0\x9f\x98\x80", []rune{0x1f600}},
	}
	for _, tt := range tests {
		var d UTF8Decoder
		var got []rune
		for i := range len(tt.in) {
			b := tt.in[i]
			if b < 0x80 && d.n == 0 {
				got = append(got, rune(b))
				continue
			}
			out, n := d.Feed(b)
			got = append(got, out[:n]...)
		}
		if string(got) != string(tt.want) {
			t.Errorf("%q: got %U, want %U", tt.in, got, tt.want)
		}
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		ch   rune
		want int
	}{
		{0, -1}, {'A', 1}, {0x7f, -1}, {0x85, -1}, {0xa0, 1}, {0xad, 1}, {0x300, 0},
		{0x1160, 0}, {0x200b, 0}, {0x2028, -1}, {0x4e2d, 2}, {0x1f600, 2}, {0x1f1e6, 1},
		{0xfe0f, 0}, {0x200d, 0}, {0xe000, 1}, {0xfffe, -1}, {0x378, -1}, {0x3000, 2},
	}
	for _, tt := range tests {
		if got := Width(tt.ch); got != tt.want {
			t.Errorf("Width(%U) = %d, want %d", tt.ch, got, tt.want)
		}
	}
}

func TestAltScreenDetails(t *testing.T) {
	e := NewWithOptions(10, 4, Options{AltScreen: true})
	e.WriteString("main\x1b[2;3H\x1b[1m\x1b[?1049h")
	fb := e.Framebuffer()
	if !fb.AltScreenActive() || fb.String() != "\n\n\n" {
		t.Fatalf("alt screen not blank: %q", fb.String())
	}
	snap := fb.Clone()
	e.WriteString("\x1b[0mALT")
	e.Resize(6, 3)
	e.WriteString("\x1b[?1049l")
	if fb.AltScreenActive() || fb.Row(0).String() != "main" || fb.Height() != 3 || fb.Row(0).Width() != 6 {
		t.Errorf("after resize in alt: %q %dx%d", fb.String(), fb.Width(), fb.Height())
	}
	if fb.DS.CursorRow != 1 || fb.DS.CursorCol != 2 || !fb.DS.Renditions.Has(Bold) {
		t.Errorf("1049 did not restore cursor: (%d,%d) %+v", fb.DS.CursorRow, fb.DS.CursorCol, fb.DS.Renditions)
	}
	if !snap.AltScreenActive() || snap.String() != "\n\n\n" {
		t.Errorf("clone taken in alt screen changed: %q", snap.String())
	}
	e.WriteString("\x1b[?1049l\x1b[?47l") // leaving twice is harmless
	if fb.Row(0).String() != "main" {
		t.Errorf("double leave: %q", fb.String())
	}
	e.WriteString("\x1b[?1049h\x1bc")
	if fb.AltScreenActive() {
		t.Error("RIS should drop the alternate screen")
	}
}
