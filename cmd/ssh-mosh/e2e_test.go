package main

import (
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/sshdtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/internal/tmux"
)

// e2eRig is a test sshd, a HOME whose ~/.ssh/config names it "testhost",
// a built ssh-mosh and a mosh-server wrapper that records the pid of each
// detached server so the test can stop it.
type e2eRig struct {
	home, bin, serverErr, sshConfig string
	moshClient                      string
	sshd                            *sshdtest.Server
}

// prompt is the shell prompt of the sessions the tests start.
const prompt = "e2e$ "

// shellCommand runs a bare shell (no rc files: the remote user's may be slow).
var shellCommand = []string{"env", "PS1=" + prompt, "bash", "--norc", "--noprofile"}

// TestMain removes the ssh-mosh binary the end-to-end tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	moshtest.RemoveBuilds()
	os.Exit(code)
}

func newE2E(t testing.TB) *e2eRig {
	t.Helper()
	paths := testenv.Need(t, "sshd", "ssh", "ssh-keygen", "mosh-server", "mosh-client", "tmux")
	sshd := sshdtest.Start(t, paths[0], sshdtest.Options{})
	r := &e2eRig{home: t.TempDir(), moshClient: paths[4], sshd: sshd}
	sshDir := filepath.Join(r.home, ".ssh")
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(sshDir, "id_ed25519")
	sshdtest.GenKey(t, key, "ed25519", "")
	sshd.Authorize(t, key+".pub", "")
	kh := filepath.Join(sshDir, "known_hosts")
	writeTestFile(t, kh, sshd.KnownHostsLine(t, "[127.0.0.1]:"+strconv.Itoa(sshd.Port), "ed25519")+"\n", 0o600)

	r.serverErr = filepath.Join(r.home, "server.err")
	wrapper := filepath.Join(r.home, "mosh-server-wrapper")
	writeTestFile(t, wrapper, "#!/bin/sh\nexec "+paths[3]+" \"$@\" 2>>"+r.serverErr+"\n", 0o755)
	t.Cleanup(func() { r.killServers(t) })

	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	r.sshConfig = filepath.Join(sshDir, "config")
	writeTestFile(t, r.sshConfig, strings.Join([]string{
		"IgnoreUnknown Mosh*",
		"Host testhost cmhost",
		"  HostName 127.0.0.1",
		"  Port " + strconv.Itoa(sshd.Port),
		"  User " + u.Username,
		"  IdentityFile " + key,
		"  IdentitiesOnly yes",
		"  IdentityAgent none",
		"  UserKnownHostsFile " + kh,
		"  StrictHostKeyChecking yes",
		"  MoshServer " + wrapper,
		""}, "\n"), 0o600)

	r.bin = moshtest.Build(t, "ssh-mosh/cmd/ssh-mosh")
	return r
}

func writeTestFile(t testing.TB, path, s string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), mode); err != nil {
		t.Fatal(err)
	}
}

// killServers stops every detached mosh-server the wrapper recorded.
func (r *e2eRig) killServers(t testing.TB) {
	b, _ := os.ReadFile(r.serverErr) // best effort: absent if none started
	for _, m := range regexp.MustCompile(`detached, pid = (\d+)`).FindAllSubmatch(b, -1) {
		if pid, _ := strconv.Atoi(string(m[1])); pid > 1 {
			if syscall.Kill(pid, syscall.SIGTERM) == nil {
				t.Logf("stopped mosh-server pid %d", pid)
			}
		}
	}
	os.Remove(r.serverErr) // best effort
}

// start runs command in a fresh tmux pane with the rig's HOME.
func (r *e2eRig) start(t testing.TB, command []string) *tmux.Pane {
	t.Helper()
	p, err := tmux.Start(tmux.Options{Dir: t.TempDir(), Width: 80, Height: 24, Command: command,
		Env: []string{"HOME=" + r.home, "LANG=C.UTF-8", "TERM=xterm-256color", "SSH_AUTH_SOCK="}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// TestEndToEnd: `ssh-mosh testhost` logs in through the test sshd (with
// the native client, then with --ssh and the system ssh), starts the real
// mosh-server, hands over to the real mosh-client (--client; the built-in
// client has its own tests), and the shell answers; `exit` ends everything.
// The --local form runs the same without SSH.
func TestEndToEnd(t *testing.T) {
	r := newE2E(t)
	tests := []struct {
		name string
		args []string
	}{
		{"native", []string{"testhost"}},
		{"native, built-in client", []string{"--client=", "testhost"}}, // an empty --client undoes the one above
		{"system ssh", []string{"--ssh=ssh -F " + r.sshConfig, "testhost"}},
		{"local", []string{"--local", "--server=" + filepath.Join(r.home, "mosh-server-wrapper")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := append(append([]string{r.bin, "--client=" + r.moshClient}, tt.args...), "--")
			p := r.start(t, append(cmd, shellCommand...))
			r.converse(t, p)
		})
	}
}

// converse waits for the prompt, runs a command, sees its output, exits
// and waits for the pane's program to end.
func (r *e2eRig) converse(t *testing.T, p *tmux.Pane) {
	t.Helper()
	if screen, err := p.WaitForText(60*time.Second, strings.TrimSpace(prompt)); err != nil {
		t.Fatalf("no prompt: %v\n%s", err, screen)
	}
	if err := p.SendLiteral("echo hello-$((6*7))-e2e"); err != nil {
		t.Fatal(err)
	}
	if err := p.SendKeys("Enter"); err != nil {
		t.Fatal(err)
	}
	if screen, err := p.WaitForText(30*time.Second, "hello-42-e2e"); err != nil {
		t.Fatalf("no output: %v\n%s", err, screen)
	}
	if err := p.SendLiteral("exit"); err != nil {
		t.Fatal(err)
	}
	if err := p.SendKeys("Enter"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitDead(30 * time.Second); err != nil {
		t.Fatalf("session did not end after exit: %v", err)
	}
}

// TestMoshNo: with "Mosh no" for the host, ssh-mosh runs plain ssh with
// the same arguments.
func TestMoshNo(t *testing.T) {
	r := newE2E(t)
	f, err := os.OpenFile(r.sshConfig, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("Host plainhost\n  Mosh no\n")
	f.Close()
	bin := t.TempDir()
	argv := filepath.Join(bin, "argv")
	writeTestFile(t, filepath.Join(bin, "ssh"), "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" >"+argv+"\n", 0o755)
	cmd := exec.Command(r.bin, "-p", "2222", "plainhost", "uptime", "-p")
	cmd.Env = []string{"HOME=" + r.home, "PATH=" + bin + ":/usr/bin:/bin"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, err := os.ReadFile(argv)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Fields(string(b)), []string{filepath.Join(bin, "ssh"), "-p", "2222", "plainhost", "uptime", "-p"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ssh ran as %q, want %q", got, want)
	}
}

// BenchmarkStartup measures the time from starting the command to the
// remote prompt, for ssh-mosh and for mosh's own wrapper through the same
// sshd, and reports their ratio (target: ssh-mosh ≤ 0.5× mosh).
func BenchmarkStartup(b *testing.B) {
	r := newE2E(b)
	mosh := testenv.Need(b, "mosh")[0]
	wrapper := filepath.Join(r.home, "mosh-server-wrapper")
	// Both with the real mosh-client, so only the bootstrap differs.
	ours := append([]string{r.bin, "--client=" + r.moshClient, "testhost", "--"}, shellCommand...)
	theirs := append([]string{mosh, "--ssh=ssh -F " + r.sshConfig, "--server=" + wrapper, "testhost", "--"}, shellCommand...)
	builtin := append([]string{r.bin, "testhost", "--"}, shellCommand...)
	var tOurs, tTheirs, tBuiltin time.Duration
	for b.Loop() {
		tOurs += r.timeToPrompt(b, ours)
		tTheirs += r.timeToPrompt(b, theirs)
		tBuiltin += r.timeToPrompt(b, builtin)
	}
	n := float64(b.N)
	b.ReportMetric(tBuiltin.Seconds()/n, "builtin-client-s/op")
	b.ReportMetric(tOurs.Seconds()/n, "ssh-mosh-s/op")
	b.ReportMetric(tTheirs.Seconds()/n, "mosh-s/op")
	b.ReportMetric(tOurs.Seconds()/tTheirs.Seconds(), "ratio")
}

// timeToPrompt starts command in a pane and returns how long the prompt
// took to appear; the pane and the server are gone afterwards.
func (r *e2eRig) timeToPrompt(b *testing.B, command []string) time.Duration {
	dir := b.TempDir()
	start := time.Now()
	p, err := tmux.Start(tmux.Options{Dir: dir, Width: 80, Height: 24, Command: command,
		Env: []string{"HOME=" + r.home, "LANG=C.UTF-8", "TERM=xterm-256color", "SSH_AUTH_SOCK="}})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		p.Close() // best effort
		r.killServers(b)
	}()
	if screen, err := p.WaitForText(60*time.Second, strings.TrimSpace(prompt)); err != nil {
		b.Fatalf("%s: no prompt: %v\n%s", command[0], err, screen)
	}
	return time.Since(start)
}

// BenchmarkBootstrap measures only the bootstrap: from start until the
// client would take over (--client=/bin/true for both ssh-mosh and mosh's
// wrapper), without a terminal, and reports the ratio.
func BenchmarkBootstrap(b *testing.B) {
	r := newE2E(b)
	mosh := testenv.Need(b, "mosh")[0]
	wrapper := filepath.Join(r.home, "mosh-server-wrapper")
	ours := []string{r.bin, "--client=/bin/true", "testhost", "--", "true"}
	theirs := []string{mosh, "--client=/bin/true", "--ssh=ssh -F " + r.sshConfig, "--server=" + wrapper, "testhost", "--", "true"}
	var tOurs, tTheirs time.Duration
	for b.Loop() {
		tOurs += r.timeRun(b, ours)
		tTheirs += r.timeRun(b, theirs)
	}
	n := float64(b.N)
	b.ReportMetric(tOurs.Seconds()/n, "ssh-mosh-s/op")
	b.ReportMetric(tTheirs.Seconds()/n, "mosh-s/op")
	b.ReportMetric(tOurs.Seconds()/tTheirs.Seconds(), "ratio")
}

// timeRun runs command to completion with the rig's HOME and returns how
// long it took; the server it started is stopped afterwards.
func (r *e2eRig) timeRun(b *testing.B, command []string) time.Duration {
	defer r.killServers(b)
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = append(os.Environ(), "HOME="+r.home, "LANG=C.UTF-8", "SSH_AUTH_SOCK=")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", command[0], err, out)
	}
	return time.Since(start)
}

// TestControlMaster: when ControlPath names a live OpenSSH master, the
// bootstrap goes through the system ssh and that master: no new login.
func TestControlMaster(t *testing.T) {
	r := newE2E(t)
	sock := filepath.Join(r.home, "cm.sock")
	f, err := os.OpenFile(r.sshConfig, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("Host cmhost\n  ControlPath " + sock + "\n")
	f.Close()
	env := append(os.Environ(), "HOME="+r.home, "LANG=C.UTF-8", "SSH_AUTH_SOCK=")
	master := exec.Command("ssh", "-F", r.sshConfig, "-M", "-o", "ControlPersist=no", "-fN", "cmhost")
	master.Env = env
	if out, err := master.CombinedOutput(); err != nil {
		t.Fatalf("ssh master: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		stop := exec.Command("ssh", "-F", r.sshConfig, "-O", "exit", "cmhost")
		stop.Env = env
		stop.Run() // best effort
	})
	logins := strings.Count(r.sshd.Log(), "Accepted publickey")
	// -F: the system ssh reads the password file's home, not $HOME.
	cmd := exec.Command(r.bin, "-v", "-F", r.sshConfig, "--client=/bin/true", "cmhost", "--", "true")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "reusing the ssh master") {
		t.Errorf("master not used:\n%s", out)
	}
	if n := strings.Count(r.sshd.Log(), "Accepted publickey"); n != logins {
		t.Errorf("%d new logins, want none", n-logins)
	}
}

// TestExitStatus: SSH failures exit 255 with OpenSSH's words; a missing
// server exits 1 with the fix.
func TestExitStatus(t *testing.T) {
	r := newE2E(t)
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"unknown host key", []string{"-o", "UserKnownHostsFile=/dev/null", "testhost"}, 255,
			"No ED25519 host key is known for [127.0.0.1]:"},
		{"no such host", []string{"-o", "HostName=no-such-host.invalid", "testhost"}, 255, "no-such-host.invalid"},
		{"missing server", []string{"--server=/nonexistent/mosh-server", "testhost"}, 1,
			"mosh-server not found on testhost: install mosh there, or set MoshServer/--server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(r.bin, append([]string{"--client=/bin/true"}, tt.args...)...)
			cmd.Env = append(os.Environ(), "HOME="+r.home, "LANG=C.UTF-8", "SSH_AUTH_SOCK=")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling tty: nothing can be asked
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tt.status {
				t.Fatalf("err = %v, want exit status %d\n%s", err, tt.status, out)
			}
			if !strings.Contains(string(out), tt.stderr) {
				t.Errorf("output lacks %q:\n%s", tt.stderr, out)
			}
		})
	}
}
