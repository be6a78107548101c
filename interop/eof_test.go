package interop

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/wire"
	"ssh-mosh/term"
)

// TestStdinEOF is X10 of INTEROP-TESTS.md §7: the client's input ends,
// and the client shows "Exiting...", shuts the session down with the
// server (it sends the shutdown state, the server acknowledges it and
// ends) and exits (PROTOCOL.md §16.5, §16.6), with no hang.
//
// Both clients need a terminal on stdin (§16.1; see TestStdinPipe), so
// the input is the slave of a pty of the test's. It is not the client's
// controlling terminal, so no SIGHUP comes (that would be X9). The input
// ends in two ways: "hangup" closes the master, so the kernel hangs the
// slave up and its reads return nothing; "eof" turns canonical mode back
// on behind the raw client and types Ctrl-D (see typeEOF), a plain end of
// file on a terminal that still works. The client's output goes to a
// file that the test replays through our emulator to see the screen.
//
// Every pairing runs: our client with our server and with mosh-server
// 1.4.0 (the plan's B), mosh-client 1.4.0 with our server (A) and with
// mosh-server 1.4.0 (the oracle). The client must end as §16.6 says for
// a clean shutdown (status 0, "[mosh is exiting.]", nothing on stderr),
// except mosh-client after a hangup, whose exit is only logged: it cannot
// restore the hung-up terminal's modes and exits 1 with "tcsetattr:
// Input/output error" and no last line, where ours restores them best
// effort and exits 0.
func TestStdinEOF(t *testing.T) {
	paths := need(t, "mosh-server", "mosh-client")
	ours := []string{ourClient(t), "--connect"}
	pairs := []struct {
		name      string
		server    string
		client    []string
		ourClient bool
	}{
		{"our-client/our-server", ourServer(t), ours, true},
		{"our-client/mosh-server-1.4.0", paths[0], ours, true},
		{"mosh-client-1.4.0/our-server", ourServer(t), []string{paths[1]}, false},
		{"mosh-1.4.0", paths[0], []string{paths[1]}, false},
	}
	ends := []struct {
		name string
		end  func(c *ptyClient)
	}{
		{"hangup", (*ptyClient).closeInput},
		{"eof", (*ptyClient).typeEOF},
	}
	for _, p := range pairs {
		for _, e := range ends {
			t.Run(p.name+"/"+e.name, func(t *testing.T) {
				t.Parallel()
				srv := moshtest.StartServer(t, p.server, moshtest.ServerOptions{
					InheritEnv: true, Env: shellEnv(t), Command: []string{"/bin/sh"}})
				m := newMITM(t, srv.Addr, srv.Key)
				c := startPtyClient(t, slices.Concat(p.client, []string{"127.0.0.1", strconv.Itoa(m.port())}), srv.Key)
				c.waitScreen("the prompt", func(l []string) bool { return len(l) > 0 && l[len(l)-1] == "$" })
				c.typeKeys("echo ok-before\r")
				c.waitScreen("the echo", func(l []string) bool {
					n := len(l)
					return n >= 3 && l[n-3] == "$ echo ok-before" && l[n-2] == "ok-before" && l[n-1] == "$"
				})

				e.end(c)
				code := c.exit(20 * time.Second)
				out, errOut := c.output()
				t.Logf("client exit status %d, CPU %v; stderr %q", code, c.cpu, errOut)
				if !bytes.Contains(out, []byte("mosh: Exiting...")) {
					t.Errorf("the client never showed \"mosh: Exiting...\"; output ends %q", tail(out, 300))
				}
				if p.ourClient || e.name == "eof" {
					if !bytes.HasSuffix(out, []byte("[mosh is exiting.]\n")) {
						t.Errorf("output does not end with [mosh is exiting.]: %q", tail(out, 300))
					}
					if code != 0 || len(errOut) != 0 {
						t.Errorf("client exit status %d, stderr %q; want 0 and nothing after a clean shutdown", code, errOut)
					}
				}
				if !moshtest.WaitGone(srv.PID, 10*time.Second) {
					t.Errorf("server %d still runs 10 s after the client's shutdown", srv.PID)
				}
				sent, acked := false, false
				for _, l := range m.entries(crypto.ToServer) {
					sent = sent || l.in.NewNum == wire.ShutdownNum
				}
				for _, l := range m.entries(crypto.ToClient) {
					acked = acked || l.in.AckNum == wire.ShutdownNum
				}
				if !sent || !acked {
					t.Errorf("relay saw the client's shutdown state %v, the server's ack of it %v", sent, acked)
				}
			})
		}
	}
}

// TestStdinPipe is the other half of X10: with stdin a pipe (closed at
// once), both clients refuse to start, as §16.1 requires a terminal, and
// exit 1 at once instead of waiting for a session.
func TestStdinPipe(t *testing.T) {
	paths := need(t, "mosh-client")
	clients := []struct {
		name string
		argv []string
	}{
		{"our-client", []string{ourClient(t), "--connect"}},
		{"mosh-client-1.4.0", []string{paths[0]}},
	}
	key, err := crypto.ParseKey("QUJDREVGR0hJSktMTU5PUA")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(c.argv[0], append(c.argv[1:], "127.0.0.1", "9")...)
			cmd.Env = clientEnv(key)
			cmd.Stdin = strings.NewReader("")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			cmd.WaitDelay = time.Second
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				moshtest.Kill(cmd.Process.Pid)
				<-done
				t.Fatal("the client still runs 10 s after starting with a closed pipe for stdin")
			}
			t.Logf("exit status %d; stdout %q; stderr %q", cmd.ProcessState.ExitCode(), stdout.String(), stderr.String())
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
		})
	}
}

// ptyClient is a client process whose stdin is a pty slave held by the
// test's master, and whose stdout and stderr are files.
type ptyClient struct {
	t       *testing.T
	cmd     *exec.Cmd
	master  *os.File
	outPath string
	errPath string
	done    chan error
	cpu     time.Duration // user+system time, once exited
}

// startPtyClient runs argv with an 80×24 pty as stdin, in clientEnv(key).
// A cleanup kills it by pid (if it still runs) and closes the master.
func startPtyClient(t *testing.T, argv []string, key crypto.Key) *ptyClient {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close() }) // best effort: closeInput may have closed it
	if err := pty.Setsize(master, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c := &ptyClient{t: t, master: master, outPath: filepath.Join(dir, "stdout"),
		errPath: filepath.Join(dir, "stderr"), done: make(chan error, 1)}
	stdout, err := os.Create(c.outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	stderr, err := os.Create(c.errPath)
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	c.cmd = exec.Command(argv[0], argv[1:]...)
	c.cmd.Env = clientEnv(key)
	c.cmd.Stdin, c.cmd.Stdout, c.cmd.Stderr = slave, stdout, stderr
	c.cmd.Dir = dir
	err = c.cmd.Start()
	slave.Close() // the client holds its own copy
	if err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	pid := c.cmd.Process.Pid
	t.Cleanup(func() {
		moshtest.Kill(pid)
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
		}
	})
	return c
}

// clientEnv is the test's environment with MOSH_KEY=key, LANG=C.UTF-8
// and TERM=xterm-256color.
func clientEnv(key crypto.Key) []string {
	return append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color", "MOSH_KEY="+key.String())
}

// output returns what the client has written to stdout and stderr so far.
func (c *ptyClient) output() (stdout, stderr []byte) {
	stdout, _ = os.ReadFile(c.outPath) // best effort: empty if unreadable
	stderr, _ = os.ReadFile(c.errPath) // best effort
	return stdout, stderr
}

// screen replays the client's output so far through an 80×24 emulator
// and returns its rows without the trailing empty ones and without a
// notification bar on row 0.
func (c *ptyClient) screen() []string {
	out, _ := c.output()
	em := term.New(80, 24)
	em.Write(out)
	return contentLines(em.Framebuffer().String())
}

// waitScreen waits (up to 20 s, every 50 ms) for pred on the screen.
func (c *ptyClient) waitScreen(what string, pred func([]string) bool) {
	c.t.Helper()
	for range 400 {
		if pred(c.screen()) {
			return
		}
		select {
		case err := <-c.done:
			c.done <- err
			_, errOut := c.output()
			c.t.Fatalf("the client ended (%v) while waiting for %s; stderr %q", err, what, errOut)
		case <-time.After(50 * time.Millisecond):
		}
	}
	c.t.Fatalf("waiting for %s: screen:\n%s", what, strings.Join(c.screen(), "\n"))
}

// typeKeys writes keys to the client's terminal.
func (c *ptyClient) typeKeys(keys string) {
	c.t.Helper()
	if _, err := c.master.Write([]byte(keys)); err != nil {
		c.t.Fatal(err)
	}
}

// closeInput closes the master: the slave is hung up, and the client's
// reads of it end.
func (c *ptyClient) closeInput() {
	c.t.Helper()
	if err := c.master.Close(); err != nil {
		c.t.Fatal(err)
	}
}

// typeEOF puts the client's terminal back in canonical mode (through the
// master, which sets the slave's modes) and types Ctrl-D at the start of
// a line, so the client's next read returns end of file.
//
// A read already waiting in raw mode (VMIN 1) would swallow that end of
// file and wait on (Linux's n_tty sets its minimum when the read starts),
// and our client's stdin pump always has one waiting, so a newline goes
// first: it ends that read, reaches the shell as an empty command, and
// once the shell's next prompt shows, the pump's next read has begun in
// canonical mode (or will find the end of file queued).
func (c *ptyClient) typeEOF() {
	c.t.Helper()
	fd := int(c.master.Fd())
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		c.t.Fatal(err)
	}
	if tio.Lflag&unix.ICANON != 0 {
		c.t.Fatal("the client's terminal is not raw")
	}
	tio.Lflag |= unix.ICANON
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, tio); err != nil {
		c.t.Fatal(err)
	}
	prompts := len(c.screen()) + 1
	c.typeKeys("\n")
	c.waitScreen("the prompt after an empty line", func(l []string) bool {
		return len(l) >= prompts && l[len(l)-1] == "$" && l[len(l)-2] == "$"
	})
	c.typeKeys(string([]byte{tio.Cc[unix.VEOF]}))
}

// exit waits up to within for the client to end and returns its exit
// status; past that it fails the test, saying whether the client was
// spinning (its CPU time) or waiting.
func (c *ptyClient) exit(within time.Duration) int {
	c.t.Helper()
	select {
	case <-c.done:
		c.done <- nil // for the cleanup
	case <-time.After(within):
		c.t.Fatalf("the client still runs %v after its input ended (CPU so far %v)", within, cpuOf(c.cmd.Process.Pid))
	}
	st := c.cmd.ProcessState
	c.cpu = st.UserTime() + st.SystemTime()
	return st.ExitCode()
}

// cpuOf is a process's user+system CPU time from /proc, or -1.
func cpuOf(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return -1
	}
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ is 100
}

// tail is the last n bytes of b.
func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
