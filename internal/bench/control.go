package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// control is a tmux control-mode client ("tmux -C") attached to a Pane's
// private server. Each command is a line on its stdin and answers within
// about 0.1 ms, where running the tmux program once per capture costs
// 10-20 ms: that resolution is what makes the keystroke-echo figures
// meaningful. It also sends keys, so a key's send time is when the tmux
// server receives it, not when a new tmux process got around to it.
//
// It attaches with no-output (no %output flood during throughput runs) and
// ignore-size (the pane keeps its size).
type control struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string

	mu sync.Mutex // serializes commands
}

// controlTimeout bounds every control-mode command.
const controlTimeout = 5 * time.Second

// attachControl attaches to the tmux server of a Pane started with
// tmux.Options{Dir: dir}. The socket's name inside Dir is that package's
// ("tmux.sock"); the session is "main".
func attachControl(dir string) (*control, error) {
	cmd := exec.Command("tmux", "-S", filepath.Join(dir, "tmux.sock"), "-C",
		"attach-session", "-t", "main", "-f", "no-output,ignore-size")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("bench: tmux -C: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("bench: tmux -C: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: tmux -C: %w", err)
	}
	c := &control{cmd: cmd, stdin: stdin, lines: make(chan string, 256)}
	go c.readLoop(stdout)
	if _, err := c.do("display-message -p sync"); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// readLoop pumps the client's output lines into c.lines until EOF.
func (c *control) readLoop(r io.Reader) {
	defer close(c.lines)
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			c.lines <- strings.TrimSuffix(line, "\n")
		}
		if err != nil {
			return
		}
	}
}

// do runs one tmux command and returns its output lines. Blocks that did
// not come from our commands (flags 0) and notifications are skipped.
func (c *control) do(command string) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.stdin, command+"\n"); err != nil {
		return nil, fmt.Errorf("bench: tmux -C %q: %w", command, err)
	}
	timeout := time.NewTimer(controlTimeout)
	defer timeout.Stop()
	var out []string
	inBlock, ours := false, false
	var num string
	for {
		var line string
		var ok bool
		select {
		case line, ok = <-c.lines:
			if !ok {
				return nil, errors.New("bench: tmux -C exited")
			}
		case <-timeout.C:
			return nil, fmt.Errorf("bench: tmux -C %q: no answer within %v", command, controlTimeout)
		}
		f := strings.Fields(line)
		switch {
		case !inBlock && len(f) == 4 && f[0] == "%begin":
			inBlock, ours, num, out = true, f[3] == "1", f[2], nil
		case inBlock && len(f) == 4 && (f[0] == "%end" || f[0] == "%error") && f[2] == num:
			inBlock = false
			if !ours {
				continue
			}
			if f[0] == "%error" {
				return nil, fmt.Errorf("bench: tmux %q: %s", command, strings.Join(out, " "))
			}
			return out, nil
		case inBlock:
			out = append(out, line)
		}
	}
}

// respawn replaces the pane's program with command, env added to its
// environment (tmux's respawn-pane -k). Arguments are single-quoted for
// tmux's command parser, so none may contain a single quote.
func (c *control) respawn(env, command []string) error {
	var b strings.Builder
	b.WriteString("respawn-pane -k -t main")
	quote := func(s string) error {
		if strings.ContainsAny(s, "'\n") {
			return fmt.Errorf("bench: cannot quote %q for tmux", s)
		}
		b.WriteString(" '" + s + "'")
		return nil
	}
	for _, e := range env {
		b.WriteString(" -e")
		if err := quote(e); err != nil {
			return err
		}
	}
	b.WriteString(" --")
	for _, a := range command {
		if err := quote(a); err != nil {
			return err
		}
	}
	_, err := c.do(b.String())
	return err
}

// row returns screen row y, trailing spaces trimmed.
func (c *control) row(y int) (string, error) {
	out, err := c.do(fmt.Sprintf("capture-pane -p -t main:0.0 -S %d -E %d", y, y))
	if err != nil {
		return "", err
	}
	if len(out) == 0 {
		return "", nil
	}
	return strings.TrimRight(out[0], " "), nil
}

// screen returns the whole visible screen, one trimmed line per row.
func (c *control) screen() ([]string, error) {
	out, err := c.do("capture-pane -p -t main:0.0")
	for i := range out {
		out[i] = strings.TrimRight(out[i], " ")
	}
	return out, err
}

// cursor returns the cursor's 0-based column and row.
func (c *control) cursor() (x, y int, err error) {
	out, err := c.do("display-message -p -t main:0.0 '#{cursor_x} #{cursor_y}'")
	if err != nil {
		return 0, 0, err
	}
	if len(out) != 1 {
		return 0, 0, fmt.Errorf("bench: cursor: %q", out)
	}
	if _, err := fmt.Sscanf(out[0], "%d %d", &x, &y); err != nil {
		return 0, 0, fmt.Errorf("bench: cursor %q: %w", out[0], err)
	}
	return x, y, nil
}

// sendLiteral types s; it returns the time just before tmux got it.
func (c *control) sendLiteral(s string) (time.Time, error) {
	if strings.Contains(s, "'") {
		return time.Time{}, errors.New("bench: cannot type a single quote")
	}
	t := time.Now()
	_, err := c.do("send-keys -t main:0.0 -l '" + s + "'")
	return t, err
}

// sendKey sends one tmux key name ("Enter", "C-l").
func (c *control) sendKey(key string) error {
	_, err := c.do("send-keys -t main:0.0 " + key)
	return err
}

// close detaches the control client and waits (bounded) for it to exit.
func (c *control) close() {
	c.stdin.Close() // best effort
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }() // best effort
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		c.cmd.Process.Kill() // best effort: our own child
		<-done
	}
}
