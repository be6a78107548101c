package interop

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

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

// shellEnv is the environment of the plan: /bin/sh with PS1='$ ' in C.UTF-8.
func shellEnv(t testing.TB) []string {
	return []string{"PS1=$ ", "LANG=C.UTF-8", "LC_ALL=", "HOME=" + t.TempDir(), "ENV="}
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
