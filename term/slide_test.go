package term

import (
	"fmt"
	"strings"
	"testing"
)

// screenText is the framebuffer's rows as text, one line each.
func screenText(fb *Framebuffer) string {
	var b strings.Builder
	for y := range fb.Height() {
		b.WriteString(fb.Row(y).String())
		b.WriteByte('\n')
	}
	return b.String()
}

// wantLines is the screen after printing lines 1..n, one per line, on a
// screen of h rows with the cursor left on the line after the last.
func wantLines(n, h int) string {
	var rows []string
	for i := 1; i <= n; i++ {
		rows = append(rows, fmt.Sprint(i))
	}
	rows = append(rows, "")
	if len(rows) > h {
		rows = rows[len(rows)-h:]
	}
	for len(rows) < h {
		rows = append(rows, "")
	}
	return strings.Join(rows, "\n") + "\n"
}

// TestScrollWhole prints many lines through the whole-screen scroll path
// (past several trips along its backing store), taking clones, switching
// to the alternate screen and resizing between batches; every screen and
// every clone must stay exactly what was printed.
func TestScrollWhole(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		lines []int // batches of lines printed
		alt   bool  // visit the alternate screen between batches
		grow  bool  // resize (one row taller) between batches
	}{
		{"one row", 10, 1, []int{5, 5}, false, false},
		{"few lines", 10, 4, []int{2, 1}, false, false},
		{"many trips", 10, 4, []int{100, 37, 200}, false, false},
		{"tall", 20, 24, []int{500, 3}, false, false},
		{"alternate screen", 10, 5, []int{60, 60}, true, false},
		{"resize", 10, 3, []int{50, 50, 50}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewWithOptions(tt.w, tt.h, Options{AltScreen: true})
			n, h := 0, tt.h
			type snap struct {
				fb   *Framebuffer
				want string
			}
			var snaps []snap
			for _, k := range tt.lines {
				for range k {
					n++
					e.Write([]byte(fmt.Sprintf("%d\r\n", n)))
				}
				want := wantLines(n, h)
				if got := screenText(e.Framebuffer()); got != want {
					t.Fatalf("after %d lines:\n%s\nwant:\n%s", n, got, want)
				}
				snaps = append(snaps, snap{e.Framebuffer().Clone(), want})
				if tt.alt {
					e.Write([]byte("\x1b[?1049h"))
					for i := range 3 * h {
						e.Write([]byte(fmt.Sprintf("alt%d\r\n", i)))
					}
					e.Write([]byte("\x1b[?1049l"))
				}
				if tt.grow {
					// Growing keeps the rows at the top; the cursor row
					// stays, so the screen gains a blank line at the
					// bottom and later output continues from the cursor.
					h++
					e.Resize(tt.w, h)
					e.Write([]byte(fmt.Sprintf("\x1b[%dH", h)))
					n = 0
					e.Write([]byte("\x1b[2J"))
				}
			}
			for i, s := range snaps {
				if got := screenText(s.fb); got != s.want {
					t.Errorf("clone %d changed:\n%s\nwant:\n%s", i, got, s.want)
				}
			}
		})
	}
}
