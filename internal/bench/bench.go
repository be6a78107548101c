// Package bench runs mosh-compatible server/client pairs side by side behind
// the impairment relay (package ssh-mosh/internal/relay) and measures what a
// user sees: the client runs in a private 80x24 tmux pane, and every figure
// is read off that screen, off the relay's counters, or off /proc.
//
// The figures (INTEROP-TESTS.md §3, §4 give the protocol behaviour behind
// them): connect to prompt; `seq 1 1000000` and `cat` of a 6 MB file to the
// exact final screen, with traffic each way and server/client CPU time;
// keystroke echo at RTT 0/100/300 ms in each prediction display mode; the
// final screen of `seq 1 20000` under 10/30/50 % loss at RTT 50 ms; the time
// for the server to follow a roamed client; idle traffic; RSS.
//
// It is a benchmark harness, not a test oracle: it asserts nothing about the
// figures. Every wait is bounded (a scenario past its bound is reported as
// "timeout") and every process it starts is ended by pid.
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Options configure a benchmark run.
type Options struct {
	// Pairs to measure, in column order.
	Pairs []Pair
	// Runs per figure (3 when zero).
	Runs int
	// Quick is a smoke run: one short scenario of each kind.
	Quick bool
	// IdleWindow is how long idle traffic is counted (20 s when zero,
	// 3 s when Quick); figures are scaled to a minute.
	IdleWindow time.Duration
	// Dir is a private scratch directory (tmux sockets, the 6 MB file).
	Dir string
	// Seed of the relay's decisions (1 when zero).
	Seed uint64
	// SSHD is the path of OpenSSH's sshd for the bootstrap figure; empty
	// skips it.
	SSHD string
	// Logf receives progress lines; nil discards.
	Logf func(format string, args ...any)
	// Only, when not empty, limits the run to these groups of figures
	// (see Groups); the connect figures are always taken, so "connect" alone
	// takes only them.
	Only []string
}

// Groups are the names of the figure groups Options.Only selects from.
var Groups = []string{"connect", "idle", "roam", "throughput", "loss", "ssh", "echo"}

// wants reports whether the run takes the figures of group.
func (o Options) wants(group string) bool {
	if len(o.Only) == 0 {
		return true
	}
	for _, g := range o.Only {
		if g == group {
			return true
		}
	}
	return false
}

// Run measures every pair Runs times, alternating pairs within each run so
// that a change in machine load affects all of them alike. It returns the
// results and the pids of every process it started (all of which it has
// ended by the time it returns).
func Run(o Options) (*Results, []int, error) {
	if o.Runs == 0 {
		o.Runs = 3
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.IdleWindow == 0 {
		o.IdleWindow = 20 * time.Second
		if o.Quick {
			o.IdleWindow = 3 * time.Second
		}
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	if o.Dir == "" {
		return nil, nil, fmt.Errorf("bench: Options.Dir is required")
	}
	res := newResults()
	pids := &pidLog{}
	b := &runner{o: o, res: res, pids: pids}
	for _, g := range o.Only {
		if !slices.Contains(Groups, g) {
			return nil, nil, fmt.Errorf("bench: unknown figure group %q (have %s)", g, strings.Join(Groups, ", "))
		}
	}
	if !o.Quick && o.wants("throughput") {
		tail, err := writeCatFile(catPath(o.Dir), 6_000_000, 23)
		if err != nil {
			return nil, nil, err
		}
		b.catTail = tail
	}
	if o.SSHD != "" && o.wants("ssh") {
		h, err := startSSHD(filepath.Join(o.Dir, "sshd"), o.SSHD, pids)
		if err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("SSH bootstrap not measured: %v", err))
		} else {
			b.ssh = h
			defer h.stop()
		}
	}
	if o.wants("echo") {
		dir := filepath.Join(o.Dir, "echo-floor")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, nil, fmt.Errorf("bench: %w", err)
		}
		if ms, err := echoFloor(dir, pids); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("echo floor not measured: %v", err))
		} else {
			res.Notes = append(res.Notes, fmt.Sprintf("echo floor: bash run directly in a pane of the same kind (no mosh) shows single keys in %.1f ms (median), read the same way; that much of every echo figure is the harness and the terminal.", ms))
		}
	}
	for run := range o.Runs {
		for _, p := range o.Pairs {
			o.Logf("run %d/%d: %s", run+1, o.Runs, p.Name)
			b.runPair(p, run)
		}
	}
	res.Notes = append(b.notes(), res.Notes...)
	return res, pids.pids, nil
}

// runner carries the state of one Run.
type runner struct {
	o       Options
	res     *Results
	pids    *pidLog
	catTail []string
	ssh     *sshHarness // nil: no bootstrap figure
	n       int         // sessions started, for directory names and seeds
}

// open starts a session in a fresh directory.
func (b *runner) open(p Pair, mode string) (*session, error) {
	b.n++
	dir := filepath.Join(b.o.Dir, fmt.Sprintf("s%03d", b.n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	return startSession(p, mode, dir, b.o.Seed+uint64(b.n), b.pids, b.o.Logf)
}

// runPair runs every scenario once for one pair.
func (b *runner) runPair(p Pair, run int) {
	o, res := b.o, b.res
	s, err := b.open(p, "")
	if err != nil {
		o.Logf("%s: %v", p.Name, err)
		res.timeout("connect → prompt", "ms", p.Name)
		return
	}
	res.add("connect → prompt", "ms", p.Name, float64(s.connect.Microseconds())/1000)
	res.add("connect: server command → connect line", "ms", p.Name, float64(s.serverStart.Microseconds())/1000)
	res.add("connect: client start → prompt", "ms", p.Name, float64(s.clientStart.Microseconds())/1000)
	if s.firstDatagram > 0 {
		res.add("connect: client start → its first datagram", "ms", p.Name, float64(s.firstDatagram.Microseconds())/1000)
		res.add("connect: client's first datagram → prompt", "ms", p.Name, float64((s.clientStart-s.firstDatagram).Microseconds())/1000)
	}
	if o.wants("idle") {
		s.idle(res, o.IdleWindow)
	}
	if o.wants("roam") {
		s.roam(res, false)
		s.roam(res, true)
	}
	if o.wants("throughput") {
		seqN := 1_000_000
		if o.Quick {
			seqN = 20_000
		}
		s.throughput(res, fmt.Sprintf("seq 1 %d", seqN), fmt.Sprintf("seq 1 %d", seqN), seqTail(seqN, 23))
		if !o.Quick {
			s.throughput(res, "cat 6 MB file", "cat "+catPath(o.Dir), b.catTail)
		}
		res.add("RSS after throughput: server", "MiB", p.Name, rssKiB(s.serverPID)/1024)
		res.add("RSS after throughput: client", "MiB", p.Name, rssKiB(s.clientPID)/1024)
	}
	if o.wants("loss") {
		if o.Quick {
			s.loss(res, 0.3, 2000)
		} else {
			for _, l := range []float64{0.1, 0.3, 0.5} {
				s.loss(res, l, 20000)
			}
		}
	}
	s.close()
	if b.ssh != nil {
		b.sshConnect(p, b.ssh)
	}
	if !o.wants("echo") {
		return
	}

	modes := []string{"adaptive", "always", "never"}
	rtts := []time.Duration{0, 100 * time.Millisecond, 300 * time.Millisecond}
	if o.Quick {
		modes, rtts = modes[1:2], rtts[1:2]
	}
	for _, mode := range modes {
		s, err := b.open(p, mode)
		if err != nil {
			o.Logf("%s %s: %v", p.Name, mode, err)
			continue
		}
		s.echo(res, mode, rtts, o.Quick)
		s.close()
	}
}

// notes describe how the figures were taken, for the table's footer.
func (b *runner) notes() []string {
	return []string{
		fmt.Sprintf("%d run(s) per figure: median (min–max); ratio = median ÷ median.", b.o.Runs),
		"connect → prompt: from starting the server command to the bare prompt on the client's screen (no SSH); the client's tmux pane is set up before the clock starts and the client is respawned into it once the server has printed its connect line. The two parts are listed after it.",
		fmt.Sprintf("idle: traffic over %v of an idle session after 2 s of settling, scaled to one minute.", b.o.IdleWindow),
		"echo: per key, time from tmux receiving the key to its character on screen, read every 2 ms through a tmux control client; single keys wait for the echo then pause 300 ms; words are typed at 120 ms per key.",
		"wrong predictions: distinct (column, character) pairs shown on the typed row that its final text does not have.",
		"roaming: time from switching the relay's upstream port to the first server datagram arriving at the new port.",
		"connect over SSH: `mosh bench-host -- …` / `ssh-mosh -F … bench-host -- …` to a private sshd on 127.0.0.1 (ed25519 key, no agent, remote bash started with SHLVL=1 so that it skips ~/.bashrc), from start to the bare prompt.",
		"CPU: utime+stime from /proc of the detached server and of the client process; bytes and datagrams as counted by the relay.",
	}
}

// Probe checks that a pair works at all: it starts a session, waits for the
// prompt, types a command and sees its output, then ends everything. dir
// must be a fresh private directory.
func Probe(p Pair, dir string, logf func(string, ...any)) error {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	s, err := startSession(p, "", dir, 1, nil, logf)
	if err != nil {
		return err
	}
	defer s.close()
	if err := s.typeCommand("echo probe-$((6*7))"); err != nil {
		return fmt.Errorf("bench: %s: typing: %w", p.Name, err)
	}
	if err := s.ctl.sendKey("Enter"); err != nil {
		return err
	}
	if _, err := s.waitScreen(typeTimeout, func(rows []string) bool {
		return len(rows) > 1 && rows[1] == "probe-42"
	}); err != nil {
		return fmt.Errorf("bench: %s: command output not shown: %w", p.Name, err)
	}
	return nil
}
