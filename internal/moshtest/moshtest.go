// Package moshtest is a test helper that runs the real mosh 1.4.0 programs
// against this module's code: it starts `mosh-server new` on 127.0.0.1 and
// reads back the port, key and detached pid it prints (PROTOCOL.md §1,
// INTEROP-TESTS.md), killing that pid when the test ends, and it runs the
// real mosh-client in a tmux pane.
//
// It is for tests only; it calls t.Fatal on any failure. It does not find
// the programs (use testenv.Need for that) and it is not a mosh
// implementation.
package moshtest

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/tmux"
)

// Server is a running real mosh-server, detached from the test.
type Server struct {
	Addr netip.AddrPort // the bound IP and the UDP port from MOSH CONNECT
	Key  crypto.Key     // the session key from MOSH CONNECT
	PID  int            // the detached server's pid
	// Stdout and Stderr are all that `mosh-server new` printed, for tests
	// of the exact output.
	Stdout, Stderr string
}

// ServerOptions says how to start mosh-server.
type ServerOptions struct {
	// Command is what the server runs in its terminal; /bin/sh if empty.
	Command []string
	// Args are more options for `mosh-server new`, placed before "--"
	// and after "-i 127.0.0.1 -p 0" (for example "-s", "-c", "256",
	// "-l", "LC_ALL=C.UTF-8").
	Args []string
	// Env is added to a small fixed environment (LANG=C.UTF-8, PATH,
	// HOME in a temporary directory, PS1="$ ", SHELL=/bin/sh), or to the
	// test's own environment when InheritEnv is set.
	Env []string
	// InheritEnv starts from os.Environ() instead of the fixed environment.
	InheritEnv bool
	// IP is the address given to -i; 127.0.0.1 if empty (::1 works too).
	IP string
}

// newTimeout bounds how long `mosh-server new` may take to detach.
const newTimeout = 20 * time.Second

var (
	connectLine  = regexp.MustCompile(`MOSH CONNECT (\d+) (\S+)`)
	detachedLine = regexp.MustCompile(`\[mosh-server detached, pid = (\d+)\]`)
)

// StartServer runs `path new -i IP -p 0 args... -- command` and returns
// the server it detached; `new` must detach within 20 s. A cleanup sends
// SIGKILL to that pid (and only it) when the test ends, in case the
// session has not ended by itself, and waits up to 2 s for it to be gone.
func StartServer(t testing.TB, path string, o ServerOptions) Server {
	t.Helper()
	dir := t.TempDir()
	// Files, not pipes: the detached server keeps its descriptors, and a
	// pipe it holds open would keep the test waiting.
	outFile, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatalf("moshtest: %v", err)
	}
	defer outFile.Close()
	errFile, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatalf("moshtest: %v", err)
	}
	defer errFile.Close()
	command := o.Command
	if len(command) == 0 {
		command = []string{"/bin/sh"}
	}
	ip := o.IP
	if ip == "" {
		ip = "127.0.0.1"
	}
	argv := append([]string{"new", "-i", ip, "-p", "0"}, o.Args...)
	argv = append(append(argv, "--"), command...)
	cmd := exec.Command(path, argv...)
	cmd.Dir = dir
	base := []string{"LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=" + dir, "PS1=$ ", "SHELL=/bin/sh"}
	if o.InheritEnv {
		base = os.Environ()
	}
	cmd.Env = append(base, o.Env...)
	cmd.Stdout, cmd.Stderr = outFile, errFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("moshtest: mosh-server new: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(newTimeout):
		cmd.Process.Kill() // best effort
		<-done
		err = fmt.Errorf("did not detach within %v", newTimeout)
	}
	out, _ := os.ReadFile(outFile.Name())
	errOut, _ := os.ReadFile(errFile.Name())
	if err != nil {
		t.Fatalf("moshtest: mosh-server new: %v; stderr: %s", err, errOut)
	}
	s := parse(t, out, errOut)
	if ip != "127.0.0.1" {
		a, err := netip.ParseAddr(ip)
		if err != nil {
			t.Fatalf("moshtest: IP %q: %v", ip, err)
		}
		s.Addr = netip.AddrPortFrom(a, s.Addr.Port())
	}
	return s
}

// parse reads the MOSH CONNECT line and the detached pid, and registers
// the kill of that pid.
func parse(t testing.TB, out, errOut []byte) Server {
	t.Helper()
	conn := connectLine.FindSubmatch(out)
	detached := detachedLine.FindSubmatch(errOut)
	if conn == nil || detached == nil {
		t.Fatalf("moshtest: mosh-server printed %q and %q", out, errOut)
	}
	pid, err := strconv.Atoi(string(detached[1]))
	if err != nil || pid <= 1 {
		t.Fatalf("moshtest: detached pid %q", detached[1])
	}
	t.Cleanup(func() { Kill(pid) })
	port, err := strconv.ParseUint(string(conn[1]), 10, 16)
	if err != nil || port == 0 {
		t.Fatalf("moshtest: port %q in MOSH CONNECT", conn[1])
	}
	key, err := crypto.ParseKey(string(conn[2]))
	if err != nil {
		t.Fatalf("moshtest: key from MOSH CONNECT: %v", err)
	}
	addr := netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), uint16(port))
	return Server{Addr: addr, Key: key, PID: pid, Stdout: string(out), Stderr: string(errOut)}
}

// Kill sends SIGKILL to pid and waits up to 2 s until it is gone or a
// zombie (a detached server's parent is init, which reaps it). Use it only
// on a pid the test started.
func Kill(pid int) {
	if pid <= 0 {
		return
	}
	syscall.Kill(pid, syscall.SIGKILL) // best effort: normally gone already
	WaitGone(pid, 2*time.Second)
}

// WaitGone waits up to d, checking every 20 ms, until pid no longer runs
// (see Alive), and reports whether it is gone.
func WaitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for Alive(pid) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// Alive reports whether pid runs and is not a zombie, from /proc.
func Alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return false
	}
	return s[i+2] != 'Z'
}

// ClientOptions says how to start mosh-client.
type ClientOptions struct {
	Width, Height int      // the pane's size; 80x24 if zero
	Env           []string // added to LANG=C.UTF-8, TERM=xterm-256color, MOSH_KEY
	// ExitLine runs the client under /bin/sh, which writes
	// "[client exit N]" (see ClientExit) when the client ends and then keeps
	// the pane open, so its screen keeps the client's last words: tmux
	// blanks a dead pane's screen once it has scrolled.
	ExitLine bool
}

// ClientExit is the line a pane started with ClientOptions.ExitLine shows
// once the client has ended with status code.
func ClientExit(code int) string { return fmt.Sprintf("[client exit %d]", code) }

// exitLineScript runs "$0" "$@", writes its status as ClientExit does,
// and stays until the pane is closed (at most 600 s), so the pane is not
// left dead.
const exitLineScript = `"$0" "$@"; echo "[client exit $?]"; exec sleep 600`

// StartClient runs the real mosh-client at path in a tmux pane, connecting
// to addr with key. A cleanup closes the pane (its own tmux server only),
// which ends the client by SIGHUP.
func StartClient(t testing.TB, path string, key crypto.Key, addr netip.AddrPort, o ClientOptions) *tmux.Pane {
	t.Helper()
	w, h := o.Width, o.Height
	if w == 0 || h == 0 {
		w, h = 80, 24
	}
	command := []string{path, addr.Addr().String(), strconv.Itoa(int(addr.Port()))}
	if o.ExitLine {
		command = append([]string{"/bin/sh", "-c", exitLineScript}, command...)
	}
	pane, err := tmux.Start(tmux.Options{
		Dir: t.TempDir(), Width: w, Height: h,
		Env:     append([]string{"LANG=C.UTF-8", "TERM=xterm-256color", "MOSH_KEY=" + key.String()}, o.Env...),
		Command: command,
	})
	if err != nil {
		t.Fatalf("moshtest: mosh-client in tmux: %v", err)
	}
	t.Cleanup(func() { pane.Close() }) // best effort
	return pane
}
