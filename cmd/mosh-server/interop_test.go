package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
	buildDir  string
)

// TestMain removes the binary built for the interop tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// serverBinary builds this command once per test run.
func serverBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "mosh-server-test")
		if buildErr != nil {
			return
		}
		builtPath = filepath.Join(buildDir, "mosh-server")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

var connectRE = regexp.MustCompile(`MOSH CONNECT (\d+) ([A-Za-z0-9+/]{22})\n`)
var detachedRE = regexp.MustCompile(`\[mosh-server detached, pid = (\d+)\]`)

// started is a running server.
type started struct {
	port   int
	key    string
	pid    int
	stdout string
	stderr string
}

// startServer runs `bin new args...` with env added and returns what it
// printed; the detached server is killed by its pid at cleanup.
func startServer(t testing.TB, bin string, env []string, args ...string) started {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"new"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("mosh-server: %v\nstderr: %s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("mosh-server did not return; stderr: %s", stderr.String())
	}
	s := started{stdout: stdout.String(), stderr: stderr.String()}
	m := connectRE.FindStringSubmatch(s.stdout)
	d := detachedRE.FindStringSubmatch(s.stderr)
	if m == nil || d == nil {
		t.Fatalf("no connect line or detach message; stdout %q stderr %q", s.stdout, s.stderr)
	}
	s.port, _ = strconv.Atoi(m[1])
	s.key = m[2]
	s.pid, _ = strconv.Atoi(d[1])
	t.Cleanup(func() { killServer(s.pid) })
	return s
}

// killServer ends a server we started, by pid, and waits (bounded) for it.
func killServer(pid int) {
	if pid <= 0 {
		return
	}
	syscall.Kill(pid, syscall.SIGKILL) // best effort: may have exited
	for i := 0; i < 100 && alive(pid); i++ {
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether pid still runs (and is not a zombie).
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(data))
	return len(f) > 2 && f[2] != "Z"
}

// TestDetach checks the connect line, the detach message, the exit of the
// invoking process, and that the detached server owns the port (S1).
func TestDetach(t *testing.T) {
	testenv.Need(t, "sh")
	bin := serverBinary(t)
	s := startServer(t, bin, nil, "-i", "127.0.0.1", "-p", "0", "--", "/bin/sh")
	if want := fmt.Sprintf("MOSH CONNECT %d %s\n", s.port, s.key); s.stdout != want {
		t.Errorf("stdout %q, want %q", s.stdout, want)
	}
	if !strings.ContainsAny(s.key[21:], "AQgw") {
		t.Errorf("key %q has a bad last character", s.key)
	}
	wantErr := "\n" + versionBanner + "\n" + fmt.Sprintf("[mosh-server detached, pid = %d]\n", s.pid)
	if s.stderr != wantErr {
		t.Errorf("stderr %q, want %q", s.stderr, wantErr)
	}
	if !alive(s.pid) {
		t.Fatal("detached server is not running")
	}
	if _, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: s.port}); err == nil {
		t.Error("port is free: the detached server does not hold it")
	}
	if sid, _ := syscall.Getpgid(s.pid); sid != s.pid {
		t.Errorf("server's process group %d, want its own (%d)", sid, s.pid)
	}
}

// session is a real mosh-client in tmux talking to our server.
type session struct {
	t    *testing.T
	pane *tmux.Pane
	srv  started
}

// connect starts our server with the shell command and the real
// mosh-client in a tmux pane of w×h, and waits for the prompt.
func connect(t *testing.T, w, h int, serverEnv []string, shellCmd ...string) *session {
	t.Helper()
	paths := testenv.Need(t, "mosh-client", "tmux")
	bin := serverBinary(t)
	env := append([]string{"PS1=$ ", "LANG=C.UTF-8", "HOME=" + t.TempDir()}, serverEnv...)
	srv := startServer(t, bin, env, append([]string{"-i", "127.0.0.1", "-p", "0", "-c", "256", "--"}, shellCmd...)...)
	pane, err := tmux.Start(tmux.Options{
		Dir: t.TempDir(), Width: w, Height: h,
		Env:     []string{"MOSH_KEY=" + srv.key, "LANG=C.UTF-8", "TERM=xterm-256color"},
		Command: clientCommand(paths[0], srv.port),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pane.Close() })
	return &session{t: t, pane: pane, srv: srv}
}

// clientCommand runs mosh-client and then prints its exit status and
// stays, so the pane keeps the client's last words: tmux blanks a dead
// pane's screen once it has scrolled (the same with the real server).
func clientCommand(client string, port int) []string {
	return []string{"/bin/sh", "-c", `"$0" "$@"; echo "[client exit $?]"; exec sleep 600`,
		client, "127.0.0.1", strconv.Itoa(port)}
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
