package bootstrap

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
)

// TestExternalSSH runs a fake ssh that logs its argv and answers like a
// server started in remote-IP mode (INTEROP-TESTS.md §9 W3/W5).
func TestExternalSSH(t *testing.T) {
	dir := t.TempDir()
	argvLog := filepath.Join(dir, "argv")
	fake := filepath.Join(dir, "fake-ssh")
	writeFile(t, fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >"+argvLog+"\n"+
		"echo 'Welcome banner'\n"+
		"printf '\\nMOSH SSH_CONNECTION 10.1.1.1 40000 10.2.2.2 22\\n'\n"+
		"printf 'MOSH CONNECT 60999 Kg7FWQtRCKISAezn6GPALA   \\r\\n'\n")
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	e := ExternalSSH{Command: []string{fake, "-F", "cfg"}, Args: []string{"-p", "2222"}, Destination: "user@example.invalid"}
	var echo strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := ServerCommand{Colors: 256, Ports: "60001:60010", Locale: []string{"LANG=C.UTF-8", "LC_ALL="}, Command: []string{"ls", "-l", "a b"}}
	s, err := e.StartServer(ctx, cmd, "", "example.invalid", &echo)
	if err != nil {
		t.Fatal(err)
	}
	if s.IP != "10.2.2.2" || s.Port != 60999 || s.Key != "Kg7FWQtRCKISAezn6GPALA" {
		t.Errorf("session %+v", s)
	}
	if !strings.Contains(echo.String(), "Welcome banner") {
		t.Errorf("echo %q", echo.String())
	}
	want := []string{"-F", "cfg", "-p", "2222", "-n", "-tt", "user@example.invalid", "--",
		remoteIPPrefix + `mosh-server 'new' '-c' '256' '-s' '-p' '60001:60010' '-l' 'LANG=C.UTF-8' '-l' 'LC_ALL=' '--' 'ls' '-l' 'a b'`}
	got := strings.Split(strings.TrimSuffix(readFile(t, argvLog), "\n"), "\n")
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("ssh argv\n got %q\nwant %q", got, want)
	}

	// A failing ssh (exit 255, no answer) is an SSH error, not a server one.
	writeFile(t, fake, "#!/bin/sh\necho 'ssh: connect to host x port 22: Connection refused' >&2\nexit 255\n")
	_, err = e.StartServer(ctx, cmd, "", "example.invalid", nil)
	if err == nil || !strings.Contains(err.Error(), "status 255") {
		t.Errorf("err = %v", err)
	}
}

// TestLocalServer starts the real mosh-server with no SSH, as --local does.
func TestLocalServer(t *testing.T) {
	paths := testenv.Need(t, "mosh-server")
	dir := t.TempDir()
	errFile := filepath.Join(dir, "server.err")
	server := "sh -c 'exec " + paths[0] + " \"$@\" 2>>" + errFile + "' mosh-server"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := LocalServer{Server: server, Dir: dir}.StartServer(ctx,
		ServerCommand{Colors: 256, Locale: []string{"LANG=C.UTF-8"}, Command: []string{"sh", "-c", "exit 0"}}, nil)
	t.Cleanup(func() {
		b, _ := os.ReadFile(errFile) // best effort
		if m := regexp.MustCompile(`detached, pid = (\d+)`).FindSubmatch(b); m != nil {
			if pid, _ := strconv.Atoi(string(m[1])); pid > 1 {
				syscall.Kill(pid, syscall.SIGTERM) // best effort
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.IP != "127.0.0.1" || s.Port == 0 || len(s.Key) != 22 {
		t.Errorf("session %+v", s)
	}
}
