package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
)

// TestMain removes the binary built for the interop tests.
func TestMain(m *testing.M) {
	code := m.Run()
	moshtest.RemoveBuilds()
	os.Exit(code)
}

// serverBinary builds this command once per test run.
func serverBinary(t testing.TB) string {
	t.Helper()
	return moshtest.Build(t, "ssh-mosh/cmd/mosh-server")
}

// cleanExit is what a pane started with moshtest's ExitLine shows at the
// end of a session that shut down cleanly.
var cleanExit = "[mosh is exiting.]\n" + moshtest.ClientExit(0)

// TestDetach checks the connect line, the detach message, the exit of the
// invoking process, and that the detached server owns the port (S1).
func TestDetach(t *testing.T) {
	testenv.Need(t, "sh")
	bin := serverBinary(t)
	s := moshtest.StartServer(t, bin, moshtest.ServerOptions{InheritEnv: true, Command: []string{"/bin/sh"}})
	key := s.Key.String()
	if want := fmt.Sprintf("MOSH CONNECT %d %s\n", s.Addr.Port(), key); s.Stdout != want {
		t.Errorf("stdout %q, want %q", s.Stdout, want)
	}
	if len(key) != 22 || !strings.ContainsAny(key[21:], "AQgw") {
		t.Errorf("key %q has a bad length or last character", key)
	}
	wantErr := "\n" + versionBanner + "\n" + fmt.Sprintf("[mosh-server detached, pid = %d]\n", s.PID)
	if s.Stderr != wantErr {
		t.Errorf("stderr %q, want %q", s.Stderr, wantErr)
	}
	if !moshtest.Alive(s.PID) {
		t.Fatal("detached server is not running")
	}
	if _, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(s.Addr)); err == nil {
		t.Error("port is free: the detached server does not hold it")
	}
	if sid, _ := syscall.Getpgid(s.PID); sid != s.PID {
		t.Errorf("server's process group %d, want its own (%d)", sid, s.PID)
	}
}

// session is a real mosh-client in tmux talking to our server.
type session struct {
	t    *testing.T
	pane *tmux.Pane
	srv  moshtest.Server
}

// connect starts our server with the shell command and the real
// mosh-client in a tmux pane of w×h (with moshtest's exit line), and
// waits for the prompt.
func connect(t *testing.T, w, h int, serverEnv []string, shellCmd ...string) *session {
	t.Helper()
	paths := testenv.Need(t, "mosh-client", "tmux")
	srv := moshtest.StartServer(t, serverBinary(t), moshtest.ServerOptions{
		InheritEnv: true,
		Env:        append([]string{"PS1=$ ", "LANG=C.UTF-8", "HOME=" + t.TempDir()}, serverEnv...),
		Args:       []string{"-c", "256"},
		Command:    shellCmd,
	})
	pane := moshtest.StartClient(t, paths[0], srv.Key, srv.Addr, moshtest.ClientOptions{Width: w, Height: h, ExitLine: true})
	return &session{t: t, pane: pane, srv: srv}
}

// waitScreen waits for pred, failing the test with the screen otherwise.
func (s *session) waitScreen(what string, pred func(string) bool) string {
	s.t.Helper()
	screen, err := s.pane.WaitFor(20*time.Second, pred)
	if err != nil {
		s.t.Fatalf("waiting for %s: %v", what, err)
	}
	return screen
}

// waitText waits for text anywhere on the screen.
func (s *session) waitText(text string) string {
	s.t.Helper()
	return s.waitScreen(strconv.Quote(text), func(sc string) bool { return strings.Contains(sc, text) })
}

// typeLine types a command and Enter.
func (s *session) typeLine(line string) {
	s.t.Helper()
	if err := s.pane.SendLiteral(line); err != nil {
		s.t.Fatal(err)
	}
	if err := s.pane.SendKeys("Enter"); err != nil {
		s.t.Fatal(err)
	}
}

// serverEnds fails the test unless the server is gone within 5 s of the
// end of the session (what).
func (s *session) serverEnds(what string) {
	s.t.Helper()
	if !moshtest.WaitGone(s.srv.PID, 5*time.Second) {
		s.t.Errorf("server still running after %s", what)
	}
}

// lines returns the screen's non-empty rows.
func lines(screen string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(screen))
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			out = append(out, l)
		}
	}
	return out
}
