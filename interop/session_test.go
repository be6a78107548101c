package interop

import (
	"fmt"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/relay"
	"ssh-mosh/internal/tmux"
)

// side names which of our programs a test exercises; the other end of the
// session is the real mosh 1.4.0 program.
type side int

const (
	// ourServer: our mosh-server with the real mosh-client ("A").
	sideServer side = iota
	// ourClient: the real mosh-server with our client ("B").
	sideClient
	// sideReal: mosh 1.4.0 on both ends, the oracle.
	sideReal
)

func (s side) String() string {
	switch s {
	case sideServer:
		return "our-server"
	case sideClient:
		return "our-client"
	}
	return "mosh-1.4.0"
}

// toward is the direction of the datagrams our program receives.
func (s side) toward() crypto.Direction {
	if s == sideServer {
		return crypto.ToServer
	}
	return crypto.ToClient
}

// session is a live mosh session through a mitm, with the client in tmux.
type session struct {
	t         *testing.T
	side      side
	srv       moshtest.Server
	relay     *mitm
	pane      *tmux.Pane
	clientPID int
	impaired  bool
}

// newSession starts a server (ours or the real one, by side) running
// /bin/sh, a mitm in front of it, and the other party's client in an
// 80×24 tmux pane, and waits for the prompt. clientEnv is added to the
// client's environment.
func newSession(t *testing.T, sd side, serverEnv, clientEnv []string) *session {
	t.Helper()
	return startSession(t, sd, options{serverEnv: serverEnv, clientEnv: clientEnv})
}

// options are the less common settings of a session.
type options struct {
	serverEnv, clientEnv []string
	im                   *relay.Impairment // an impairment relay in front of the mitm
	width, height        int               // 80×24 when zero
	ipv6                 bool              // the whole session over ::1
}

// startSession is newSession with all options.
func startSession(t *testing.T, sd side, o options) *session {
	t.Helper()
	if o.width == 0 {
		o.width, o.height = 80, 24
	}
	paths := need(t, "mosh-server", "mosh-client", "tmux")
	srvBin, clientCmd := ourServer(t), []string{paths[1]}
	switch sd {
	case sideClient:
		srvBin, clientCmd = paths[0], []string{ourClient(t), "--connect"}
	case sideReal:
		srvBin = paths[0]
	}
	ip := "127.0.0.1"
	if o.ipv6 {
		ip = "::1"
	}
	srv := moshtest.StartServer(t, srvBin, moshtest.ServerOptions{
		IP: ip, InheritEnv: true, Env: append(shellEnv(t), o.serverEnv...), Command: []string{"/bin/sh"}})
	m := newMITM(t, srv.Addr, srv.Key)
	port := m.port()
	if o.im != nil {
		r, err := relay.New(relay.Config{Server: net.JoinHostPort(ip, strconv.Itoa(port)), Up: *o.im, Down: *o.im,
			Seed: 7, Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		port = r.Port()
	}
	pane, pid := runInPane(t, o.width, o.height, append([]string{"MOSH_KEY=" + srv.Key.String()}, o.clientEnv...),
		append(clientCmd, ip, strconv.Itoa(port))...)
	s := &session{t: t, side: sd, srv: srv, relay: m, pane: pane, clientPID: pid, impaired: o.im != nil}
	s.wait("the prompt", func(screen string) bool { return lastLine(screen) == "$" })
	return s
}

// runInPane runs argv in a w×h tmux pane with env added to LANG=C.UTF-8,
// LC_ALL= and TERM=xterm-256color. When argv ends, the pane shows
// "[client exit N]" (see exitStatus) and stays open. It returns the pane
// and argv's pid; the process is killed by that pid and the pane closed
// at cleanup.
func runInPane(t *testing.T, w, h int, env []string, argv ...string) (*tmux.Pane, int) {
	t.Helper()
	pane, err := tmux.Start(tmux.Options{
		Dir: t.TempDir(), Width: w, Height: h,
		Env:     append([]string{"LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color"}, env...),
		Command: append([]string{"/bin/sh", "-c", `"$0" "$@"; echo "[client exit $?]"; exec sleep 600`}, argv...),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pane.Close() })
	shPID, err := pane.PID()
	if err != nil {
		t.Fatal(err)
	}
	pid := childPID(t, shPID)
	t.Cleanup(func() { moshtest.Kill(pid) })
	return pane, pid
}

// childPID waits (bounded) for the only child of pid and returns it.
func childPID(t testing.TB, pid int) int {
	t.Helper()
	path := fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)
	for range 250 {
		data, err := os.ReadFile(path)
		if f := strings.Fields(string(data)); err == nil && len(f) == 1 {
			n, _ := strconv.Atoi(f[0])
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d started no client", pid)
	return 0
}

// exitStatus waits for the client's "[client exit N]" line and returns N.
func (s *session) exitStatus(within time.Duration) int {
	s.t.Helper()
	re := regexp.MustCompile(`\[client exit (\d+)\]`)
	screen, err := s.pane.WaitFor(within, func(screen string) bool { return re.MatchString(screen) })
	if err != nil {
		s.t.Fatalf("%v: the client did not exit: %v\nscreen:\n%s", s.side, err, screen)
	}
	n, _ := strconv.Atoi(re.FindStringSubmatch(screen)[1])
	return n
}

// patience is how long wait waits: longer through an impaired link.
func (s *session) patience() time.Duration {
	if s.impaired {
		return 60 * time.Second
	}
	return 20 * time.Second
}

// ourPID is the pid of our program in the session.
func (s *session) ourPID() int {
	if s.side == sideServer {
		return s.srv.PID
	}
	return s.clientPID
}

// wait waits (bounded) for pred on the screen, failing the test if it
// never holds.
func (s *session) wait(what string, pred func(string) bool) string {
	s.t.Helper()
	screen, err := s.pane.WaitFor(s.patience(), pred)
	if err != nil {
		s.t.Fatalf("%v: waiting for %s: %v\nscreen:\n%s", s.side, what, err, screen)
	}
	return screen
}

// echo types `echo ok-TAG`, Enter, and waits until the screen ends with
// the command, its output and a new prompt: the session still works.
func (s *session) echo(tag string) string {
	s.t.Helper()
	word := "ok-" + tag
	if err := s.pane.SendLiteral("echo " + word); err != nil {
		s.t.Fatal(err)
	}
	if err := s.pane.SendKeys("Enter"); err != nil {
		s.t.Fatal(err)
	}
	return s.wait("the echo of "+word, func(screen string) bool {
		l := contentLines(screen)
		n := len(l)
		return n >= 3 && l[n-3] == "$ echo "+word && l[n-2] == word && l[n-1] == "$"
	})
}

// lastLine is the last non-empty line of a screen.
func lastLine(screen string) string {
	l := contentLines(screen)
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

// contentLines are the screen's lines without the trailing empty ones and
// without a notification bar on row 0.
func contentLines(screen string) []string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) > 0 && strings.HasPrefix(lines[0], "mosh: ") {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var echoLineRE = regexp.MustCompile(`^(\$ echo ok-[A-Za-z0-9.-]+|ok-[A-Za-z0-9.-]+|\$|)$`)

// exactScreen reports the first line of the screen that is not a prompt,
// an echo command or its output: after injections nothing else may show.
// With bar set, row 0 may hold the notification bar.
func exactScreen(screen string, bar bool) error {
	for i, l := range strings.Split(strings.TrimRight(screen, "\n"), "\n") {
		if i == 0 && bar && strings.HasPrefix(l, "mosh: ") {
			continue
		}
		if !echoLineRE.MatchString(l) {
			return fmt.Errorf("row %d is %q", i, l)
		}
	}
	return nil
}
