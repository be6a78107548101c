package sshconf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		// a hang would stall the fuzzer silently: turn it into a crash
		// that records the input
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("sshconf: Resolve hung on %q %q", text, host)) })
		defer watchdog.Stop()
		if _, err := Parse(strings.NewReader(text), "fuzz"); err != nil {
			return
		}
		o := memOptions(host, map[string]string{"/home/u/.ssh/config": text, "/home/u/.ssh/x": text},
			func(string) bool { return len(text)%2 == 0 })
		Resolve(o) //nolint:errcheck // only panics matter
	})
}
