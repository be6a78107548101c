// Package tmux drives a terminal program inside a private tmux server, for
// tests and benchmarks that must see what a user would see: keys go in with
// send-keys, the screen comes out with capture-pane.
//
// Each Pane runs its own tmux server on a socket in a directory the caller
// owns (normally t.TempDir()), so panes never touch the user's tmux or each
// other, and Close ends exactly that server. It is not a terminal emulator and
// does no I/O of its own beyond running the tmux command.
package tmux

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Options describe the pane to start.
type Options struct {
	// Dir holds the tmux socket; it must exist and be private to the
	// caller (t.TempDir()). Required.
	Dir string
	// Width and Height of the pane in cells; 80x24 when zero.
	Width, Height int
	// Env is added to the pane's environment (NAME=VALUE). TERM is
	// always tmux's own ("tmux-256color" or "screen"): tmux overrides a
	// TERM given here, so a program that needs another must be started
	// through `env TERM=…`.
	Env []string
	// Command and its arguments; the pane closes when it exits. Required.
	Command []string
	// WorkDir is the pane's working directory; Dir when empty.
	WorkDir string
}

// Pane is one tmux window with a single pane running Options.Command.
type Pane struct {
	socket string
	target string
}

// pollInterval is how often WaitFor re-reads the screen.
const pollInterval = 10 * time.Millisecond

// Start launches a private tmux server with one detached session running
// the command.
func Start(o Options) (*Pane, error) {
	if o.Dir == "" || len(o.Command) == 0 {
		return nil, errors.New("tmux: Options.Dir and Options.Command are required")
	}
	if o.Width == 0 {
		o.Width = 80
	}
	if o.Height == 0 {
		o.Height = 24
	}
	if o.WorkDir == "" {
		o.WorkDir = o.Dir
	}
	p := &Pane{socket: filepath.Join(o.Dir, "tmux.sock"), target: "main:0.0"}
	// A minimal config: no status line, so the pane is the whole window
	// and its size is exactly Width x Height. (No client ever attaches;
	// "window-size manual" would be natural but crashes tmux 3.3a's
	// server when set before the first session.)
	conf := filepath.Join(o.Dir, "tmux.conf")
	confText := "set -g status off\nset -g remain-on-exit on\nset -g history-limit 2000\n"
	if err := os.WriteFile(conf, []byte(confText), 0o600); err != nil {
		return nil, fmt.Errorf("tmux: %w", err)
	}
	args := []string{"-f", conf, "new-session", "-d", "-s", "main",
		"-x", strconv.Itoa(o.Width), "-y", strconv.Itoa(o.Height), "-c", o.WorkDir}
	for _, e := range o.Env {
		args = append(args, "-e", e)
	}
	args = append(args, "--")
	args = append(args, o.Command...)
	if _, err := p.run(args...); err != nil {
		return nil, err
	}
	// new-session -x/-y sizes the session; make sure the window follows.
	if err := p.Resize(o.Width, o.Height); err != nil {
		p.Close() // best effort
		return nil, err
	}
	return p, nil
}

// run executes one tmux command against this pane's server.
func (p *Pane) run(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-S", p.socket}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("tmux %s: %w: %s", args[0], err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// SendKeys sends tmux key names ("Enter", "C-c", "Up", "a") in order.
func (p *Pane) SendKeys(keys ...string) error {
	_, err := p.run(append([]string{"send-keys", "-t", p.target}, keys...)...)
	return err
}

// SendLiteral types s exactly, byte for byte (send-keys -l).
func (p *Pane) SendLiteral(s string) error {
	_, err := p.run("send-keys", "-t", p.target, "-l", "--", s)
	return err
}

// Capture returns the visible screen as text: one line per row, trailing
// spaces trimmed, rows joined by "\n" (trailing empty rows kept, so the
// result always has Height lines).
func (p *Pane) Capture() (string, error) {
	out, err := p.run("capture-pane", "-p", "-t", p.target)
	if err != nil {
		return "", err
	}
	return trimRows(out), nil
}

// CaptureEscapes returns the visible screen with SGR escape sequences for
// colours and attributes (capture-pane -e).
func (p *Pane) CaptureEscapes() (string, error) {
	out, err := p.run("capture-pane", "-p", "-e", "-t", p.target)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(out, "\n"), nil
}

// trimRows removes trailing spaces on each row and the final newline.
func trimRows(out string) string {
	rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, r := range rows {
		rows[i] = strings.TrimRight(r, " ")
	}
	return strings.Join(rows, "\n")
}

// Cursor returns the cursor's column and row, both 0-based.
func (p *Pane) Cursor() (x, y int, err error) {
	out, err := p.display("#{cursor_x} #{cursor_y}")
	if err != nil {
		return 0, 0, err
	}
	if _, err := fmt.Sscanf(out, "%d %d", &x, &y); err != nil {
		return 0, 0, fmt.Errorf("tmux: cursor %q: %w", out, err)
	}
	return x, y, nil
}

// display evaluates a tmux format for the pane.
func (p *Pane) display(format string) (string, error) {
	out, err := p.run("display-message", "-p", "-t", p.target, format)
	return strings.TrimSpace(out), err
}

// WaitFor re-reads the screen until pred accepts it or timeout passes, and
// returns the last screen read. The error on timeout includes that screen.
func (p *Pane) WaitFor(timeout time.Duration, pred func(screen string) bool) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		screen, err := p.Capture()
		if err != nil {
			return screen, err
		}
		if pred(screen) {
			return screen, nil
		}
		if time.Now().After(deadline) {
			return screen, fmt.Errorf("tmux: condition not met within %v; screen:\n%s", timeout, screen)
		}
		time.Sleep(pollInterval)
	}
}

// WaitForText waits until text appears anywhere on the screen.
func (p *Pane) WaitForText(timeout time.Duration, text string) (string, error) {
	return p.WaitFor(timeout, func(s string) bool { return strings.Contains(s, text) })
}

// Resize sets the pane (window) size; the program inside gets SIGWINCH.
func (p *Pane) Resize(w, h int) error {
	_, err := p.run("resize-window", "-t", "main:0", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h))
	return err
}

// PID returns the process id of the program the pane runs.
func (p *Pane) PID() (int, error) {
	out, err := p.display("#{pane_pid}")
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(out)
}

// Dead reports whether the pane's program has exited, and its exit status
// (128 + the signal number when a signal ended it; -1 when tmux does not
// know it). tmux marks the pane dead when its terminal closes, which can be
// a moment before it has collected the exit status, so a dead pane without
// a status is asked again for a short, bounded while (statusWait). tmux
// 3.3a sometimes never records the status of a pane marked dead this way,
// so a caller that must know how its program ended should have it print
// that itself (as moshtest.ClientOptions.ExitLine does).
func (p *Pane) Dead() (dead bool, status int, err error) {
	deadline := time.Now().Add(statusWait)
	for {
		out, err := p.display("#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}")
		if err != nil {
			return false, 0, err
		}
		f := strings.Split(out, ":")
		if len(f) != 3 || f[0] != "1" {
			return false, 0, nil
		}
		switch {
		case f[1] != "":
			status, err = strconv.Atoi(f[1])
		case f[2] != "":
			status, err = strconv.Atoi(f[2])
			status += 128
		case time.Now().Before(deadline):
			time.Sleep(pollInterval)
			continue
		default:
			return true, -1, nil
		}
		if err != nil {
			return true, -1, fmt.Errorf("tmux: pane status %q: %w", out, err)
		}
		return true, status, nil
	}
}

// WaitDead waits until the pane's program has exited and returns its exit
// status as Dead reports it (-1 when tmux does not know it); after timeout
// it returns an error that includes the screen.
func (p *Pane) WaitDead(timeout time.Duration) (status int, err error) {
	deadline := time.Now().Add(timeout)
	for {
		dead, status, err := p.Dead()
		if err != nil || dead {
			return status, err
		}
		if time.Now().After(deadline) {
			screen, _ := p.Capture() // best effort: only for the message
			return 0, fmt.Errorf("tmux: pane still running after %v; screen:\n%s", timeout, screen)
		}
		time.Sleep(pollInterval)
	}
}

// statusWait bounds how long Dead asks again for a dead pane's status.
const statusWait = 500 * time.Millisecond

// Close ends this pane's private tmux server (and with it the program, by
// SIGHUP). It is safe to call more than once.
func (p *Pane) Close() error {
	if _, err := os.Stat(p.socket); err != nil {
		return nil
	}
	_, err := p.run("kill-server")
	os.Remove(p.socket) // best effort
	return err
}
