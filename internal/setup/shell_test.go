package setup

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"ssh-mosh/internal/testenv"
)

// sshConfig marks one host for mosh and leaves another plain.
const sshConfig = "Host moshhost\n    Mosh yes\nHost plainhost\n    Mosh no\n"

// TestShellFunctions installs the functions on a fresh HOME, then drives
// bash, zsh and fish with stub ssh and ssh-mosh programs that record their
// argv. --should-mosh is answered by the real ssh-mosh binary.
func TestShellFunctions(t *testing.T) {
	testenv.Need(t, "go")
	paths := testenv.Need(t, "bash", "zsh", "fish", "ssh")
	home := t.TempDir()
	bin := filepath.Join(t.TempDir(), "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "ssh-mosh-real"), "ssh-mosh/cmd/ssh-mosh")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	log := filepath.Join(home, "argv.log")
	record := "for a in \"$@\"; do printf ' [%s]' \"$a\" >> " + log + "; done; echo >> " + log + "\n"
	stubs := map[string]string{
		"ssh": "#!/bin/sh\nprintf ssh >> " + log + "\n" + record,
		// ssh resolves ~/.ssh/config from the password file, not $HOME:
		// point the real decision logic at the test's file with -F.
		"ssh-mosh": "#!/bin/sh\nif [ \"$1\" = --should-mosh ]; then shift; exec " + filepath.Join(bin, "ssh-mosh-real") +
			" --should-mosh -F " + filepath.Join(home, ".ssh", "config") + " \"$@\"; fi\nprintf ssh-mosh >> " + log + "\n" + record,
	}
	for name, body := range stubs {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(home, ".ssh"), 0o700)
	os.WriteFile(filepath.Join(home, ".ssh", "config"), []byte(sshConfig), 0o600)
	config := filepath.Join(home, ".ssh", "config")
	if err := exec.Command(paths[3], "-G", "-F", config, "moshhost").Run(); err == nil {
		t.Fatal("OpenSSH accepted the Mosh keyword without IgnoreUnknown")
	}
	if _, err := Run(Options{Home: home, HaveShell: func(string) bool { return true }}); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(paths[3], "-G", "-F", config, "moshhost").CombinedOutput(); err != nil {
		t.Fatalf("OpenSSH rejects the config after setup: %v\n%s", err, out)
	}
	cfg, _ := os.ReadFile(filepath.Join(home, ".ssh", "config"))
	if !strings.HasPrefix(string(cfg), ignoreComment) {
		t.Fatalf("config not set up: %q", cfg)
	}

	cases := []struct{ cmd, want string }{
		{"ssh moshhost", "ssh-mosh [moshhost]"},
		{"ssh plainhost", "ssh [plainhost]"},
		{"ssh moshhost ls", "ssh [moshhost] [ls]"},
		{"ssh -N moshhost", "ssh [-N] [moshhost]"},
		{"ssh moshhost 'a b' \"\"", "ssh [moshhost] [a b] []"},
		{"ssh -p 2222 moshhost", "ssh-mosh [-p] [2222] [moshhost]"},
		{"ssh moshhost </dev/null", "ssh [moshhost]"},
		{"ssh -s moshhost sftp", "ssh [-s] [moshhost] [sftp]"},
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZDOTDIR=") && !strings.HasPrefix(kv, "BASH_ENV=") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "PATH="+bin+":"+os.Getenv("PATH"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "TERM=dumb")
	shells := map[string][]string{
		"bash": {paths[0], "-i", "-c"},
		"zsh":  {paths[1], "-i", "-c"},
		"fish": {paths[2], "-c"},
	}
	for name, argv := range shells {
		for _, c := range cases {
			t.Run(name+"/"+c.cmd, func(t *testing.T) {
				os.Remove(log)
				runInPTY(t, env, append(argv, c.cmd))
				got, _ := os.ReadFile(log)
				if strings.TrimSpace(string(got)) != c.want {
					t.Errorf("%s -c %q: recorded %q, want %q", name, c.cmd, got, c.want)
				}
			})
		}
	}
}

// runInPTY runs argv with a pseudo-terminal as stdin, stdout and stderr,
// so that the function's terminal check passes, and waits up to 20 s.
func runInPTY(t *testing.T, env, argv []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	done := make(chan struct{})
	go func() {
		io.Copy(&out, ptmx) // best effort: ends with EIO when the shell exits
		close(done)
	}()
	err = cmd.Wait()
	ptmx.Close()
	<-done
	if err != nil {
		t.Logf("%q: %v\n%s", argv, err, out.String())
	}
}
