package moshtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// built is what Build made of one package: the binary's path or the error.
type built struct {
	path string
	err  error
}

var (
	buildMu  sync.Mutex
	buildDir string           // holds every binary Build made; "" until the first
	builds   map[string]built // by import path
)

// Build compiles the main package pkg (an import path such as
// "ssh-mosh/cmd/mosh-server") once per test process and returns the
// binary's path; later calls for the same pkg return the same path, or
// fail the same way. It calls t.Fatal if the build failed. The binaries
// share one temporary directory, which RemoveBuilds deletes: call it from
// TestMain after m.Run.
func Build(t testing.TB, pkg string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	b, ok := builds[pkg]
	if !ok {
		b = build(pkg)
		if builds == nil {
			builds = map[string]built{}
		}
		builds[pkg] = b
	}
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// build runs `go build` for pkg into buildDir, creating that first.
func build(pkg string) built {
	if buildDir == "" {
		dir, err := os.MkdirTemp("", "moshtest-build")
		if err != nil {
			return built{err: fmt.Errorf("moshtest: %w", err)}
		}
		buildDir = dir
	}
	path := filepath.Join(buildDir, strings.ReplaceAll(pkg, "/", "_"))
	out, err := exec.Command("go", "build", "-o", path, pkg).CombinedOutput()
	if err != nil {
		return built{err: fmt.Errorf("moshtest: go build %s: %v\n%s", pkg, err, out)}
	}
	return built{path: path}
}

// RemoveBuilds deletes the binaries Build made; Build may build again
// afterwards.
func RemoveBuilds() {
	buildMu.Lock()
	defer buildMu.Unlock()
	if buildDir != "" {
		os.RemoveAll(buildDir) // best effort
	}
	buildDir, builds = "", nil
}
