// Package testenv gates the tests that need real outside programs: OpenSSH's
// sshd and ssh, mosh 1.4.0's mosh-server and mosh-client, tmux, shells.
//
// Such a test calls Need at its start. Locally, a missing program skips the
// test with a message that starts with "interop:"; with CI=true in the
// environment a missing program fails the test instead, so CI can never pass
// while silently running none of the interop tests. `go test -short` skips
// every test that calls Need.
//
// It is imported only by tests.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// sbinDirs are searched after PATH: sshd lives in /usr/sbin, which is not on
// every user's PATH.
var sbinDirs = []string{"/usr/sbin", "/sbin", "/usr/local/sbin"}

// InCI reports whether the tests run under CI (CI=true), where skipping an
// interop test is an error.
func InCI() bool { return os.Getenv("CI") == "true" }

// Need returns the absolute path of each named program, in order. When one is
// missing, or under -short, the test is skipped (failed under CI=true).
func Need(t testing.TB, programs ...string) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("interop: skipped under -short")
	}
	paths := make([]string, 0, len(programs))
	for _, p := range programs {
		path, err := Look(p)
		if err != nil {
			if InCI() {
				t.Fatalf("interop: %s is required under CI=true but was not found: %v", p, err)
			}
			t.Skipf("interop: %s not installed (apt-get install mosh openssh-server openssh-client tmux)", p)
		}
		paths = append(paths, path)
	}
	return paths
}

// Look finds a program on PATH or in the sbin directories.
func Look(program string) (string, error) {
	if path, err := exec.LookPath(program); err == nil {
		return path, nil
	}
	for _, dir := range sbinDirs {
		path := dir + "/" + program
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return path, nil
		}
	}
	return "", &exec.Error{Name: program, Err: exec.ErrNotFound}
}
