package setup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree reads every file under dir into a map, for before/after checks.
func tree(t *testing.T, dir string) map[string]string {
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			m[p] = string(b)
		}
		return nil
	})
	return m
}

func TestRunIdempotentAndDryRun(t *testing.T) {
	all := func(string) bool { return true }
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".ssh"), 0o700)
	os.WriteFile(filepath.Join(home, ".ssh", "config"), []byte("Host a\n  User b\n"), 0o600)
	os.WriteFile(filepath.Join(home, ".bashrc"), []byte("alias ll='ls -l'\n"), 0o644)
	before := tree(t, home)

	var out strings.Builder
	changes, err := Run(Options{Home: home, DryRun: true, Out: &out, HaveShell: all})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 4 || !strings.Contains(out.String(), "would change") {
		t.Fatalf("dry run planned %d changes:\n%s", len(changes), out.String())
	}
	if after := tree(t, home); len(after) != len(before) || after[filepath.Join(home, ".bashrc")] != before[filepath.Join(home, ".bashrc")] {
		t.Fatalf("dry run changed files: %v", after)
	}

	out.Reset()
	changes, err = Run(Options{Home: home, Out: &out, HaveShell: all})
	if err != nil || len(changes) != 4 {
		t.Fatalf("first run: %v %v", changes, err)
	}
	t.Log(out.String())
	for _, name := range []string{".ssh/config", ".bashrc"} {
		bak, err := os.ReadFile(filepath.Join(home, name+".ssh-mosh.bak"))
		if err != nil || string(bak) != before[filepath.Join(home, name)] {
			t.Errorf("%s: backup %q, %v", name, bak, err)
		}
	}
	fi, err := os.Stat(filepath.Join(home, ".ssh", "config"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("config mode %v %v", fi.Mode(), err)
	}
	mid := tree(t, home)
	changes, err = Run(Options{Home: home, Out: &out, HaveShell: all})
	if err != nil || len(changes) != 0 {
		t.Fatalf("second run changed %v %v", changes, err)
	}
	if after := tree(t, home); len(after) != len(mid) {
		t.Fatalf("second run touched files")
	}
}

func TestRunLeavesUsersFishFunction(t *testing.T) {
	home := t.TempDir()
	fish := filepath.Join(home, ".config", "fish", "functions", "ssh.fish")
	os.MkdirAll(filepath.Dir(fish), 0o755)
	os.WriteFile(fish, []byte("function ssh\nend\n"), 0o644)
	if _, err := Run(Options{Home: home, HaveShell: func(string) bool { return true }}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(fish); string(b) != "function ssh\nend\n" {
		t.Errorf("overwrote the user's ssh.fish: %q", b)
	}
}
