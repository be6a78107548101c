// Package sshdtest runs a private OpenSSH sshd on 127.0.0.1 for tests: a
// temporary sshd_config, ed25519 and rsa host keys, an authorized_keys file
// in the test's directory, no PAM, no strict modes. It runs as the current
// user (root or not) and is stopped by its pid when the test ends. Remote
// commands run with SHLVL=1 so that bash skips ~/.bashrc.
//
// It is imported only by tests; callers gate on testenv.Need(t, "sshd",
// "ssh-keygen") first.
package sshdtest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Options configure one server.
type Options struct {
	// Password enables PasswordAuthentication and
	// KbdInteractiveAuthentication (they only work where the account has a
	// password sshd can check without PAM: see ShadowHash).
	Password bool
	// ShadowHash, when set, gives the current user the password with this
	// crypt(3) hash (PasswordHash, say) for this sshd only, and implies
	// Password. sshd then runs in a private mount namespace where a copy
	// of /etc/shadow holding the hash is bind-mounted over the real one,
	// which is never written. It needs root: the test is skipped without
	// it, and also, outside CI, where mount namespaces are not allowed.
	ShadowHash string
	// Extra lines appended to sshd_config.
	Extra []string
	// Prepare, if set, runs after the host keys exist and before sshd
	// starts (to sign host certificates, for instance); its lines are
	// appended to sshd_config.
	Prepare func(s *Server) []string
}

// Server is a running sshd.
type Server struct {
	// Dir holds the configuration, keys and logs.
	Dir string
	// Port is the TCP port on 127.0.0.1.
	Port int
	// HostKeys are the host key files (private; .pub beside them).
	HostKeys []string
	// AuthorizedKeys is the authorized_keys file the server reads.
	AuthorizedKeys string
	log            *lockedWriter

	cmd    *exec.Cmd
	exited chan struct{}
}

// privsepDir is Debian's sshd privilege separation directory.
const privsepDir = "/run/sshd"

// startTimeout bounds the wait for sshd to listen.
const startTimeout = 10 * time.Second

// Start writes the configuration, starts sshd -D -e -f and waits until it
// accepts TCP connections. The server is stopped at the end of the test.
func Start(t testing.TB, sshd string, o Options) *Server {
	t.Helper()
	dir := t.TempDir()
	s := &Server{Dir: dir, AuthorizedKeys: filepath.Join(dir, "authorized_keys"), log: &lockedWriter{buf: &bytes.Buffer{}}}
	for _, typ := range []string{"ed25519", "rsa"} {
		key := filepath.Join(dir, "ssh_host_"+typ+"_key")
		GenKey(t, key, typ, "")
		s.HostKeys = append(s.HostKeys, key)
	}
	if err := os.WriteFile(s.AuthorizedKeys, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s.Port = FreePort(t)
	var shadow, mount string
	if o.ShadowHash != "" {
		o.Password = true
		shadow, mount = prepareShadow(t, dir, o.ShadowHash)
	}
	yesno := map[bool]string{true: "yes", false: "no"}
	cfg := []string{
		"ListenAddress 127.0.0.1:" + strconv.Itoa(s.Port),
		"HostKey " + s.HostKeys[0],
		"HostKey " + s.HostKeys[1],
		"AuthorizedKeysFile " + s.AuthorizedKeys,
		"PidFile none",
		"UsePAM no",
		"StrictModes no",
		"PermitRootLogin yes",
		"PubkeyAuthentication yes",
		"PasswordAuthentication " + yesno[o.Password],
		"KbdInteractiveAuthentication " + yesno[o.Password],
		"AllowAgentForwarding yes",
		"AllowTcpForwarding yes",
		"PrintMotd no",
		"PrintLastLog no",
		"UseDNS no",
		"LogLevel VERBOSE",
		// Debian's bash sources ~/.bashrc for commands run by sshd at
		// shell level 1; starting at level 1 makes it level 2, so the
		// tests do not pay for (or depend on) the invoking user's rc
		// files, which are typically the real HOME's.
		"SetEnv SHLVL=1",
		"AcceptEnv LANG LC_* SSHMOSH_TEST_*",
	}
	cfg = append(cfg, o.Extra...)
	if o.Prepare != nil {
		cfg = append(cfg, o.Prepare(s)...)
	}
	conf := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(conf, []byte(strings.Join(cfg, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		// As root, sshd insists on its privilege separation directory,
		// which a container may lack; creating it is what the
		// distribution's service unit does.
		if err := os.MkdirAll(privsepDir, 0o755); err != nil {
			t.Fatalf("sshdtest: %v", err)
		}
	}
	s.cmd = exec.Command(sshd, "-D", "-e", "-f", conf)
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if shadow != "" {
		s.cmd = shadowCommand(mount, shadow, sshd, "-D", "-e", "-f", conf)
	}
	s.cmd.Stderr = s.log
	// Session processes sshd forked may keep its stderr open after it
	// exits; do not wait for them.
	s.cmd.WaitDelay = 2 * time.Second
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("sshdtest: %v", err)
	}
	t.Cleanup(s.Stop)
	s.exited = make(chan struct{})
	exited := s.exited
	go func() {
		s.cmd.Wait() // best effort: Stop and the start-up loop watch exited
		close(exited)
	}()
	deadline := time.Now().Add(startTimeout)
	for {
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.Close()
			return s
		}
		select {
		case <-exited:
			t.Fatalf("sshdtest: sshd exited at start:\n%s", s.Log())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshdtest: sshd did not listen on %s: %v\n%s", s.Addr(), err, s.Log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Addr is 127.0.0.1:Port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)) }

// Stop ends sshd (its listener only: sessions it forked keep their own
// process group) and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM) // best effort
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill() // best effort
		<-s.exited
	}
	s.cmd = nil
}

// Authorize appends the public key file pub to authorized_keys, with
// options (e.g. `cert-authority`) before it when given.
func (s *Server) Authorize(t testing.TB, pub string, options string) {
	t.Helper()
	b, err := os.ReadFile(pub)
	if err != nil {
		t.Fatal(err)
	}
	if options != "" {
		b = append([]byte(options+" "), b...)
	}
	f, err := os.OpenFile(s.AuthorizedKeys, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}

// KnownHostsLine returns a known_hosts line naming host for the server's
// host key of the given type ("ed25519" or "rsa").
func (s *Server) KnownHostsLine(t testing.TB, host, typ string) string {
	t.Helper()
	for _, k := range s.HostKeys {
		if strings.Contains(filepath.Base(k), "_"+typ+"_") {
			b, err := os.ReadFile(k + ".pub")
			if err != nil {
				t.Fatal(err)
			}
			f := strings.Fields(string(b))
			return host + " " + f[0] + " " + f[1]
		}
	}
	t.Fatalf("sshdtest: no %s host key", typ)
	return ""
}

// GenKey runs ssh-keygen to make a key of type typ at path, encrypted
// with passphrase when it is not empty.
func GenKey(t testing.TB, path, typ, passphrase string) {
	t.Helper()
	args := []string{"-q", "-t", typ, "-N", passphrase, "-C", "sshdtest", "-f", path}
	if typ == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("sshdtest: ssh-keygen %s: %v\n%s", path, err, out)
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// String describes the server for failure messages.
func (s *Server) String() string { return fmt.Sprintf("sshd on %s (%s)", s.Addr(), s.Dir) }

// Log returns what sshd has written to its stderr (-e) so far.
func (s *Server) Log() string { return s.log.String() }
