package bootstrap

import (
	"context"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/sshdtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/sshconf"
)

// fakePrompt answers questions from a list and records everything shown.
type fakePrompt struct {
	mu      sync.Mutex
	answers []string
	asked   []string
	notices strings.Builder
}

func (p *fakePrompt) next(q string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked = append(p.asked, q)
	if len(p.answers) == 0 {
		return "", io.EOF
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func (p *fakePrompt) Secret(q string) (string, error) { return p.next(q) }
func (p *fakePrompt) Line(q string) (string, error)   { return p.next(q) }
func (p *fakePrompt) Notice(m string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notices.WriteString(m)
}

func (p *fakePrompt) shown() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.notices.String()
}

// rig is one test sshd with a user key authorized and a known_hosts file
// that knows it under its [127.0.0.1]:port name.
type rig struct {
	sshd       *sshdtest.Server
	dir        string
	key        string // unencrypted ed25519 identity
	knownHosts string
}

func newRig(t testing.TB) *rig {
	t.Helper()
	paths := testenv.Need(t, "sshd", "ssh", "ssh-keygen", "ssh-agent")
	r := &rig{sshd: sshdtest.Start(t, paths[0], sshdtest.Options{}), dir: t.TempDir()}
	r.key = filepath.Join(r.dir, "id_ed25519")
	sshdtest.GenKey(t, r.key, "ed25519", "")
	r.sshd.Authorize(t, r.key+".pub", "")
	r.knownHosts = filepath.Join(r.dir, "known_hosts")
	writeFile(t, r.knownHosts, r.sshd.KnownHostsLine(t, r.hostPattern(), "ed25519")+"\n")
	return r
}

func (r *rig) hostPattern() string { return "[127.0.0.1]:" + itoa(r.sshd.Port) }

// config is a hand-built resolved configuration for the rig's sshd.
func (r *rig) config(t testing.TB) *sshconf.Config {
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	return &sshconf.Config{
		OriginalHost: "testhost", HostName: "127.0.0.1", Port: r.sshd.Port, User: u.Username,
		IdentityFiles: []string{r.key}, IdentityAgent: "none", ForwardAgent: "no",
		UserKnownHostsFiles: []string{r.knownHosts}, StrictHostKeyChecking: "yes",
		HostKeyAlgorithms: sshconf.DefaultHostKeyAlgorithms,
		ConnectTimeout:    10 * time.Second, AddressFamily: "any",
		Mosh: sshconf.Mosh{Server: "mosh-server", RemoteIP: "proxy", Predict: "adaptive"},
	}
}

// noEnv is an empty environment, so the tester's own agent is never used.
func noEnv(string) (string, bool) { return "", false }

// dial logs in with cfg and returns the client, closed at the end of the test.
func dial(t testing.TB, d *Dialer, cfg *sshconf.Config) (*Client, error) {
	t.Helper()
	if d.Logf == nil {
		d.Logf = t.Logf
	}
	if d.Env == nil {
		d.Env = noEnv
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := d.Dial(ctx, cfg)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// run runs a command on c and returns its combined output.
func run(t *testing.T, c *Client, cmd string) string {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := s.CombinedOutput(cmd)
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	return string(out)
}

func writeFile(t testing.TB, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

// startAgent runs a real ssh-agent in the foreground on a socket in dir
// holding key, and stops it by pid at the end of the test.
func startAgent(t *testing.T, dir, key string) string {
	t.Helper()
	sock := filepath.Join(dir, "agent.sock")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill() // best effort
		cmd.Wait()         // best effort
	})
	for i := 0; ; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if i > 500 {
			t.Fatal("ssh-agent did not create its socket")
		}
		time.Sleep(10 * time.Millisecond)
	}
	add := exec.Command("ssh-add", key)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
	return sock
}

// execOut runs a program and returns its combined output.
func execOut(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}
