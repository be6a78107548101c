package moshtest

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
)

// fatalTB records Fatalf instead of ending the goroutine, so parse's
// failures can be checked in a table.
type fatalTB struct {
	testing.TB
	failed string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.failed = format
	panic(f)
}
func (f *fatalTB) Cleanup(func()) {}

func TestParse(t *testing.T) {
	const key = "QUJDREVGR0hJSktMTU5PUA"
	tests := []struct {
		name, out, err string
		port           uint16
		pid            int
		fail           bool
	}{
		{"ok", "\r\nMOSH CONNECT 60001 " + key + "\r\n", "\n[mosh-server detached, pid = 4242]\n", 60001, 4242, false},
		{"no connect", "hello", "[mosh-server detached, pid = 4242]", 0, 0, true},
		{"no pid", "MOSH CONNECT 60001 " + key, "", 0, 0, true},
		{"port zero", "MOSH CONNECT 0 " + key, "[mosh-server detached, pid = 4242]", 0, 0, true},
		{"port too big", "MOSH CONNECT 70000 " + key, "[mosh-server detached, pid = 4242]", 0, 0, true},
		{"pid one", "MOSH CONNECT 60001 " + key, "[mosh-server detached, pid = 1]", 0, 0, true},
		{"bad key", "MOSH CONNECT 60001 short", "[mosh-server detached, pid = 4242]", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := &fatalTB{TB: t}
			var s Server
			func() {
				defer func() {
					if r := recover(); r != nil && r != tb {
						panic(r)
					}
				}()
				s = parse(tb, []byte(tt.out), []byte(tt.err))
			}()
			if (tb.failed != "") != tt.fail {
				t.Fatalf("failed = %q, want failure %v", tb.failed, tt.fail)
			}
			if tt.fail {
				return
			}
			if s.Addr.Port() != tt.port || s.PID != tt.pid || s.Addr.Addr().String() != "127.0.0.1" || s.Key.String() != key {
				t.Fatalf("parse = %+v", s)
			}
		})
	}
}

// TestStartServerAndClient starts the real mosh-server with a command that
// prints a marker and the real mosh-client against it, and waits for the
// marker on the client's screen. The marker includes the TERM that the
// extra argument "-c 256" gives the command (xterm-256color; without it,
// xterm), so Args reach the server.
func TestStartServerAndClient(t *testing.T) {
	paths := testenv.Need(t, "mosh-server", "mosh-client", "tmux")
	s := StartServer(t, paths[0], ServerOptions{
		Command: []string{"/bin/sh", "-c", "echo moshtest-$((6*7))-$TERM-end; sleep 30"},
		Args:    []string{"-s", "-c", "256"},
	})
	if syscall.Kill(s.PID, 0) != nil {
		t.Fatalf("detached pid %d is not running", s.PID)
	}
	pane := StartClient(t, paths[1], s.Key, s.Addr, ClientOptions{Width: 60, Height: 10})
	screen, err := pane.WaitForText(15*time.Second, "moshtest-42-xterm-256color-end")
	if err != nil {
		t.Fatalf("marker not shown: %v; screen:\n%s", err, screen)
	}
	if rows := strings.Count(screen, "\n"); rows > 10 {
		t.Errorf("screen has %d rows, want at most 10", rows)
	}
}
