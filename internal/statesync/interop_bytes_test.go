package statesync_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/statesync"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/wire"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
	"ssh-mosh/term"
	"ssh-mosh/term/display"
)

// recording is a client-side Complete that keeps every diff applied to
// any of its clones, so a test can look at the real server's bytes.
type recording struct {
	c   *statesync.Complete
	log *[][]byte
}

func (r *recording) DiffFrom(o *recording) []byte { return r.c.DiffFrom(o.c) }
func (r *recording) Equal(o *recording) bool      { return r.c.Equal(o.c) }
func (r *recording) Clone() *recording            { return &recording{c: r.c.Clone(), log: r.log} }
func (r *recording) Apply(diff []byte) error {
	*r.log = append(*r.log, bytes.Clone(diff))
	return r.c.Apply(diff)
}

// TestInteropSameBytesAsMoshServer checks NewFrame byte for byte against
// the real mosh-server 1.4.0: the application prints a first screen,
// waits until it has surely been acknowledged, then prints more; the host
// bytes mosh-server sends for the second screen must be exactly
// NewFrame(true, first, second) computed on our emulator's framebuffers
// (which keep mosh's row identities, so even the scroll detection
// matches). The output avoids the cases where NewFrame deliberately
// differs (writing the bottom-right cell, cells under wide characters).
func TestInteropSameBytesAsMoshServer(t *testing.T) {
	paths := testenv.Need(t, "mosh-server")
	tests := []struct {
		name, first, second string
		quirk               string // mosh-server's bytes where NewFrame deliberately differs
	}{
		{"typing", "$ ", "ls -l", ""},
		{"scroll at the bottom", "\x1b[24;1H$ ", "ls\r\nfoo  bar\r\n$ ", ""},
		{"scroll region and colours", "a\r\nb\r\nc\r\nd\r\ne\r\nf\x1b[1;1H",
			"\x1b[2;5r\x1b[5;1H\n\n\x1b[r\x1b[10;3H\x1b[1;44mblue\x1b[0m\x1b[K \x1b[31mred", ""},
		{"erase runs", "0123456789012345678901234567890123456789",
			"\x1b[1;3H\x1b[3X\x1b[1;12H\x1b[8X\x1b[2;1H\x1b[45m\x1b[2K\x1b[3;70Hx", ""},
		{"wrapping and wide text", "", "中文字中文字中文字中文字中文字中文字中文字中文字中文字中文字中文字中文字中文字中文字中文字\r\nok", ""},
		{"modes and title", "x", "\x1b]0;T\a\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[?25l\x1b[3;3H", ""},
		// PROTOCOL.md §12.5 "Known quirk": mosh-server backs up from one
		// past the last column, so its client shows the cursor one column
		// left of the application's; NewFrame uses CUP.
		{"backspace quirk", "", "\x1b[24;1H" + strings.Repeat("y", 80) + "\x1b[24;80H",
			"\x1b[?25l\x1b[24;1H" + strings.Repeat("y", 80) + "\b\x1b[?25h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each case has its own mosh-server
			dir := t.TempDir()
			// The pty has seen a line feed before the application starts;
			// the clear makes the starting screen known.
			tt.first = "\x1b[H\x1b[2J" + tt.first
			for name, text := range map[string]string{"first": tt.first, "second": tt.second} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			addr, key := startMoshServer(t, paths[0], dir,
				"stty -opost -echo; cat first; sleep 1.5; cat second; exec sleep 30")
			conn, err := udp.Dial(addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var log [][]byte
			user := statesync.NewUserStream()
			user.PushResize(80, 24)
			tr, err := ssp.New(ssp.Config{Key: key, Side: ssp.Client, Remote: addr, Logf: t.Logf},
				statesync.NewUserStream(), &recording{c: statesync.NewComplete(80, 24, statesync.CompleteOptions{}), log: &log}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			tr.SetCurrentState(user)

			first, second := term.New(80, 24), term.New(80, 24)
			first.WriteString(tt.first)
			second.WriteString(tt.first)
			before := second.Framebuffer().Clone()
			second.WriteString(tt.second)
			want := display.NewFrame(true, before, second.Framebuffer())

			done := func() bool {
				got := tr.RemoteState().c.Framebuffer()
				if tt.quirk != "" {
					// The copy's cursor ends one column left, as in the
					// real client.
					return got.DS.CursorCol == 78 && got.String() == second.Framebuffer().String()
				}
				return display.Equivalent(second.Framebuffer(), got)
			}
			if !runClient(t, tr, conn, 15*time.Second, done, nil) {
				t.Fatalf("never got the second screen (%s); have\n%s", display.Difference(second.Framebuffer(), tr.RemoteState().c.Framebuffer()), tr.RemoteState().c.Framebuffer())
			}
			var got []byte
			for _, d := range log {
				ins, err := wire.ParseHostMessage(d)
				if err != nil {
					t.Fatal(err)
				}
				for _, in := range ins {
					if in.Kind == wire.HostBytes {
						got = in.HostString
					}
				}
			}
			if tt.quirk != "" {
				if string(got) != tt.quirk || bytes.Equal(got, want) {
					t.Fatalf("mosh-server sent %q, want the quirk %q; NewFrame gives %q", got, tt.quirk, want)
				}
				return
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("mosh-server sent %q\nNewFrame gives  %q", got, want)
			}
		})
	}
}

// runClient drives a Transport with the real clock until done holds or
// limit passes; onNew, if not nil, runs after each newer remote state.
func runClient[L ssp.State[L], R ssp.State[R]](t *testing.T, tr *ssp.Transport[L, R], conn *udp.Conn, limit time.Duration, done func() bool, onNew func()) bool {
	t.Helper()
	deadline := time.Now().Add(limit)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for !done() {
		now := time.Now()
		if now.After(deadline) {
			return false
		}
		for _, d := range tr.Tick(now) {
			if err := conn.Send(d); err != nil {
				tr.SendFailed(now, err)
			}
		}
		if err := conn.Sync(tr.Sockets()); err != nil {
			t.Errorf("sync: %v", err)
		}
		wait := 50 * time.Millisecond
		if next := tr.NextDeadline(now); !next.IsZero() {
			wait = min(wait, max(next.Sub(now), 0))
		}
		timer.Reset(wait)
		select {
		case p := <-conn.Packets():
			if !timer.Stop() {
				<-timer.C
			}
			newer, err := tr.ReceiveECN(time.Now(), p.From, p.Data, p.Congested)
			if err != nil {
				t.Logf("receive: %v", err)
			}
			if newer && onNew != nil {
				onNew()
			}
		case <-timer.C:
		}
	}
	return true
}
