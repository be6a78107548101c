package bench

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
	"time"

	"ssh-mosh/internal/tmux"
)

// sshHarness is a private OpenSSH sshd on 127.0.0.1 for the bootstrap
// figure, with a client key and two ssh_config files naming it "bench-host":
// a plain one for OpenSSH's ssh (used by the mosh wrapper) and one that also
// sets Mosh* keywords for ssh-mosh.
type sshHarness struct {
	cmd    *exec.Cmd
	log    bytes.Buffer
	port   int
	config string // ssh_config naming sshHost
	dir    string
}

// sshHost is the host name the ssh_config files define.
const sshHost = "bench-host"

// startSSHD sets up and starts sshd, waiting (bounded) until it listens.
func startSSHD(dir, sshd string, pids *pidLog) (*sshHarness, error) {
	h := &sshHarness{dir: dir}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	hostKey, userKey := filepath.Join(dir, "host_key"), filepath.Join(dir, "user_key")
	for _, k := range []string{hostKey, userKey} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("bench: ssh-keygen: %v: %s", err, out)
		}
	}
	pub, err := os.ReadFile(userKey + ".pub")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	hostPub, err := os.ReadFile(hostKey + ".pub")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	auth := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(auth, pub, 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	h.port = l.Addr().(*net.TCPAddr).Port
	l.Close() // free it for sshd
	sshdConf := strings.Join([]string{
		"ListenAddress 127.0.0.1:" + strconv.Itoa(h.port),
		"HostKey " + hostKey,
		"AuthorizedKeysFile " + auth,
		"PidFile none", "UsePAM no", "StrictModes no", "PermitRootLogin yes",
		"PasswordAuthentication no", "KbdInteractiveAuthentication no", "PrintMotd no",
		// bash run by sshd reads ~/.bashrc unless it starts below shell
		// level 2: skipping it keeps this machine's rc files (which can
		// cost more than both bootstraps together) out of the figure, as
		// internal/sshdtest does for the tests. Both pairs gain alike.
		"SetEnv SHLVL=1",
		"AcceptEnv LANG LC_*",
	}, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "sshd_config"), []byte(sshdConf), 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	knownHosts := filepath.Join(dir, "known_hosts")
	kh := fmt.Sprintf("[127.0.0.1]:%d %s", h.port, hostPub)
	if err := os.WriteFile(knownHosts, []byte(kh), 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	h.config = filepath.Join(dir, "ssh_config")
	sshConf := strings.Join([]string{
		"Host " + sshHost,
		"  HostName 127.0.0.1",
		"  Port " + strconv.Itoa(h.port),
		"  User " + currentUser(),
		"  IdentityFile " + userKey,
		"  IdentitiesOnly yes",
		"  UserKnownHostsFile " + knownHosts,
		"  StrictHostKeyChecking yes",
		"  BatchMode yes",
	}, "\n") + "\n"
	if err := os.WriteFile(h.config, []byte(sshConf), 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	os.MkdirAll("/run/sshd", 0o755) // best effort: sshd's privilege-separation directory
	h.cmd = exec.Command(sshd, "-D", "-e", "-f", filepath.Join(dir, "sshd_config"))
	h.cmd.Stderr = &h.log
	h.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := h.cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: sshd: %w", err)
	}
	pids.add(h.cmd.Process.Pid)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(h.port), time.Second)
		if err == nil {
			c.Close()
			return h, nil
		}
		if time.Now().After(deadline) {
			h.stop()
			return nil, fmt.Errorf("bench: sshd did not listen: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// SSHTarget is what a Pair's SSH command needs to reach the benchmark's
// private sshd.
type SSHTarget struct {
	// Host is the name the ssh_config defines ("bench-host").
	Host string
	// Config is an ssh_config file for OpenSSH's ssh (ssh -F Config).
	Config string
	dir    string
}

// MoshConfig writes an ssh_config that adds "IgnoreUnknown Mosh*" and
// "MoshServer server" to Config, for ssh-mosh, and returns its path.
func (t SSHTarget) MoshConfig(server string) (string, error) {
	path := filepath.Join(t.dir, "ssh_config_mosh")
	plain, err := os.ReadFile(t.Config)
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	text := "IgnoreUnknown Mosh*\n" + string(plain) + "  MoshServer " + server + "\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	return path, nil
}

// stop ends sshd by its pid and waits for it.
func (h *sshHarness) stop() {
	h.cmd.Process.Signal(syscall.SIGTERM) // best effort
	done := make(chan struct{})
	go func() { h.cmd.Wait(); close(done) }() // best effort
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		h.cmd.Process.Kill() // best effort: our own child
		<-done
	}
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if os.Getuid() == 0 {
		return "root"
	}
	return strconv.Itoa(os.Getuid())
}

// sshConnect measures `mosh bench-host` (or the pair's SSH command) from
// start to the bare prompt, SSH bootstrap included. A marker in the remote
// command lets it find, and end by pid, the server the wrapper detached.
func (b *runner) sshConnect(p Pair, h *sshHarness) {
	const figure = "connect over SSH → prompt (bootstrap included)"
	if p.SSH == nil {
		return
	}
	b.n++
	dir := filepath.Join(b.o.Dir, fmt.Sprintf("s%03d", b.n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.res.timeout(figure, "ms", p.Name)
		return
	}
	marker := fmt.Sprintf("MOSHBENCH_MARK=%d-%d", os.Getpid(), b.n)
	remote := append([]string{"env", marker}, shellArgs[1:]...)
	args, err := p.SSH(SSHTarget{Host: sshHost, Config: h.config, dir: h.dir}, remote)
	if err != nil {
		b.o.Logf("%s ssh: %v", p.Name, err)
		b.res.timeout(figure, "ms", p.Name)
		return
	}
	// As for the connect figure, the pane and its control client are up
	// before the clock starts; the command is respawned into the pane.
	pane, err := tmux.Start(tmux.Options{Dir: dir, Width: 80, Height: 24, Command: []string{"cat"}})
	if err != nil {
		b.res.timeout(figure, "ms", p.Name)
		return
	}
	s := &session{pair: p, pane: pane, pids: b.pids}
	defer func() {
		s.close()
		for _, pid := range pidsWithMarker(marker) {
			b.pids.add(pid)
			endProcess(pid, 3*time.Second)
		}
	}()
	if s.ctl, err = attachControl(dir); err != nil {
		b.res.timeout(figure, "ms", p.Name)
		return
	}
	t0 := time.Now()
	if err := s.ctl.respawn([]string{"LANG=C.UTF-8", "LC_ALL=", "TERM=xterm-256color"}, args); err != nil {
		b.o.Logf("%s ssh: %v", p.Name, err)
		b.res.timeout(figure, "ms", p.Name)
		return
	}
	if pid, err := pane.PID(); err == nil {
		b.pids.add(pid)
	}
	if rows, err := s.waitScreen(promptTimeout, promptShown); err != nil {
		b.o.Logf("%s ssh: no prompt; screen %q", p.Name, strings.TrimSpace(strings.Join(rows, "\n")))
		b.res.timeout(figure, "ms", p.Name)
		return
	}
	b.res.add(figure, "ms", p.Name, float64(time.Since(t0).Microseconds())/1000)
}

// pidsWithMarker lists the processes whose command line contains marker,
// a string unique to one scenario of this benchmark.
func pidsWithMarker(marker string) []int {
	entries, _ := os.ReadDir("/proc") // best effort
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmdline, []byte(marker)) {
			pids = append(pids, pid)
		}
	}
	return pids
}
