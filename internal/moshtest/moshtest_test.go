package moshtest

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/crypto"
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

// TestStartServerOptions starts the real mosh-server on ::1 with the
// test's own environment plus one variable, and checks the address, the
// printed output, the environment the command saw (it starts once a client
// connects), and that kill ends it.
func TestStartServerOptions(t *testing.T) {
	paths := testenv.Need(t, "mosh-server", "mosh-client", "tmux")
	out := filepath.Join(t.TempDir(), "env")
	s := StartServer(t, paths[0], ServerOptions{
		Command:    []string{"/bin/sh", "-c", `echo "$MOSHTEST_MARK $HOME" > ` + out + `; exec sleep 30`},
		Env:        []string{"MOSHTEST_MARK=mark"},
		InheritEnv: true,
		IP:         "::1",
	})
	if s.Addr.Addr().String() != "::1" {
		t.Errorf("Addr = %v, want ::1", s.Addr)
	}
	if !strings.Contains(s.Stdout, "MOSH CONNECT") || !strings.Contains(s.Stderr, "detached, pid") {
		t.Errorf("Stdout %q, Stderr %q", s.Stdout, s.Stderr)
	}
	StartClient(t, paths[1], s.Key, s.Addr, ClientOptions{})
	var got []byte
	for range 250 { // at most ~5 s
		if got, _ = os.ReadFile(out); bytes.HasSuffix(got, []byte("\n")) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want := "mark " + os.Getenv("HOME") + "\n"; string(got) != want {
		t.Errorf("command saw %q, want %q", got, want)
	}
	if !Alive(s.PID) {
		t.Fatalf("detached pid %d is not running", s.PID)
	}
	Kill(s.PID)
	if Alive(s.PID) {
		t.Errorf("pid %d still running after kill", s.PID)
	}
}

// TestClientExitLine runs stand-in clients that end at once with a known
// status and checks that a pane started with ExitLine shows it and stays.
func TestClientExitLine(t *testing.T) {
	paths := testenv.Need(t, "tmux", "true", "false")
	addr := netip.MustParseAddrPort("127.0.0.1:9")
	tests := []struct {
		name, client string
		code         int
	}{
		{"true", paths[1], 0},
		{"false", paths[2], 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pane := StartClient(t, tt.client, crypto.Key{}, addr, ClientOptions{Width: 40, Height: 5, ExitLine: true})
			want := ClientExit(tt.code)
			if screen, err := pane.WaitForText(10*time.Second, want); err != nil {
				t.Fatalf("no %q: %v; screen:\n%s", want, err, screen)
			}
			if dead, _, err := pane.Dead(); err != nil || dead {
				t.Errorf("pane dead %v (%v), want it kept open after the client ended", dead, err)
			}
		})
	}
}
