package interop

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
)

// TestRealWrapperOurServer is W1: mosh 1.4.0's own wrapper, with
// --local, starts our mosh-server (through a script that logs its argv)
// and hands over to mosh-client 1.4.0; the shell answers and `exit` ends
// the session. Our server must have been called as mosh-server new with
// the colour count and the locale.
func TestRealWrapperOurServer(t *testing.T) {
	t.Parallel()
	paths := need(t, "mosh", "mosh-client", "tmux", "perl")
	dir := t.TempDir()
	argvLog := filepath.Join(dir, "argv")
	script := filepath.Join(dir, "server.sh")
	// The marker in the environment finds the detached server at cleanup,
	// whose pid only the wrapper saw.
	marker := "INTEROP_W1=" + filepath.Base(dir)
	t.Cleanup(func() { killMarked(marker) })
	body := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + argvLog +
		"\nexport " + marker + "\nexec " + ourServer(t) + " \"$@\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	pane, _ := runInPane(t, 80, 24, []string{"HOME=" + home, "PS1=$ ", "SHELL=/bin/sh", "ENV="},
		paths[0], "--local", "--server="+script, "--client="+paths[1], "127.0.0.1", "--", "/bin/sh")
	s := &session{t: t, pane: pane, side: sideServer}
	s.wait("the prompt", func(screen string) bool { return lastLine(screen) == "$" })
	s.echo("w1")
	pane.SendLiteral("exit")
	pane.SendKeys("Enter")
	if code := s.exitStatus(20 * time.Second); code != 0 {
		t.Errorf("wrapper exit status %d, want 0", code)
	}
	data, err := os.ReadFile(argvLog)
	if err != nil {
		t.Fatal(err)
	}
	argv := strings.Split(strings.TrimSpace(string(data)), "\n")
	joined := strings.Join(argv, " ")
	if len(argv) == 0 || argv[0] != "new" || !strings.Contains(joined, "-c 256") || !strings.Contains(joined, "-l LANG=C.UTF-8") {
		t.Errorf("our server was called with %q", argv)
	}
	t.Logf("argv %q", argv)
}

// killMarked kills the processes whose environment holds marker (an
// exact NAME=VALUE this test made up), by pid.
func killMarked(marker string) {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err != nil || !strings.Contains("\x00"+string(env), "\x00"+marker+"\x00") {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(d)); err == nil && pid != os.Getpid() {
			moshtest.Kill(pid)
		}
	}
}
