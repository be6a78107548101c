package interop

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/testenv"
)

// TestMain removes the binaries built for the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	moshtest.RemoveBuilds()
	os.Exit(code)
}

// ourServer is the path of our mosh-server, built once per run.
func ourServer(t testing.TB) string { return moshtest.Build(t, "ssh-mosh/cmd/mosh-server") }

// ourClient is the path of ssh-mosh (run as `ssh-mosh --connect IP PORT`),
// built once per run.
func ourClient(t testing.TB) string { return moshtest.Build(t, "ssh-mosh/cmd/ssh-mosh") }

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
