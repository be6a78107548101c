package shell

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"

	"github.com/creack/pty"
)

// Pty is the pseudo-terminal of one session and, once released, the child
// running on it.
//
// The child does not exist until Release: real mosh-server starts it at
// once and lets it wait for a newline on the pty, which it writes at the
// first client contact (PROTOCOL.md §15.6); here Release writes the same
// newline to the terminal side itself, so the emulator sees the identical
// "\r\n" before the first prompt, and then starts the child. When to
// release is the caller's choice (internal/server does it as soon as the
// server is ready). Until then the terminal side is held open by this
// process, so reads of the master block rather than fail.
type Pty struct {
	master *os.File
	slave  *os.File

	mu       sync.Mutex // guards notices and cmd
	notices  sync.WaitGroup
	cmd      *exec.Cmd
	released bool

	utmpMu    sync.Mutex    // guards utmpQueue
	utmpQueue chan []string // helper calls for the utmp worker; nil when none runs
	utmpDone  chan struct{} // closed when the worker has finished
}

// Open creates a pty of the given size whose terminal side reads UTF-8
// (IUTF8).
func Open(cols, rows int) (*Pty, error) {
	master, slave, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("shell: opening pty: %w", err)
	}
	if master, err = pollable(master); err != nil {
		slave.Close()
		return nil, fmt.Errorf("shell: opening pty: %w", err)
	}
	p := &Pty{master: master, slave: slave}
	if err := setIUTF8(slave); err != nil {
		p.Close()
		return nil, fmt.Errorf("shell: setting IUTF8: %w", err)
	}
	if err := p.Resize(cols, rows); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// Files returns the pty's master and terminal sides as they are, for
// handing them to another process (mosh-server opens the pty before it
// re-executes itself as the detached server, see FromFiles). The caller
// should only Close this Pty afterwards; the other process holds its own
// copies.
func (p *Pty) Files() (master, terminal *os.File) { return p.master, p.slave }

// FromFiles is a Pty over a master and terminal side that Open made in
// another process and this one inherited, not yet released. The master is
// made non-blocking again and served by the runtime's poller (handing a
// file to a child through os/exec puts it in blocking mode); master is
// closed and replaced by that copy.
func FromFiles(master, terminal *os.File) (*Pty, error) {
	m, err := pollable(master)
	if err != nil {
		terminal.Close() // best effort: nothing else will use it
		return nil, fmt.Errorf("shell: inherited pty: %w", err)
	}
	return &Pty{master: m, slave: terminal}, nil
}

// Master is the pty's master side: the server reads the application's
// output from it and writes the user's keystrokes to it.
func (p *Pty) Master() *os.File { return p.master }

// Resize sets the window size (TIOCSWINSZ), keeping the pixel fields; the
// kernel sends SIGWINCH to the foreground process group.
func (p *Pty) Resize(cols, rows int) error {
	if cols <= 0 || rows <= 0 || cols > 0xffff || rows > 0xffff {
		return fmt.Errorf("shell: bad window size %dx%d", cols, rows)
	}
	if err := setWinsize(p.master, cols, rows); err != nil {
		return fmt.Errorf("shell: resizing pty: %w", err)
	}
	return nil
}

// Notice writes text to the terminal side before the child starts, as the
// real child prints the motd and the detached-session warning (§15.6 step
// 2). It writes in the background so a long text cannot block on a full
// pty; Release waits for it.
func (p *Pty) Notice(text []byte) {
	if len(text) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.released {
		return
	}
	p.notices.Add(1)
	go func() {
		defer p.notices.Done()
		p.slave.Write(text) // best effort, like the real motd copy
	}()
}

// Release starts the child (PROTOCOL.md §15.6): first the newline the real
// server writes to release its child, as the pty would echo it, then cmd with env in dir, on the pty as its controlling terminal in a
// new session. If the program cannot be started the error is shown on the
// pty, as the real child does, and the pty is closed on the terminal side,
// so the master soon reports end of file and the session shuts down.
func (p *Pty) Release(c Command, env []string, dir string) error {
	p.mu.Lock()
	if p.released {
		p.mu.Unlock()
		return errors.New("shell: pty already released")
	}
	p.released = true
	p.mu.Unlock()
	p.notices.Wait()
	p.slave.Write([]byte("\n")) // best effort: only moves the cursor
	defer func() {
		p.slave.Close() // the child holds its own copies
		p.slave = nil
	}()
	path := c.Path
	if !strings.Contains(path, "/") {
		found, err := lookPath(path, lookup(env, "PATH"))
		if err != nil {
			fmt.Fprintf(p.slave, "mosh-server: execvp: %s: %v\r\n", path, err)
			return fmt.Errorf("shell: %w", err)
		}
		path = found
	}
	cmd := &exec.Cmd{
		Path:   path,
		Args:   c.Argv,
		Env:    env,
		Dir:    dir,
		Stdin:  p.slave,
		Stdout: p.slave,
		Stderr: p.slave,
		SysProcAttr: &syscall.SysProcAttr{
			Setsid:  true,
			Setctty: true,
			Ctty:    0,
		},
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(p.slave, "mosh-server: execvp: %s: %v\r\n", path, unwrapExec(err))
		return fmt.Errorf("shell: starting %s: %w", path, err)
	}
	if c.RestoreCore {
		restoreCoreLimit(cmd.Process.Pid, c.CoreLimit)
	}
	p.mu.Lock()
	p.cmd = cmd
	p.mu.Unlock()
	go cmd.Wait() // reap the child whenever it ends; EOF on the master says so
	return nil
}

// PID is the child's process id, or 0 before Release.
func (p *Pty) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Close closes both sides of the pty held by this process. The child, if
// any, gets SIGHUP from the kernel as its controlling terminal goes away.
func (p *Pty) Close() error {
	if p.slave != nil {
		p.slave.Close() // best effort
	}
	return p.master.Close()
}

// lookPath finds a program on the given PATH value, as execvp would with
// the child's environment.
func lookPath(file, path string) (string, error) {
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			dir = "."
		}
		full := dir + "/" + file
		if fi, err := os.Stat(full); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return full, nil
		}
	}
	return "", syscall.ENOENT
}

// unwrapExec reduces an os/exec start error to its errno text.
func unwrapExec(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
