package sshconf

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ssh-mosh/internal/testenv"
)

// oracleKeys are the `ssh -G` keywords Config holds.
var oracleKeys = wordSet(`user hostname port addressfamily batchmode
controlmaster identitiesonly requesttty stricthostkeychecking
connectionattempts serveralivecountmax serveraliveinterval bindaddress
controlpath hostkeyalias identityagent loglevel identityfile certificatefile
globalknownhostsfile userknownhostsfile sendenv setenv forwardagent
connecttimeout proxyjump proxycommand hostkeyalgorithms`)

// oracleEnv is the environment both ssh and Resolve see.
func oracleEnv(home string) map[string]string {
	return map[string]string{"HOME": home, "SHELL": "/bin/sh", "PATH": os.Getenv("PATH"),
		"H4VAR": "/var/h4", "SSH_AUTH_SOCK": "/tmp/agent.sock"}
}

// TestOracle resolves every host asked in testdata/oracle/*.conf (lines
// "# ask: [ssh flags] destination") and compares with `ssh -G -F file`.
func TestOracle(t *testing.T) {
	paths := testenv.Need(t, "ssh")
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	local, _ := os.Hostname()
	home := t.TempDir()
	if err := os.CopyFS(filepath.Join(home, ".ssh"), os.DirFS("testdata/oracle/home/.ssh")); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/oracle/*.conf")
	if len(files) < 40 {
		t.Errorf("corpus has %d configs, want at least 40", len(files))
	}
	env := oracleEnv(home)
	asked := 0
	for _, file := range files {
		for _, ask := range askLines(t, file) {
			asked++
			args, _ := splitWords(ask)
			name := filepath.Base(file) + "/" + ask
			t.Run(name, func(t *testing.T) { compareWithSSH(t, paths[0], file, args, env, u, local) })
		}
	}
	t.Logf("%d configs, %d hosts asked", len(files), asked)
}

// TestOracleDefaultFiles compares without -F: the user's ~/.ssh/config
// (from the password file's home, as ssh) and /etc/ssh/ssh_config.
func TestOracleDefaultFiles(t *testing.T) {
	paths := testenv.Need(t, "ssh")
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	local, _ := os.Hostname()
	env := oracleEnv(t.TempDir())
	for _, ask := range []string{"example.com", "-l bob -p 2 foo", "ssh://x@y:3", "-A -4 -o SendEnv=EXTRA h"} {
		args, _ := splitWords(ask)
		t.Run(ask, func(t *testing.T) { compareWithSSH(t, paths[0], "", args, env, u, local) })
	}
}

// compareWithSSH resolves args (with -F file unless file is "") and
// compares every oracle key with ssh -G.
func compareWithSSH(t *testing.T, ssh, file string, args []string, env map[string]string, u *user.User, local string) {
	want, wantErr := runSSHG(ssh, file, args, env)
	flags, host, _, err := ParseSSHArgs(args)
	if err != nil {
		t.Fatalf("ParseSSHArgs: %v", err)
	}
	flags.ConfigFile = file
	opts := Options{Host: host, Flags: flags, LocalUser: u.Username, HomeDir: u.HomeDir,
		UserConfig: filepath.Join(u.HomeDir, ".ssh", "config"), SystemConfig: "/etc/ssh/ssh_config",
		UID: os.Getuid(), LocalHost: local,
		Env:    func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Open:   func(n string) (io.ReadCloser, error) { return os.Open(n) },
		Glob:   filepath.Glob,
		Exists: func(n string) bool { _, err := os.Stat(n); return err == nil },
		Exec: func(cmd string) bool {
			c := exec.Command("/bin/sh", "-c", cmd)
			c.Env = envList(env)
			return c.Run() == nil
		},
	}
	cfg, err := Resolve(opts)
	if wantErr != "" || err != nil {
		if wantErr == "" || err == nil {
			t.Fatalf("ssh error %q, ours %v", wantErr, err)
		}
		return
	}
	got := byKey(cfg.Lines())
	want = expandLater(t, want, opts)
	if slices.Equal(want["connecttimeout"], []string{"0"}) {
		// ConnectTimeout 0 and unset both mean no timeout; Config
		// cannot tell them apart.
		want["connecttimeout"] = []string{"none"}
	}
	for k := range oracleKeys {
		if !slices.Equal(got[k], want[k]) {
			t.Errorf("%s: ours %q, ssh -G %q", k, got[k], want[k])
		}
	}
}

// askLines reads the "# ask:" lines of a corpus file.
func askLines(t *testing.T, file string) []string {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "# ask:"); ok {
			out = append(out, strings.TrimSpace(a))
		}
	}
	if len(out) == 0 {
		t.Errorf("%s: no # ask: line", file)
	}
	return out
}

// runSSHG runs ssh -G and returns its keyword lines for oracleKeys, or
// its error output when it fails.
func runSSHG(ssh, file string, args []string, env map[string]string) (map[string][]string, string) {
	pre := []string{"-G"}
	if file != "" {
		pre = append(pre, "-F", file)
	}
	cmd := exec.Command(ssh, append(pre, args...)...)
	cmd.Env = envList(env)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, strings.TrimSpace(stderr.String()) + " " + err.Error()
	}
	return byKey(strings.Split(strings.TrimRight(string(out), "\n"), "\n")), ""
}

// byKey groups "keyword value" lines of oracleKeys by keyword.
func byKey(lines []string) map[string][]string {
	m := map[string][]string{}
	for _, l := range lines {
		k, v, _ := strings.Cut(l, " ")
		if oracleKeys[k] {
			m[k] = append(m[k], v)
		}
	}
	return m
}

// expandLater expands, with the values ssh -G printed, the keywords whose
// tokens ssh expands only when it uses them.
func expandLater(t *testing.T, m map[string][]string, o Options) map[string][]string {
	first := func(k string) string {
		if len(m[k]) > 0 {
			return m[k][0]
		}
		return ""
	}
	tk := o.baseTokens()
	tk['h'], tk['n'], tk['p'], tk['r'] = first("hostname"), "", first("port"), first("user")
	tk['n'] = o.Host
	if _, h, _, err := splitDestination(o.Host); err == nil {
		tk['n'] = h
	}
	tk['k'] = tk['n']
	if a := first("hostkeyalias"); a != "" {
		tk['k'] = a
	}
	tk['C'] = connectionHash(o.LocalHost, tk['h'], atoiOr(first("port")), tk['r'])
	for _, k := range []string{"identityfile", "certificatefile"} {
		for i, v := range m[k] {
			p, err := tilde(v, o.HomeDir, nil)
			if err == nil {
				p, err = tk.expand(p, tokensPaths, o.Env)
			}
			if err != nil {
				t.Fatalf("expanding ssh's %s %q: %v", k, v, err)
			}
			m[k][i] = p
		}
	}
	for i, v := range m["proxycommand"] {
		p, err := tk.expand(v, tokensProxy, nil)
		if err != nil {
			t.Fatalf("expanding ssh's proxycommand %q: %v", v, err)
		}
		m["proxycommand"][i] = p
	}
	return m
}

// atoiOr parses a number, 0 when it is not one.
func atoiOr(s string) int {
	n, _ := parseCount(s)
	return n
}

// envList turns an environment map into KEY=VALUE strings.
func envList(env map[string]string) []string {
	var out []string
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}
