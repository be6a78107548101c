package sshdtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
)

// TestShadowHash logs in to a ShadowHash sshd with OpenSSH's own client
// (the password handed over by SSH_ASKPASS), checks that a wrong password
// is refused, that the machine's /etc/shadow is untouched and never shows
// the hash outside sshd's namespace, and that the namespace is gone once
// sshd is stopped.
func TestShadowHash(t *testing.T) {
	paths := testenv.Need(t, "sshd", "ssh", "ssh-keygen")
	if os.Getuid() != 0 {
		t.Skip(notRoot)
	}
	before, err := os.ReadFile(shadowPath)
	if err != nil {
		t.Fatal(err)
	}
	s := Start(t, paths[0], Options{ShadowHash: PasswordHash})
	pid := s.cmd.Process.Pid
	ns := mountNS(pid)
	if ns == "" || ns == mountNS(os.Getpid()) {
		t.Fatalf("sshd's mount namespace %q is the test's own", ns)
	}
	inside, err := os.ReadFile(fmt.Sprintf("/proc/%d/root%s", pid, shadowPath))
	if err != nil || !strings.Contains(string(inside), PasswordHash) {
		t.Errorf("sshd's %s lacks the hash (err %v)", shadowPath, err)
	}
	dir := t.TempDir()
	known := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(known, []byte(s.KnownHostsLine(t, "[127.0.0.1]:*", "ed25519")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		password string
		ok       bool
	}{
		{Password, true},
		{"wrong " + Password, false},
	} {
		out, err := sshWithPassword(t, paths[1], s, known, tt.password)
		if tt.ok != (err == nil) {
			t.Errorf("password %q: err %v, want ok %v\n%s\nsshd:\n%s", tt.password, err, tt.ok, out, s.Log())
		}
		if tt.ok && strings.TrimSpace(out) != "in" {
			t.Errorf("password %q: output %q", tt.password, out)
		}
	}
	if !strings.Contains(s.Log(), "Accepted password for ") {
		t.Errorf("sshd did not log a password login:\n%s", s.Log())
	}
	s.Stop()
	for i := 0; nsInUse(ns); i++ {
		if i == 250 {
			t.Fatalf("mount namespace %s still has processes 5 s after sshd stopped", ns)
		}
		time.Sleep(20 * time.Millisecond)
	}
	after, err := os.ReadFile(shadowPath)
	if err != nil || string(after) != string(before) {
		t.Errorf("the machine's %s changed (err %v)", shadowPath, err)
	}
}

// sshWithPassword runs `ssh ... echo in` against s, password
// authentication only, with SSH_ASKPASS answering password.
func sshWithPassword(t *testing.T, ssh string, s *Server, known, password string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	askpass := filepath.Join(dir, "askpass")
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(askpass, []byte("#!/bin/sh\ncat "+pwFile+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, ssh, "-F", "none", "-p", fmt.Sprint(s.Port),
		"-o", "UserKnownHostsFile="+known, "-o", "StrictHostKeyChecking=yes",
		"-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no",
		"-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=10",
		"127.0.0.1", "echo in")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "SSH_ASKPASS=" + askpass,
		"SSH_ASKPASS_REQUIRE=force", "DISPLAY=none"}
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mountNS is the mount namespace of pid ("mnt:[inode]"), or "".
func mountNS(pid int) string {
	ns, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/mnt", pid)) // best effort: "" when gone
	return ns
}

// nsInUse reports whether any process is in mount namespace ns.
func nsInUse(ns string) bool {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if l, _ := os.Readlink(d + "/ns/mnt"); l == ns {
			return true
		}
	}
	return false
}
