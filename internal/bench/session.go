package bench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"ssh-mosh/internal/relay"
	"ssh-mosh/internal/tmux"
)

// Pair is a mosh-compatible server and client, each given as the start of
// an argument vector. The server is run as
//
//	Server... new -i 127.0.0.1 -p 0 -- env 'PS1=$ ' HISTFILE=/dev/null bash --norc --noprofile
//
// and must print "MOSH CONNECT <port> <key>" on stdout and
// "[mosh-server detached, pid = N]" on stderr; the client is run as
// Client... 127.0.0.1 <relay port> with MOSH_KEY in its environment.
type Pair struct {
	Name   string
	Server []string
	Client []string
	// SSH, when set, returns the command that logs in to the target over
	// SSH and runs the remote command (the `mosh host -- command` form),
	// for the bootstrap figure.
	SSH func(t SSHTarget, remote []string) ([]string, error)
}

// shellArgs is the server's command: a predictable prompt "$ " (bash,
// because dash ignores PS1 from the environment when run as root).
var shellArgs = []string{"env", "PS1=$ ", "HISTFILE=/dev/null", "bash", "--norc", "--noprofile"}

// Bounds of the session set-up steps.
const (
	serverStartTimeout = 10 * time.Second
	promptTimeout      = 20 * time.Second
)

// session is one running pair: a detached server, the relay in front of
// it, and the client in a tmux pane read through a control client.
type session struct {
	pair      Pair
	serverPID int
	clientPID int
	relay     *relay.Relay
	pane      *tmux.Pane
	ctl       *control
	connect   time.Duration // server start → prompt visible
	// serverStart is the server command's run until its connect line;
	// clientStart is from starting the client to the prompt.
	serverStart, clientStart time.Duration
	// firstDatagram is from starting the client to its first datagram
	// reaching the relay (0 when not seen).
	firstDatagram time.Duration
	pids          *pidLog
}

// pidLog records every process a benchmark started, so the caller can
// check that all of them are gone at the end.
type pidLog struct{ pids []int }

func (l *pidLog) add(pid int) {
	if l != nil && pid > 0 {
		l.pids = append(l.pids, pid)
	}
}

var (
	connectRE  = regexp.MustCompile(`MOSH CONNECT (\d+) ([A-Za-z0-9/+]{22})`)
	detachedRE = regexp.MustCompile(`\[mosh-server detached, pid = (\d+)\]`)
)

// startSession starts the pair behind a fresh relay and waits for the
// prompt. mode is MOSH_PREDICTION_DISPLAY ("" leaves it unset). dir must be
// a fresh private directory.
//
// The client's tmux pane and the control client reading it are set up
// before the clock starts (the pane waits in a placeholder program), so
// the connect figures hold only the pair's own work: the server command
// until it has printed its connect line, then the client, respawned into
// the waiting pane, until the prompt shows.
func startSession(p Pair, mode, dir string, seed uint64, pids *pidLog, logf func(string, ...any)) (*session, error) {
	s := &session{pair: p, pids: pids}
	var err error
	s.pane, err = tmux.Start(tmux.Options{Dir: dir, Width: 80, Height: 24, Command: []string{"cat"}})
	if err != nil {
		return nil, fmt.Errorf("bench: %s client pane: %w", p.Name, err)
	}
	if s.ctl, err = attachControl(dir); err != nil {
		s.close()
		return nil, err
	}
	t0 := time.Now()
	port, key, err := s.startServer()
	if err != nil {
		s.close()
		return nil, err
	}
	s.serverStart = time.Since(t0)
	s.relay, err = relay.New(relay.Config{Server: "127.0.0.1:" + strconv.Itoa(port), Seed: seed})
	if err != nil {
		s.close()
		return nil, err
	}
	env := []string{"MOSH_KEY=" + key, "LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color"}
	if mode != "" {
		env = append(env, "MOSH_PREDICTION_DISPLAY="+mode)
	}
	cmd := append(append([]string(nil), p.Client...), "127.0.0.1", strconv.Itoa(s.relay.Port()))
	t1 := time.Now()
	first := s.watchFirstDatagram()
	if err := s.ctl.respawn(env, cmd); err != nil {
		first.stop()
		s.close()
		return nil, fmt.Errorf("bench: %s client: %w", p.Name, err)
	}
	if rows, err := s.waitScreen(promptTimeout, promptShown); err != nil {
		first.stop()
		s.close()
		return nil, fmt.Errorf("bench: %s: no prompt: %w; screen %q", p.Name, err, strings.TrimSpace(strings.Join(rows, "\n")))
	}
	s.connect, s.clientStart = time.Since(t0), time.Since(t1)
	if at := first.stop(); !at.IsZero() {
		s.firstDatagram = at.Sub(t1)
	}
	if s.clientPID, err = s.pane.PID(); err != nil {
		s.close()
		return nil, err
	}
	pids.add(s.clientPID)
	logf("%s: connected in %v (server command %v, client %v; server pid %d, client pid %d)", p.Name,
		s.connect.Round(time.Millisecond), s.serverStart.Round(time.Millisecond),
		s.clientStart.Round(time.Millisecond), s.serverPID, s.clientPID)
	return s, nil
}

// datagramWatch notes when the relay first sees a client datagram.
type datagramWatch struct {
	done chan struct{}
	at   chan time.Time
}

// watchFirstDatagram polls the relay's counters (every 200 µs, for at
// most promptTimeout) until the first datagram from the client arrives.
func (s *session) watchFirstDatagram() *datagramWatch {
	w := &datagramWatch{done: make(chan struct{}), at: make(chan time.Time, 1)}
	go func() {
		var at time.Time
		defer func() { w.at <- at }()
		for deadline := time.Now().Add(promptTimeout); time.Now().Before(deadline); {
			if s.relay.Stats().Up.Packets > 0 {
				at = time.Now()
				return
			}
			select {
			case <-w.done:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	return w
}

// stop ends the watch and returns when the first datagram was seen (zero
// when it was not).
func (w *datagramWatch) stop() time.Time {
	close(w.done)
	return <-w.at
}

// startServer runs the server command, which detaches, and parses its
// connect line and the detached server's pid.
func (s *session) startServer() (port int, key string, err error) {
	args := append(append([]string(nil), s.pair.Server[1:]...),
		"new", "-i", "127.0.0.1", "-p", "0", "--")
	cmd := exec.Command(s.pair.Server[0], append(args, shellArgs...)...)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	// The detached server may keep our pipes open: stop waiting for them
	// shortly after the starter exits.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return 0, "", fmt.Errorf("bench: %s server: %w", s.pair.Name, err)
	}
	s.pids.add(cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(serverStartTimeout):
		cmd.Process.Kill() // best effort: our own child
		err = <-done
		if err == nil {
			err = errors.New("timeout")
		}
	}
	if m := detachedRE.FindStringSubmatch(errb.String()); m != nil {
		s.serverPID, _ = strconv.Atoi(m[1])
		s.pids.add(s.serverPID)
	}
	m := connectRE.FindStringSubmatch(out.String())
	if m == nil || s.serverPID == 0 {
		s.close()
		if err == nil || errors.Is(err, exec.ErrWaitDelay) {
			err = errors.New("no MOSH CONNECT line or detached pid")
		}
		return 0, "", fmt.Errorf("bench: %s server: %w; stdout %q stderr %q", s.pair.Name, err, out.String(), errb.String())
	}
	port, _ = strconv.Atoi(m[1])
	return port, m[2], nil
}

// promptShown reports whether the screen shows the bare prompt.
func promptShown(rows []string) bool {
	for _, r := range rows {
		if r == "$" {
			return true
		}
	}
	return false
}

// screenPoll is how often waitScreen re-reads the screen.
const screenPoll = 2 * time.Millisecond

// waitScreen reads the screen every screenPoll until pred accepts it or
// the timeout passes.
func (s *session) waitScreen(timeout time.Duration, pred func([]string) bool) ([]string, error) {
	deadline := time.Now().Add(timeout)
	for {
		rows, err := s.ctl.screen()
		if err != nil {
			return rows, err
		}
		if pred(rows) {
			return rows, nil
		}
		if time.Now().After(deadline) {
			return rows, errTimeout
		}
		time.Sleep(screenPoll)
	}
}

// errTimeout marks a scenario that did not converge within its bound.
var errTimeout = errors.New("timeout")

// clearScreen asks bash to clear the screen (C-l) and waits for the bare
// prompt on the top row.
func (s *session) clearScreen(timeout time.Duration) error {
	if err := s.ctl.sendKey("C-l"); err != nil {
		return err
	}
	_, err := s.waitScreen(timeout, func(rows []string) bool {
		return len(rows) > 0 && rows[0] == "$" && strings.TrimSpace(strings.Join(rows[1:], "")) == ""
	})
	return err
}

// close ends everything the session started: the client (its tmux server),
// the detached server (SIGTERM, then SIGKILL), and the relay.
func (s *session) close() {
	if s.ctl != nil {
		s.ctl.close()
	}
	if s.pane != nil {
		s.pane.Close() // best effort
	}
	if s.serverPID > 0 {
		endProcess(s.serverPID, 3*time.Second)
	}
	if s.clientPID > 0 {
		endProcess(s.clientPID, 3*time.Second)
	}
	if s.relay != nil {
		s.relay.Close() // best effort
	}
}

// endProcess sends SIGTERM to pid, and SIGKILL if it is still alive after
// grace. The detached server is not our child, so it cannot be waited for:
// this checks /proc a bounded number of times.
func endProcess(pid int, grace time.Duration) {
	if !alive(pid) {
		return
	}
	syscall.Kill(pid, syscall.SIGTERM) // best effort
	for deadline := time.Now().Add(grace); time.Now().Before(deadline); {
		if !alive(pid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGKILL) // best effort
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	st, err := readStat(pid)
	return err == nil && st.state != 'Z' && st.state != 'X'
}

// procStat holds the fields of /proc/PID/stat the benchmark uses.
type procStat struct {
	state byte
	cpu   time.Duration // utime + stime
}

// clockTick is USER_HZ, 100 on every Linux architecture Go supports.
const clockTick = 10 * time.Millisecond

func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	// The command name may contain spaces and parentheses: fields start
	// after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("bench: /proc/%d/stat: malformed", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return procStat{}, fmt.Errorf("bench: /proc/%d/stat: short", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return procStat{state: f[0][0], cpu: time.Duration(utime+stime) * clockTick}, nil
}

// cpuOf returns pid's CPU time so far (0 when it is gone).
func cpuOf(pid int) time.Duration {
	st, _ := readStat(pid) // best effort
	return st.cpu
}

// rssKiB returns VmRSS of pid in KiB (0 when unknown).
func rssKiB(pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return n
		}
	}
	return 0
}
