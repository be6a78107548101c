package term

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
)

// interopStreams are byte streams on which mosh's emulator and tmux agree
// (TERMINAL.md says mosh follows xterm there): the rendered text, cursor and
// the renditions of non-blank cells must match.
var interopStreams = []struct {
	name string
	w, h int
	data string
}{
	{"ls-color", 80, 24, string(lsColor()[:3000])},
	{"vim-paint", 60, 12, vimPaint()},
	{"top-frame", 80, 24, topFrame()},
	{"cjk-emoji", 30, 8, "中文字符 日本語 한국어\r\n😀 👍 🎉 ok\r\n" +
		"0123456789012345678901234567中文\r\nab😀cd\x1b[1;29H中x\r\n"},
	{"colors", 80, 10, colorStream()},
	{"wrap-last-column", 20, 6, strings.Repeat("abcdefghij", 5) + "\r\n" +
		"01234567890123456789\r\nX\x1b[3;20HYZ"},
	{"scroll-region", 20, 8, regionStream()},
	{"insert-delete", 20, 8, editStream()},
	// With Options.AltScreen our emulator keeps the shell's screen as
	// xterm and tmux do (mosh 1.4.0 itself does not; see moshQuirks).
	{"alt-screen-1049", 30, 6, "$ ls\r\na b c\r\n$ vim\x1b[?1049h\x1b[H\x1b[2J~\r\n~\x1b[3;3Hedit\x1b[?1049l\r\n$ "},
	{"alt-screen-47", 30, 6, "$ less\x1b7\x1b[?47h\x1b[2J\x1b[Hpage\x1b[?47l\x1b8 done"},
	{"alt-screen-1047", 30, 6, "$ x\x1b[?1047h\x1b[Hfull\x1b[?1047l!"},
}

// vimPaint imitates a full-screen editor: clear, draw lines with a status
// bar, set a scrolling region and scroll inside it.
func vimPaint() string {
	var b strings.Builder
	b.WriteString("\x1b[H\x1b[2J")
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&b, "\x1b[%d;1H\x1b[33m%3d \x1b[mline %d of the file\x1b[K", i, i, i)
	}
	b.WriteString("\x1b[12;1H\x1b[7m\"file.txt\" 11L, 200B\x1b[m\x1b[K")
	b.WriteString("\x1b[1;11r\x1b[11;1H\n\x1b[11;1H\x1b[33m 12 \x1b[mnew line twelve")
	b.WriteString("\x1b[1;1H\x1bM\x1b[1;1H\x1b[33m  0 \x1b[mline zero")
	b.WriteString("\x1b[r\x1b[5;10H")
	return b.String()
}

// topFrame imitates one refresh of top(1).
func topFrame() string {
	var b strings.Builder
	b.WriteString("\x1b[H\x1b[2J\x1b[1mtop - 16:00:00 up 1 day,  2 users,  load average: 0.00, 0.01, 0.05\x1b[m\x1b[K\r\n")
	b.WriteString("Tasks:\x1b[1m 100 \x1b[mtotal,\x1b[1m   1 \x1b[mrunning\x1b[K\r\n")
	b.WriteString("%Cpu(s):\x1b[1m  1.0 \x1b[mus,\x1b[1m  0.5 \x1b[msy\x1b[K\r\n\x1b[K\r\n")
	b.WriteString("\x1b[7m    PID USER      PR  NI    VIRT    RES  %CPU  %MEM COMMAND         \x1b[m\x1b[K\r\n")
	for i := 0; i < 15; i++ {
		fmt.Fprintf(&b, "%s %6d root      20   0  %6d %6d %5.1f %5.1f proc%-10d\x1b[m\x1b[K\r\n",
			[]string{"\x1b[1m", ""}[i%2], 1000+i, 2000*i, 300*i, float64(i)/3, float64(i)/7, i)
	}
	b.WriteString("\x1b[J\x1b[5;1H")
	return b.String()
}

// colorStream exercises 16, 256 and 24-bit colours and attributes.
func colorStream() string {
	var b strings.Builder
	for i := 0; i < 16; i++ {
		fmt.Fprintf(&b, "\x1b[%dm%X\x1b[%dm%X", 30+i%8+(i/8)*60, i, 40+i%8+(i/8)*60, i)
	}
	b.WriteString("\x1b[0m\r\n")
	for i := 0; i < 256; i += 4 {
		fmt.Fprintf(&b, "\x1b[38;5;%dm#\x1b[48;5;%dm*", i, 255-i)
		if i%64 == 60 {
			b.WriteString("\x1b[0m\r\n")
		}
	}
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "\x1b[38;2;%d;%d;%dm@\x1b[48;2;%d;%d;%dm.", i*6, 255-i*6, i*3, 10, i*5, 200)
	}
	b.WriteString("\x1b[0m\r\n\x1b[1mbold\x1b[22m \x1b[3mitalic\x1b[23m \x1b[4munder\x1b[24m \x1b[7mrev\x1b[27m \x1b[5mblink\x1b[0m\r\n")
	b.WriteString("\x1b[44mbg erase\x1b[K\x1b[0m\r\n")
	return b.String()
}

// regionStream scrolls inside regions with LF, RI, SU and SD.
func regionStream() string {
	var b strings.Builder
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&b, "\x1b[%d;1Hrow %d", i+1, i)
	}
	b.WriteString("\x1b[3;6r\x1b[6;1H\nA\n\nB\x1b[3;1H\x1bMC\x1bM\x1bMD")
	b.WriteString("\x1b[2S\x1b[T\x1b[r\x1b[8;1H\n\nlast")
	return b.String()
}

// editStream inserts and deletes lines and characters.
func editStream() string {
	var b strings.Builder
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&b, "\x1b[%d;1Hline %d abcdefgh", i+1, i)
	}
	b.WriteString("\x1b[2;1H\x1b[2L\x1b[5;3H\x1b[M\x1b[1;3H\x1b[3@\x1b[1;10H\x1b[2P\x1b[8;2H\x1b[4X")
	b.WriteString("\x1b[2;4r\x1b[3;1H\x1b[5L\x1b[r\x1b[6;5H\x1b[4hINS\x1b[4l")
	return b.String()
}

func TestInteropWithTmux(t *testing.T) {
	testenv.Need(t, "tmux")
	t.Setenv("LC_ALL", "C.UTF-8")
	for _, st := range interopStreams {
		t.Run(st.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "stream")
			done := filepath.Join(dir, "done")
			if err := os.WriteFile(file, []byte(st.data), 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := tmux.Start(tmux.Options{Dir: dir, Width: st.w, Height: st.h,
				Env:     []string{"LC_ALL=C.UTF-8"},
				Command: []string{"/bin/sh", "-c", "stty -opost -echo; cat stream; : > done; exec sleep 60"}})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()

			e := NewWithOptions(st.w, st.h, Options{AltScreen: strings.HasPrefix(st.name, "alt-screen")})
			e.WriteString(st.data)
			fb := e.Framebuffer()
			waitFile(done, 5*time.Second)
			waitSame(t, p, fb, 5*time.Second)
		})
	}
}

// waitFile waits up to timeout, checking every 10 ms, until path exists
// (the pane's command creates it once its stream is written). It does not
// fail: a stream that never finishes shows up in the screen comparison.
func waitFile(path string, timeout time.Duration) {
	for end := time.Now().Add(timeout); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
}

// waitSame waits until tmux shows what fb holds: the text, the cursor and
// the renditions of every non-blank cell. Output may arrive in several
// frames, so all three are checked together until they match or the
// timeout passes; then the differences are reported.
func waitSame(t *testing.T, p *tmux.Pane, fb *Framebuffer, timeout time.Duration) {
	t.Helper()
	want := fb.String()
	var problems []string
	screen, err := p.WaitFor(timeout, func(s string) bool {
		problems = problems[:0]
		if s != want {
			problems = append(problems, "text differs")
			return false
		}
		x, y, err := p.Cursor()
		if err != nil || x != fb.DS.CursorCol || y != fb.DS.CursorRow {
			problems = append(problems, fmt.Sprintf("cursor: tmux (%d,%d), ours (%d,%d)", y, x, fb.DS.CursorRow, fb.DS.CursorCol))
			return false
		}
		esc, err := p.CaptureEscapes()
		if err != nil {
			problems = append(problems, err.Error())
			return false
		}
		problems = append(problems, renditionDiffs(fb, esc)...)
		return len(problems) == 0
	})
	if err != nil {
		t.Fatalf("%s\n--- tmux ---\n%s\n--- ours ---\n%s\n%q\n%q", strings.Join(problems, "\n"), screen, want, screen, want)
	}
}

// renditionDiffs reads tmux's capture-pane -e output with a small SGR
// reader of its own (independent of the emulator under test) and compares
// the renditions of every non-blank cell with ours; it returns up to five
// differences.
func renditionDiffs(fb *Framebuffer, esc string) []string {
	var diffs []string
	var cur Renditions // tmux carries SGR state from one line to the next
	for y, line := range strings.Split(esc, "\n") {
		if y >= fb.Height() {
			break
		}
		x := 0
		for i := 0; i < len(line); {
			if strings.HasPrefix(line[i:], "\x1b[") {
				end := strings.IndexAny(line[i+2:], "@ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
				if end < 0 {
					break
				}
				if line[i+2+end] == 'm' {
					oracleSGR(&cur, line[i+2:i+2+end])
				}
				i += 2 + end + 1
				continue
			}
			r, size := utf8.DecodeRuneInString(line[i:])
			i += size
			w := Width(r)
			if w <= 0 || x >= fb.Width() {
				continue // a combining mark belongs to the previous cell
			}
			c := fb.Cell(y, x)
			if !c.Blank() && !c.Renditions().Has(Invisible) && c.Renditions() != cur {
				if len(diffs) < 5 {
					diffs = append(diffs, fmt.Sprintf("cell (%d,%d) %q: ours %q, tmux %q", y, x, r, c.Renditions().SGR(), cur.SGR()))
				}
			}
			x += w
		}
	}
	return diffs
}

// oracleSGR applies one SGR parameter string the way xterm documents it.
func oracleSGR(r *Renditions, params string) {
	ps := strings.Split(params, ";")
	num := func(i int) uint32 {
		if i >= len(ps) {
			return 0
		}
		v, _ := strconv.Atoi(ps[i])
		return uint32(v)
	}
	bits := map[uint32]uint8{1: Bold, 3: Italic, 4: Underline, 5: Blink, 7: Inverse, 8: Invisible}
	for i := 0; i < len(ps); i++ {
		v := num(i)
		switch {
		case ps[i] == "" || v == 0:
			*r = Renditions{}
		case bits[v] != 0:
			r.Attrs |= bits[v]
		case v >= 22 && v <= 28 && bits[v-20] != 0:
			r.Attrs &^= bits[v-20]
		case v == 22:
			r.Attrs &^= Bold
		case v >= 30 && v <= 37, v >= 40 && v <= 47:
			setOracleColor(r, v/10 == 3, v%10)
		case v >= 90 && v <= 97, v >= 100 && v <= 107:
			setOracleColor(r, v < 100, v%10+8)
		case v == 39:
			r.FG = 0
		case v == 49:
			r.BG = 0
		case (v == 38 || v == 48) && num(i+1) == 5:
			setOracleColor(r, v == 38, num(i+2))
			i += 2
		case (v == 38 || v == 48) && num(i+1) == 2:
			c := 1<<24 | num(i+2)<<16 | num(i+3)<<8 | num(i+4)
			if v == 38 {
				r.FG = c
			} else {
				r.BG = c
			}
			i += 4
		}
	}
}

// setOracleColor sets palette colour idx as mosh stores it.
func setOracleColor(r *Renditions, fg bool, idx uint32) {
	if fg {
		r.FG = 30 + idx
	} else {
		r.BG = 40 + idx
	}
}
