package main

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/relay"
	"ssh-mosh/internal/testenv"
)

// bash is the server's shell in these tests: a known prompt, no rc files.
var bash = []string{"/bin/bash", "--norc", "--noprofile"}

// lastLine is the screen's last non-empty row.
func lastLine(screen string) string {
	l := lines(screen)
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

// promptReady reports whether the screen ends in an idle prompt.
func promptReady(screen string) bool { return lastLine(screen) == "$" }

// TestRealClientSession runs the real mosh-client 1.4.0 against our server
// through a sequence of user actions (INTEROP-TESTS.md S4, S6, X2).
func TestRealClientSession(t *testing.T) {
	s := connect(t, 80, 24, []string{"STY=should-be-removed"}, bash...)
	s.waitScreen("first prompt", promptReady)

	t.Run("echo", func(t *testing.T) {
		s.typeLine("echo hello")
		screen := s.waitText("\nhello\n$")
		l := lines(screen)
		if n := len(l); n < 3 || l[n-3] != "$ echo hello" || l[n-2] != "hello" || l[n-1] != "$" {
			t.Errorf("screen:\n%s", screen)
		}
	})
	t.Run("environment", func(t *testing.T) {
		s.typeLine("clear; echo T=$TERM N=$NCURSES_NO_UTF8_ACS S=${STY-unset} M=$(locale charmap)")
		s.waitText("T=xterm-256color N=1 S=unset M=UTF-8")
	})
	t.Run("resize", func(t *testing.T) {
		for _, size := range [][2]int{{100, 30}, {80, 24}} {
			if err := s.pane.Resize(size[0], size[1]); err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%d %d", size[1], size[0])
			// The new size travels tmux → mosh-client (SIGWINCH) → server →
			// pty; ask again until the shell sees it (bounded).
			seen := false
			for try := 0; try < 10 && !seen; try++ {
				s.typeLine("clear; stty size")
				_, err := s.pane.WaitFor(2*time.Second, func(sc string) bool {
					return strings.Contains(sc, want+"\n$")
				})
				seen = err == nil
			}
			if !seen {
				screen, _ := s.pane.Capture()
				t.Fatalf("stty never showed %q; screen:\n%s", want, screen)
			}
		}
	})
	t.Run("seq", func(t *testing.T) {
		s.typeLine("clear; seq 1 100000")
		screen := s.waitScreen("the end of seq", func(sc string) bool {
			return strings.Contains(sc, "100000\n$")
		})
		var want []string
		for i := 99978; i <= 100000; i++ {
			want = append(want, strconv.Itoa(i))
		}
		want = append(want, "$")
		if got := strings.Join(lines(screen), "\n"); got != strings.Join(want, "\n") {
			t.Errorf("final screen:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
		}
	})
	t.Run("ctrl-c", func(t *testing.T) {
		s.typeLine("clear; yes")
		s.waitScreen("yes output", func(sc string) bool { return strings.Count(sc, "y\n") > 10 })
		if err := s.pane.SendKeys("C-c"); err != nil {
			t.Fatal(err)
		}
		s.waitScreen("prompt after ^C", promptReady)
		s.typeLine("clear; echo after-interrupt")
		s.waitText("after-interrupt\n$")
	})
	t.Run("vim", func(t *testing.T) {
		vim, err := testenv.Look("vim")
		if err != nil {
			if vim, err = testenv.Look("vi"); err != nil {
				t.Skip("interop: no vim or vi")
			}
		}
		file := filepath.Join(t.TempDir(), "note.txt")
		s.typeLine("clear; echo before-vim")
		s.waitText("before-vim\n$")
		s.typeLine(fmt.Sprintf("%s -u NONE -N -n %s", vim, file))
		s.waitScreen("vim", func(sc string) bool {
			return !strings.Contains(sc, "before-vim") && strings.Contains(sc, "~")
		})
		s.pane.SendLiteral("ihello from vim")
		s.pane.SendKeys("Escape")
		s.waitText("hello from vim")
		s.pane.SendLiteral(":wq")
		s.pane.SendKeys("Enter")
		screen := s.waitScreen("shell screen back", func(sc string) bool {
			return strings.Contains(sc, "before-vim") && promptReady(sc)
		})
		if strings.Contains(screen, "~\n") {
			t.Errorf("vim's screen left behind:\n%s", screen)
		}
		data, err := os.ReadFile(file)
		if err != nil || string(data) != "hello from vim\n" {
			t.Errorf("file %q, %v", data, err)
		}
	})
	t.Run("exit", func(t *testing.T) {
		s.typeLine("exit")
		s.waitText(cleanExit)
		s.serverEnds("the shell exited")
	})
}

// TestRealClientThroughLossyRelay runs a session through a relay that adds
// 100 ms of round trip and 30 % loss each way, and moves the client to a
// new source port mid-session (INTEROP-TESTS.md F4, F7).
func TestRealClientThroughLossyRelay(t *testing.T) {
	paths := testenv.Need(t, "mosh-client", "tmux")
	srv := moshtest.StartServer(t, serverBinary(t), moshtest.ServerOptions{
		InheritEnv: true, Env: []string{"PS1=$ ", "LANG=C.UTF-8", "HOME=" + t.TempDir()}, Command: bash})
	lossy := relay.Impairment{Delay: 50 * time.Millisecond, Loss: 0.3}
	r, err := relay.New(relay.Config{
		Server: srv.Addr.String(),
		Up:     lossy, Down: lossy, Seed: 7, Logf: t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	relayAddr := netip.AddrPortFrom(srv.Addr.Addr(), uint16(r.Port()))
	pane := moshtest.StartClient(t, paths[0], srv.Key, relayAddr, moshtest.ClientOptions{ExitLine: true})
	s := &session{t: t, pane: pane, srv: srv}
	s.waitScreen("first prompt", promptReady)
	s.typeLine("echo one")
	s.waitText("one\n$")
	replied, err := r.Roam()
	if err != nil {
		t.Fatal(err)
	}
	s.typeLine("clear; seq 1 3000 | tail -n 3")
	select {
	case <-replied:
	case <-time.After(20 * time.Second):
		t.Fatal("the server never answered the roamed client")
	}
	screen := s.waitText("2998\n2999\n3000\n$")
	if strings.Contains(screen, "mosh:") {
		t.Logf("notification bar seen (fine under loss):\n%s", screen)
	}
	s.typeLine("exit")
	s.waitText(cleanExit)
}

// TestChildStartsAtOnce checks that the command starts as soon as the
// server is ready, before any client contact (a deviation from mosh's S7,
// see internal/server loop.release), and that SIGTERM ends a server
// without a client at once (X6) and hangs up the started command.
func TestChildStartsAtOnce(t *testing.T) {
	testenv.Need(t, "sh")
	home := t.TempDir()
	srv := moshtest.StartServer(t, serverBinary(t), moshtest.ServerOptions{
		InheritEnv: true, Env: []string{"HOME=" + home},
		Command: []string{"sh", "-c", "echo $$ > marker.tmp; mv marker.tmp marker; exec sleep 30"}})
	child := waitChild(t, filepath.Join(home, "marker"), " before any client contact")
	if err := syscall.Kill(srv.PID, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !moshtest.WaitGone(srv.PID, 2*time.Second) {
		t.Error("server without a client survived SIGTERM")
	}
	if !moshtest.WaitGone(child, 2*time.Second) {
		moshtest.Kill(child) // ours, started by our server
		t.Error("the command survived the end of the server")
	}
}

// waitChild waits up to 10 s for the marker file a server's command
// writes (its pid, renamed into place whole) and returns that pid; when
// ends the failure message.
func waitChild(t *testing.T, marker, when string) int {
	t.Helper()
	var data []byte
	var err error
	for range 500 {
		if data, err = os.ReadFile(marker); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the command did not start%s", when)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("marker %q: %v", data, err)
	}
	return pid
}

// TestCommandEndsBeforeClient: a command that exits before the client
// comes (now that it starts at once) does not end the session early: the
// server waits for the client and ends the session with it normally, as
// with mosh. (The real client leaves its screen on exit, so the command's
// output cannot be read back here; internal/server's
// TestLoopChildEndsBeforeClient checks that the last screen is sent.)
func TestCommandEndsBeforeClient(t *testing.T) {
	paths := testenv.Need(t, "mosh-client", "tmux")
	home := t.TempDir()
	srv := moshtest.StartServer(t, serverBinary(t), moshtest.ServerOptions{
		InheritEnv: true, Env: []string{"LANG=C.UTF-8", "HOME=" + home},
		Command: []string{"sh", "-c", "echo $$ > marker.tmp; mv marker.tmp marker; echo early-bird"}})
	child := waitChild(t, filepath.Join(home, "marker"), "")
	if !moshtest.WaitGone(child, 5*time.Second) {
		moshtest.Kill(child) // ours, started by our server
		t.Fatal("the command did not end before the client started")
	}
	pane := moshtest.StartClient(t, paths[0], srv.Key, srv.Addr, moshtest.ClientOptions{ExitLine: true})
	s := &session{t: t, pane: pane, srv: srv}
	s.waitText(cleanExit)
	s.serverEnds("the session ended")
}

// TestASCIILocaleAndSigterm starts the server with LANG=C, where the real
// mosh-server refuses to run (S3): ours gives the shell a UTF-8 locale.
// Then SIGTERM to the server ends the session cleanly for the client (X5).
func TestASCIILocaleAndSigterm(t *testing.T) {
	s := connect(t, 80, 24, []string{"LANG=C", "LC_ALL=", "LC_CTYPE="}, "sh", "-c", "locale charmap; exec sleep 60")
	s.waitText("UTF-8")
	if err := syscall.Kill(s.srv.PID, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.waitText(cleanExit)
	s.serverEnds("its clean shutdown")
}

// TestClientQuit ends the session from the client with its escape key,
// Ctrl-^ then "." (X1): the client exits cleanly and so does the server.
func TestClientQuit(t *testing.T) {
	s := connect(t, 80, 24, nil, bash...)
	s.waitScreen("first prompt", promptReady)
	if err := s.pane.SendKeys("C-^"); err != nil {
		t.Fatal(err)
	}
	if err := s.pane.SendLiteral("."); err != nil {
		t.Fatal(err)
	}
	s.waitText(cleanExit)
	s.serverEnds("the client quit")
}
