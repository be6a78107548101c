package display

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"ssh-mosh/term/termtest"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
	"ssh-mosh/term"
)

// TestRealTerminal paints chains of random frames, as the client does on
// the user's terminal, into tmux (a real terminal emulator, not ours) and
// checks that tmux shows the final screen and cursor. Text is limited to
// what tmux and glibc agree on (ASCII and East Asian wide characters);
// auto-wrap stays on.
func TestRealTerminal(t *testing.T) {
	testenv.Need(t, "tmux")
	text := []string{"a", "b", "x", "Z", " ", "hello", "$ ", "0123456789", "~", "中", "文字", "日本語"}
	modes := []int{5, 25, 2004, 1000, 1002, 1004, 1006, 1, 6}
	caps := Caps{ECH: true, BCE: true}
	for seed := range 6 {
		r := rand.New(rand.NewPCG(uint64(seed), 9))
		w, h := 10+r.IntN(40), 4+r.IntN(12)
		server := term.New(w, h)
		server.WriteString(termtest.ChunkFrom(r, w, h, text, modes))
		frames := AppendFrame(nil, caps, false, nil, server.Framebuffer())
		for range 6 {
			prev := server.Framebuffer().Clone()
			for range 1 + r.IntN(3) {
				server.WriteString(termtest.ChunkFrom(r, w, h, text, modes))
			}
			frames = AppendFrame(frames, caps, true, prev, server.Framebuffer())
		}
		fb := server.Framebuffer()

		dir := t.TempDir()
		file := filepath.Join(dir, "frames")
		if err := os.WriteFile(file, frames, 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := tmux.Start(tmux.Options{Dir: dir, Width: w, Height: h,
			Command: []string{"sh", "-c", "stty -opost -echo; cat \"$0\"; exec sleep 60", file}})
		if err != nil {
			t.Fatal(err)
		}
		want := fb.String()
		got, err := p.WaitFor(10*time.Second, func(s string) bool { return s == want })
		if err != nil {
			p.Close()
			t.Fatalf("seed %d (%dx%d): tmux shows\n%s\nwant\n%s\nframes %q", seed, w, h, got, want, frames)
		}
		x, y, err := p.Cursor()
		p.Close()
		if err != nil {
			t.Fatal(err)
		}
		if x != fb.DS.CursorCol || y != fb.DS.CursorRow {
			t.Fatalf("seed %d: tmux cursor (%d,%d), want (%d,%d)", seed, y, x, fb.DS.CursorRow, fb.DS.CursorCol)
		}
	}
}
