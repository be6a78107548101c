package interop

import (
	"bytes"
	"fmt"
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
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// TestMain removes the binaries built for the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir) // best effort
	}
	os.Exit(code)
}

// binaries builds our mosh-server and ssh-mosh once per run and returns
// the directory holding them.
func binaries(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "interop-bin")
		if buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", buildDir+"/",
			"ssh-mosh/cmd/mosh-server", "ssh-mosh/cmd/ssh-mosh").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildDir
}

// ourServer is the path of our mosh-server.
func ourServer(t testing.TB) string { return filepath.Join(binaries(t), "mosh-server") }

// ourClient is the path of ssh-mosh (run as `ssh-mosh --connect IP PORT`).
func ourClient(t testing.TB) string { return filepath.Join(binaries(t), "ssh-mosh") }

var (
	connectRE  = regexp.MustCompile(`MOSH CONNECT (\d+) ([A-Za-z0-9+/]{22})\n`)
	detachedRE = regexp.MustCompile(`\[mosh-server detached, pid = (\d+)\]`)
)

// server is a detached mosh-server (ours or mosh 1.4.0's).
type server struct {
	port int
	key  string
	pid  int
}

// shellEnv is the environment of the plan: /bin/sh with PS1='$ ' in C.UTF-8.
func shellEnv(t testing.TB) []string {
	return []string{"PS1=$ ", "LANG=C.UTF-8", "LC_ALL=", "HOME=" + t.TempDir(), "ENV="}
}

// startServer runs `bin new -i 127.0.0.1 -p 0 args...` with env added,
// reads the connect line, and kills the detached server by its pid at
// cleanup.
func startServer(t testing.TB, bin string, env []string, args ...string) server {
	t.Helper()
	return startServerAt(t, "127.0.0.1", bin, env, args...)
}

// startServerAt is startServer bound to ip.
func startServerAt(t testing.TB, ip, bin string, env []string, args ...string) server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"new", "-i", ip, "-p", "0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v\nstderr: %s", bin, err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill() // best effort
		<-done
		t.Fatalf("%s did not detach; stderr: %s", bin, stderr.String())
	}
	m := connectRE.FindStringSubmatch(stdout.String())
	d := detachedRE.FindStringSubmatch(stderr.String())
	if m == nil || d == nil {
		t.Fatalf("no connect line or detach message; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	var s server
	s.port, _ = strconv.Atoi(m[1])
	s.key = m[2]
	s.pid, _ = strconv.Atoi(d[1])
	t.Cleanup(func() { killPID(s.pid) })
	return s
}

// killPID ends a process we started, by pid, and waits (bounded) for it
// to be gone.
func killPID(pid int) {
	if pid <= 0 {
		return
	}
	syscall.Kill(pid, syscall.SIGKILL) // best effort: it may have exited
	waitGone(pid, 2*time.Second)
}

// waitGone waits up to d for pid to exit; it reports whether it did.
func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for alive(pid) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// alive reports whether pid runs and is not a zombie.
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return false
	}
	return s[i+2] != 'Z'
}

// rssKiB is the resident set size of pid in KiB, or -1.
func rssKiB(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return -1
}

// need gates a test on the outside programs it runs.
func need(t testing.TB, programs ...string) []string {
	t.Helper()
	return testenv.Need(t, programs...)
}
