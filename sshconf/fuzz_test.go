package sshconf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzResolve feeds arbitrary text as the user's config file: Parse and
// Resolve must return an error or a Config, never panic or hang.
func FuzzResolve(f *testing.F) {
	files, _ := filepath.Glob("testdata/oracle/*.conf")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b), "h")
		}
	}
	f.Add("Match exec \"%C\" host a,!b final\nInclude *\n", "a")
	f.Fuzz(func(t *testing.T, text, host string) {
		if _, err := Parse(strings.NewReader(text), "fuzz"); err != nil {
			return
		}
		o := memOptions(host, map[string]string{"/home/u/.ssh/config": text, "/home/u/.ssh/x": text},
			func(string) bool { return len(text)%2 == 0 })
		Resolve(o) //nolint:errcheck // only panics matter
	})
}
