package statesync_test

import (
	cryptorand "crypto/rand"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
)

// TestInteropRealMoshClient sends our Complete states, diffed by our
// display code, through our transport to the real mosh-client 1.4.0 in a
// tmux pane, and checks after each burst of random output that the
// screen mosh-client paints is our server's screen. This checks the diffs
// against the reference emulator, not our own.
func TestInteropRealMoshClient(t *testing.T) {
	paths := testenv.Need(t, "mosh-client", "tmux")
	key, err := crypto.GenerateKey(cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := udp.Listen("127.0.0.1", 0, 0, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	server := statesync.NewComplete(80, 24, statesync.CompleteOptions{})
	tr, err := ssp.New(ssp.Config{Key: key, Side: ssp.Server, Local: conn.LocalAddr().Addr(), Logf: t.Logf},
		server.Clone(), statesync.NewUserStream(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 60, 16
	pane, err := tmux.Start(tmux.Options{Dir: t.TempDir(), Width: w, Height: h,
		Env: []string{"LANG=C.UTF-8", "TERM=xterm-256color", "MOSH_KEY=" + key.String(),
			"MOSH_PREDICTION_DISPLAY=never", "MOSH_TITLE_NOPREFIX=1"},
		Command: []string{paths[0], "127.0.0.1", strconv.Itoa(int(conn.LocalAddr().Port()))}})
	if err != nil {
		t.Fatal(err)
	}
	defer pane.Close()

	processed := statesync.NewUserStream()
	onNew := func() {
		events := tr.RemoteState().Since(processed)
		processed = tr.RemoteState().Clone()
		for i, e := range events {
			// Only the last of a run of resizes counts (PROTOCOL.md §11.4).
			if e.Kind == statesync.UserResize && (i+1 == len(events) || events[i+1].Kind != statesync.UserResize) {
				server.Resize(int(e.Width), int(e.Height))
				tr.SetCurrentState(server.Clone())
			}
		}
	}
	run := func(limit time.Duration, done func() bool) bool {
		return runClient(t, tr, conn, limit, done, onNew)
	}
	fb := server.Framebuffer()
	if !run(10*time.Second, func() bool { return fb.Width() == w && fb.Height() == h }) {
		t.Fatalf("mosh-client never sent its size; server is %dx%d", fb.Width(), fb.Height())
	}

	r := rand.New(rand.NewPCG(1, 2))
	var last time.Time
	var screen string
	for burst := range 12 {
		var out strings.Builder
		for range 3 {
			out.WriteString(interopChunk(r, w, h))
		}
		server.Act([]byte(out.String()))
		tr.SetCurrentState(server.Clone())
		want := fb.String()
		ok := run(10*time.Second, func() bool {
			if time.Since(last) < 150*time.Millisecond {
				return false
			}
			last = time.Now()
			screen, _ = pane.Capture() // best effort: retried
			x, y, _ := pane.Cursor()   // best effort: retried
			return screen == want && x == fb.DS.CursorCol && y == fb.DS.CursorRow
		})
		if !ok {
			t.Fatalf("burst %d: mosh-client shows\n%s\nwant\n%s\nafter output %q", burst, screen, want, out.String())
		}
	}
	t.Logf("final screen, painted by mosh-client:\n%s", screen)
}

// interopChunk is random host output limited to what mosh-client's own
// painter and tmux agree on: ASCII text, CJK wide characters, line
// control, cursor moves, erases, scroll regions and renditions.
func interopChunk(r *rand.Rand, w, h int) string {
	text := []string{"a", "b", "hello ", "$ ", "0123456789", "~", "中", "文字", "x"}
	var b strings.Builder
	for range 1 + r.IntN(10) {
		switch k := r.IntN(10); {
		case k < 4:
			b.WriteString(text[r.IntN(len(text))])
		case k < 5:
			b.WriteString([]string{"\r\n", "\n", "\r", "\b", "\t"}[r.IntN(5)])
		case k < 6:
			b.WriteString("\x1b[" + strconv.Itoa(1+r.IntN(h)) + ";" + strconv.Itoa(1+r.IntN(w)) + "H")
		case k < 7:
			b.WriteString("\x1b[" + strconv.Itoa(r.IntN(3)) + []string{"J", "K", "X", "L", "M", "S"}[r.IntN(6)])
		case k < 8:
			b.WriteString("\x1b[" + []string{"0", "1", "7", "31", "44", "38;5;100", "48;2;10;20;30"}[r.IntN(7)] + "m")
		case k < 9:
			b.WriteString(strings.Repeat("line\r\n", r.IntN(4)))
		default:
			top := 1 + r.IntN(h/2)
			b.WriteString("\x1b[" + strconv.Itoa(top) + ";" + strconv.Itoa(top+1+r.IntN(h/2)) + "r\x1b[" +
				strconv.Itoa(top+1) + ";1H\n\n\x1b[r")
		}
	}
	return b.String()
}
