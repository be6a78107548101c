package shell

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// TestPtyRelease runs a real child on a pty: nothing runs before Release,
// the release newline comes first, and the child sees the window size and
// the environment it was given.
func TestPtyRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	p, err := Open(100, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.Notice([]byte("motd\n"))
	if p.PID() != 0 {
		t.Fatal("child started before Release")
	}
	env := ChildEnv([]string{"PATH=" + os.Getenv("PATH")}, EnvOptions{Colors: 256, Home: t.TempDir()})
	cmd := Command{Path: "sh", Argv: []string{"sh", "-c", "stty size; echo TERM=$TERM"}}
	if err := p.Release(cmd, env, lookup(env, "PWD")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	buf := make([]byte, 4096)
	deadline := time.Now().Add(10 * time.Second)
	p.Master().SetReadDeadline(deadline)
	for {
		n, err := p.Master().Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break // EIO once the child has exited
		}
	}
	want := "motd\r\n\r\n30 100\r\nTERM=xterm-256color\r\n"
	if got := out.String(); got != want {
		t.Errorf("pty output %q, want %q", got, want)
	}
}

func TestPtyReleaseMissingProgram(t *testing.T) {
	p, err := Open(80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	err = p.Release(Command{Path: "no-such-program-xyz", Argv: []string{"x"}}, []string{"PATH=/nonexistent"}, "/")
	if err == nil {
		t.Fatal("Release of a missing program succeeded")
	}
	p.Master().SetReadDeadline(time.Now().Add(5 * time.Second))
	var out bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := p.Master().Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if !strings.Contains(out.String(), "execvp: no-such-program-xyz") {
		t.Errorf("pty output %q lacks the execvp message", out.String())
	}
}

func TestPtyResizeRejectsBadSizes(t *testing.T) {
	p, err := Open(80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, sz := range [][2]int{{0, 24}, {80, -1}, {70000, 10}} {
		if err := p.Resize(sz[0], sz[1]); err == nil {
			t.Errorf("Resize(%d, %d) accepted", sz[0], sz[1])
		}
	}
	if err := p.Resize(132, 43); err != nil {
		t.Error(err)
	}
}

// TestUtmpUpdatesDoNotBlock checks that utmp updates return at once and
// that ClearUtmp drains them (the helper may be missing: best effort).
func TestUtmpUpdatesDoNotBlock(t *testing.T) {
	p, err := Open(80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := 0; i < 20; i++ {
		p.SetUtmp("mosh [1]") // more than the queue holds: the rest are dropped
	}
	p.ClearUtmp()
	p.ClearUtmp() // twice is harmless
}

// TestPtyFromFiles hands a pty's files over as mosh-server does to its
// detached self (here within one process, after os/exec-style blocking
// mode): the adopted Pty keeps the size and runs a child, and its master
// is back in the poller (a read deadline works only there).
func TestPtyFromFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	orig, err := Open(90, 20)
	if err != nil {
		t.Fatal(err)
	}
	master, terminal := orig.Files()
	master.Fd() // what os/exec does to a file it hands over: blocking mode
	p, err := FromFiles(master, terminal)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	env := ChildEnv([]string{"PATH=" + os.Getenv("PATH")}, EnvOptions{Home: t.TempDir()})
	if err := p.Release(Command{Path: "sh", Argv: []string{"sh", "-c", "stty size"}}, env, "/"); err != nil {
		t.Fatal(err)
	}
	p.Master().SetReadDeadline(time.Now().Add(10 * time.Second)) // fails unless pollable
	var out bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := p.Master().Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if got, want := out.String(), "\r\n20 90\r\n"; got != want {
		t.Errorf("pty output %q, want %q", got, want)
	}
}
