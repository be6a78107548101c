// Package sshmosh_test holds the repository's own rules, checked on every
// test run: imports go one way (../shared/STYLE.md "Architecture"), only the
// OS-edge layers touch sockets, ptys and processes, and every package says
// what it is in a doc comment.
package sshmosh_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "ssh-mosh"

// layers maps each package (or package prefix ending in "/") to its layer.
// A package may import packages of its own layer or below, never above.
var layers = []struct {
	pkg   string
	layer int
}{
	{"crypto/ocb", 0},
	{"internal/wire", 0},
	{"sshconf", 0},
	{"crypto", 1},
	{"term", 1},
	{"ssp", 2},
	{"ssp/ssptest", 2},
	{"term/display", 2},
	{"term/termtest", 1},
	{"term/overlay", 2},
	{"internal/statesync", 2},
	{"ssp/udp", 3},
	{"bootstrap", 3},
	{"internal/tty", 3},
	{"internal/testenv", 3},
	{"internal/tmux", 3},
	{"internal/shell", 3},
	{"internal/relay", 3},
	{"internal/setup", 3},
	{"internal/sshdtest", 3},
	{"internal/client", 4},
	{"internal/server", 4},
	{"internal/bench", 4},
	{"cmd/", 5},
	{"interop", 5},
	{"internal/moshtest", 3},
}

// osPackages are the standard-library packages that mean "touches the OS"
// and are forbidden below layer 3 (tests excepted).
var osPackages = []string{"net", "os/exec", "os/signal", "syscall", "golang.org/x/sys/unix", "github.com/creack/pty", "golang.org/x/term"}

// clockCalls are the calls that read the clock, sleep or start timers:
// forbidden in the sans-I/O core (layers 0-2), where time is an argument.
var clockCalls = []string{"time.Now(", "time.Sleep(", "time.After(", "time.Tick(",
	"time.NewTimer(", "time.NewTicker(", "time.Since(", "time.Until(", "time.AfterFunc("}

// globalLogging are package-level loggers: logging is injected instead.
var globalLogging = []string{"log.Print", "log.Fatal", "log.Panic", "slog.Info(", "slog.Warn(", "slog.Error(", "slog.Debug("}

type listedPackage struct {
	ImportPath string
	Doc        string
	Imports    []string
	GoFiles    []string
	Dir        string
}

func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func layerOf(path string) (int, bool) {
	rel := strings.TrimPrefix(path, module+"/")
	if rel == path {
		return 0, false
	}
	best, bestLen := -1, -1
	for _, l := range layers {
		match := rel == l.pkg || (strings.HasSuffix(l.pkg, "/") && strings.HasPrefix(rel, l.pkg))
		if match && len(l.pkg) > bestLen {
			best, bestLen = l.layer, len(l.pkg)
		}
	}
	return best, best >= 0
}

func TestImportsGoOneWay(t *testing.T) {
	for _, p := range listPackages(t) {
		if p.ImportPath == module {
			continue
		}
		layer, ok := layerOf(p.ImportPath)
		if !ok {
			t.Errorf("%s has no layer: add it to the table in layering_test.go", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			if il, ok := layerOf(imp); ok && il > layer {
				t.Errorf("%s (layer %d) imports %s (layer %d)", p.ImportPath, layer, imp, il)
			}
			if strings.HasPrefix(imp, module+"/cmd/") {
				t.Errorf("%s imports a command: %s", p.ImportPath, imp)
			}
			if layer < 3 {
				for _, osp := range osPackages {
					if imp == osp {
						t.Errorf("%s (layer %d) imports %s: only layers 3 and up touch the OS", p.ImportPath, layer, imp)
					}
				}
			}
		}
	}
}

func TestEveryPackageIsDocumented(t *testing.T) {
	for _, p := range listPackages(t) {
		if p.ImportPath == module || len(p.GoFiles) == 0 {
			continue
		}
		if strings.TrimSpace(p.Doc) == "" {
			t.Errorf("%s has no package doc comment", p.ImportPath)
		}
	}
}

func TestCoreReadsNoClockAndLogsNoGlobals(t *testing.T) {
	for _, p := range listPackages(t) {
		layer, ok := layerOf(p.ImportPath)
		if !ok {
			continue
		}
		for _, f := range p.GoFiles {
			src, err := os.ReadFile(filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			text := string(src)
			for _, call := range globalLogging {
				if strings.Contains(text, call) {
					t.Errorf("%s/%s uses a global logger (%s): inject a Logf instead", p.ImportPath, f, call)
				}
			}
			if layer > 2 {
				continue
			}
			for _, call := range clockCalls {
				if strings.Contains(text, call) {
					t.Errorf("%s/%s (layer %d) calls %s: the core takes time as an argument", p.ImportPath, f, layer, call)
				}
			}
		}
	}
}
