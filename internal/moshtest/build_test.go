package moshtest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// fatalCatcher records Fatal instead of ending the goroutine.
type fatalCatcher struct {
	testing.TB
	failed string
}

func (f *fatalCatcher) Helper() {}
func (f *fatalCatcher) Fatal(args ...any) {
	f.failed = fmt.Sprint(args...)
	panic(f)
}

// buildFails calls Build through a fatalCatcher and returns what it
// failed with ("" if it did not).
func buildFails(t *testing.T, pkg string) (failed string) {
	f := &fatalCatcher{TB: t}
	defer func() {
		if r := recover(); r != nil && r != any(f) {
			panic(r)
		}
		failed = f.failed
	}()
	Build(f, pkg)
	return ""
}

// TestBuild builds a command once (the second call reuses the binary),
// reports a package that does not build on every call, and RemoveBuilds
// deletes the binary.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	defer RemoveBuilds()
	first := Build(t, "ssh-mosh/cmd/mosh-relay")
	info, err := os.Stat(first)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&0o111 == 0 {
		t.Fatalf("built %q with mode %v; want an executable", first, info.Mode())
	}
	if again := Build(t, "ssh-mosh/cmd/mosh-relay"); again != first {
		t.Errorf("second Build = %q, want the first binary %q", again, first)
	}
	for i := range 2 {
		if msg := buildFails(t, "ssh-mosh/no/such/command"); !strings.Contains(msg, "moshtest: go build ssh-mosh/no/such/command") {
			t.Errorf("call %d: Build of a missing package failed with %q", i, msg)
		}
	}
	RemoveBuilds()
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("after RemoveBuilds, stat %s: %v; want it gone", first, err)
	}
}
