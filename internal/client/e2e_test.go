package client

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
)

// runAsClient makes the test binary act as `ssh-mosh --connect IP PORT`
// when the end-to-end tests start it inside a tmux pane.
const runAsClient = "SSH_MOSH_CLIENT_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsClient) == "1" && len(os.Args) == 3 {
		if path := os.Getenv("SSH_MOSH_CLIENT_TEST_LOG"); path != "" {
			os.Exit(mainWithLog(os.Args[1], os.Args[2], path))
		}
		os.Exit(Main(os.Args[1], os.Args[2]))
	}
	status := m.Run()
	moshtest.RemoveBuilds()
	os.Exit(status)
}

// startMoshServer runs `<path> new` on 127.0.0.1 with /bin/sh and a
// 120 s network timeout; cleanup kills its pid.
func startMoshServer(t *testing.T, path string) moshtest.Server {
	t.Helper()
	return moshtest.StartServer(t, path, moshtest.ServerOptions{Env: []string{"MOSH_SERVER_NETWORK_TMOUT=120"}})
}

// startClientPane starts a wrapper shell in tmux and, from it, the client
// connecting to addr; env is added to the client's environment.
func startClientPane(t *testing.T, addr netip.AddrPort, key string, env ...string) (*tmux.Pane, string) {
	t.Helper()
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if v := os.Getenv("SSH_MOSH_CLIENT_TEST_LOG"); v != "" {
		env = append(env, "SSH_MOSH_CLIENT_TEST_LOG="+v)
	}
	line := fmt.Sprintf("stty -a > %s/before; env %s=1 MOSH_KEY=%s %s %s %s %s; echo EXIT=$?; stty -a > %[1]s/after.part && mv %[1]s/after.part %[1]s/after; exec sleep 600",
		dir, runAsClient, key, strings.Join(env, " "), self, addr.Addr(), strconv.Itoa(int(addr.Port())))
	pane, err := tmux.Start(tmux.Options{
		Dir: dir, Width: 80, Height: 24,
		Env:     []string{"TERM=xterm-256color", "LANG=C.UTF-8", "HOME=" + dir},
		Command: []string{"/bin/sh", "-c", line},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pane.Close() })
	return pane, dir
}

// servers returns the servers to test against: mosh-server 1.4.0 and ours,
// built once from ./cmd/mosh-server.
func servers(t *testing.T) []struct{ name, path string } {
	t.Helper()
	paths := testenv.Need(t, "mosh-server", "tmux")
	return []struct{ name, path string }{{"mosh-1.4.0", paths[0]}, {"ours", moshtest.Build(t, "ssh-mosh/cmd/mosh-server")}}
}

// TestServers drives the client against mosh-server 1.4.0 and ours through
// tmux: prompt, command output, resize, a long output's final screen,
// suspend and resume, and quitting with the escape key with the terminal
// modes restored.
func TestServers(t *testing.T) {
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) { testServer(t, s.path) })
	}
}

func testServer(t *testing.T, path string) {
	srv := startMoshServer(t, path)
	pane, dir := startClientPane(t, srv.Addr, srv.Key.String())
	wait := func(text string) string {
		t.Helper()
		screen, err := pane.WaitForText(15*time.Second, text)
		if err != nil {
			t.Fatal(err)
		}
		return screen
	}
	type step struct {
		name  string
		do    func() error
		until string
	}
	steps := []step{
		{"prompt", func() error { return nil }, "$"},
		{"echo", func() error { return typeLine(pane, "echo hello-$((6*7))") }, "hello-42"},
		{"resize", func() error {
			if err := pane.Resize(70, 20); err != nil {
				return err
			}
			time.Sleep(300 * time.Millisecond)
			return typeLine(pane, "stty size")
		}, "20 70"},
		{"seq", func() error { return typeLine(pane, "seq 1 100000; echo done-$((1+1))") }, "done-2"},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		wait(s.until)
	}
	screen, _ := pane.Capture()
	if !strings.Contains(screen, "99999\n100000\ndone-2") {
		t.Errorf("final screen of seq is wrong:\n%s", screen)
	}
	// Suspend with the escape key and go on. tmux continues a pane's
	// stopped process group at once, so this checks that the client gives
	// the terminal back and takes it again without losing the session.
	if err := pane.SendKeys("C-^", "C-z"); err != nil {
		t.Fatal(err)
	}
	if err := typeLine(pane, "echo back-$((5*5))"); err != nil {
		t.Fatal(err)
	}
	wait("back-25")
	if err := pane.SendKeys("C-^", "."); err != nil {
		t.Fatal(err)
	}
	screen = wait("EXIT=")
	if !strings.Contains(screen, "[mosh is exiting.]") || !strings.Contains(screen, "EXIT=0") {
		t.Errorf("exit screen:\n%s", screen)
	}
	if _, err := pane.WaitFor(5*time.Second, func(string) bool {
		_, err := os.Stat(filepath.Join(dir, "after"))
		return err == nil
	}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "before"))
	after, _ := os.ReadFile(filepath.Join(dir, "after"))
	// The first line holds the window size, which the test changed.
	if dropLine(before) != dropLine(after) {
		t.Errorf("terminal modes not restored:\nbefore %s\nafter  %s", before, after)
	}
}

func typeLine(p *tmux.Pane, s string) error {
	if err := p.SendLiteral(s); err != nil {
		return err
	}
	return p.SendKeys("Enter")
}

func dropLine(b []byte) string {
	_, rest, _ := strings.Cut(string(b), "\n")
	return rest
}

// mainWithLog is Main with the loop's trace written to path.
func mainWithLog(ip, port, path string) int {
	cfg, err := ConfigFromEnv(ip, port)
	if err != nil {
		return Main(ip, port)
	}
	f, err := os.Create(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	t0 := time.Now()
	cfg.Logf = func(format string, args ...any) {
		fmt.Fprintf(f, "%8.1fms "+format+"\n", append([]any{float64(time.Since(t0).Microseconds()) / 1000}, args...)...)
	}
	return Run(cfg)
}
