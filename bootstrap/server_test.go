package bootstrap

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/sshdtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/sshconf"
)

// start runs StartServer with a bounded context.
func start(t testing.TB, c *Client, o StartOptions) (*Session, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return c.StartServer(ctx, o)
}

// fakeServer prints what the real one would, after running pre.
func fakeServer(pre string) string {
	return pre + "; printf '\\r\\nMOSH CONNECT 60123 AAAAAAAAAAAAAAAAAAAAAA\\r\\n'; :"
}

// TestProxyJumpRealServer logs in to a second sshd through a chain of two
// ProxyJump hops (both the first sshd: the second reached through the
// first), starts the real mosh-server there and parses its answer.
func TestProxyJumpRealServer(t *testing.T) {
	paths := testenv.Need(t, "mosh-server")
	r := newRig(t)
	target := sshdtest.Start(t, mustLook(t, "sshd"), sshdtest.Options{})
	target.Authorize(t, r.key+".pub", "")
	kh := readFile(t, r.knownHosts) + target.KnownHostsLine(t, "[127.0.0.1]:"+strconv.Itoa(target.Port), "ed25519") + "\n"
	writeFile(t, r.knownHosts, kh)

	cfg := r.config(t)
	cfg.OriginalHost, cfg.Port, cfg.ProxyJump = "target", target.Port, "jumphost,jump2:"+strconv.Itoa(r.sshd.Port)
	var resolved []string
	d := &Dialer{Resolve: func(hop string) (*sshconf.Config, error) {
		resolved = append(resolved, hop)
		hc := r.config(t)
		hc.OriginalHost = hop
		return hc, nil
	}}
	c, err := dial(t, d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.Direct || strings.Join(resolved, ",") != "jumphost,jump2:"+strconv.Itoa(r.sshd.Port) {
		t.Errorf("Direct %v, resolved %q", c.Direct, resolved)
	}
	errFile := filepath.Join(t.TempDir(), "server.err")
	s, err := start(t, c, StartOptions{Command: ServerCommand{
		Server:  "sh -c 'exec " + paths[0] + " \"$@\" 2>>" + errFile + "' mosh-server",
		Colors:  256,
		Ports:   "60001:60999",
		Locale:  []string{"LANG=C.UTF-8"},
		Command: []string{"sh", "-c", "exit 0"},
	}})
	t.Cleanup(func() { killDetached(t, errFile) })
	if err != nil {
		t.Fatal(err)
	}
	if s.IP != "127.0.0.1" || s.Port < 60001 || s.Port > 60999 || len(s.Key) != 22 {
		t.Errorf("session %+v", s)
	}
	if !strings.Contains(target.Log(), "Accepted publickey") {
		t.Errorf("target sshd saw no login:\n%s", target.Log())
	}
}

// killDetached ends the mosh-server whose detach message is in errFile.
func killDetached(t *testing.T, errFile string) {
	b, _ := os.ReadFile(errFile) // best effort: absent when it never started
	m := regexp.MustCompile(`detached, pid = (\d+)`).FindSubmatch(b)
	if m == nil {
		return
	}
	pid, _ := strconv.Atoi(string(m[1]))
	if pid > 1 {
		syscall.Kill(pid, syscall.SIGTERM) // best effort
		t.Logf("stopped mosh-server pid %d", pid)
	}
}

func mustLook(t *testing.T, name string) string {
	p, err := testenv.Look(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProxyCommandAgentForwarding logs in through a ProxyCommand (ssh -W),
// with agent forwarding on: the remote `ssh-add -l` lists the agent's key;
// SendEnv and SetEnv reach the remote command.
// It also checks the remote-IP mode and a missing server.
func TestProxyCommandAgentForwarding(t *testing.T) {
	r := newRig(t)
	sock := startAgent(t, r.dir, r.key)
	cfg := r.config(t)
	cfg.IdentityFiles, cfg.IdentityAgent, cfg.ForwardAgent = nil, sock, "yes"
	// ssh -W as the relay: it ends when its stdin closes, leaving no
	// process behind (a shell relay's background cat would).
	cfg.ProxyCommand = "ssh -F none -i " + r.key + " -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes" +
		" -o UserKnownHostsFile=" + r.knownHosts + " -p " + strconv.Itoa(r.sshd.Port) + " -W 127.0.0.1:" + strconv.Itoa(r.sshd.Port) + " 127.0.0.1"
	c, err := dial(t, &Dialer{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.Direct {
		t.Error("Direct through a ProxyCommand")
	}
	var echo strings.Builder
	cfg.SendEnv, cfg.SetEnv = []string{"SSHMOSH_TEST_S*"}, []string{"SSHMOSH_TEST_SET=two"}
	s, err := start(t, c, StartOptions{Command: ServerCommand{Server: fakeServer("ssh-add -l; echo env:$SSHMOSH_TEST_SEND:$SSHMOSH_TEST_SET:$SSHMOSH_TEST_NOT")},
		Echo: &echo, RemoteIP: "remote", Environ: []string{"SSHMOSH_TEST_SEND=one", "SSHMOSH_TEST_NOT=x"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(echo.String(), "sshdtest (ED25519)") {
		t.Errorf("remote ssh-add -l printed %q", echo.String())
	}
	if !strings.Contains(echo.String(), "env:one:two:") {
		t.Errorf("SendEnv/SetEnv: remote printed %q", echo.String())
	}
	if s.IP != "127.0.0.1" || s.Port != 60123 {
		t.Errorf("session %+v", s)
	}

	_, err = start(t, c, StartOptions{Command: ServerCommand{Server: "no-such-mosh-server-here"}})
	var nf *ServerNotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "install mosh there, or set MoshServer/--server") {
		t.Errorf("err = %v, want ServerNotFoundError", err)
	}
	_, err = start(t, c, StartOptions{Command: ServerCommand{Server: "echo oops; exit 3; :"}})
	var sf *ServerFailedError
	if !errors.As(err, &sf) || sf.Status != 3 || !strings.Contains(err.Error(), "oops") {
		t.Errorf("err = %v, want ServerFailedError with status 3 and the output", err)
	}
}
