package statesync_test

import (
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
	"ssh-mosh/term"
	"ssh-mosh/term/display"
)

// TestInteropRealMoshServer applies the real mosh-server 1.4.0's diffs to
// our client-side Complete: the server's application prints a fixed
// random byte stream, and our copy must end up showing what our emulator
// shows when fed that stream directly. This checks Apply and the
// emulator against the reference display diff.
func TestInteropRealMoshServer(t *testing.T) {
	paths := testenv.Need(t, "mosh-server")
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	// Six parts written 200 ms apart, so that mosh-server sends several
	// diffs, each from some older state.
	var all strings.Builder
	var script []string
	for part := range 6 {
		var content strings.Builder
		for range 15 {
			content.WriteString(interopChunk(r, 80, 24))
		}
		if part == 5 {
			content.WriteString("\x1b[0m\x1b[5;1H")
			for y := range 12 {
				content.WriteString(strings.Repeat(string(rune('A'+y))+"中", 3+r.IntN(30)) + "\r\n")
			}
			content.WriteString("\x1b[5;7Hend")
		}
		file := filepath.Join(dir, "part"+strconv.Itoa(part))
		if err := os.WriteFile(file, []byte(content.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		all.WriteString(content.String())
		script = append(script, "cat "+file, "sleep 0.2")
	}
	want := term.New(80, 24)
	want.WriteString(all.String())

	addr, key := startMoshServer(t, paths[0], dir, "stty -opost -echo; "+strings.Join(script, "; ")+"; exec sleep 30")
	conn, err := udp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	user := statesync.NewUserStream()
	user.PushResize(80, 24)
	tr, err := ssp.New(ssp.Config{Key: key, Side: ssp.Client, Remote: addr, Logf: t.Logf},
		statesync.NewUserStream(), statesync.NewComplete(80, 24, statesync.CompleteOptions{}), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tr.SetCurrentState(user)
	converged := func() bool { return display.Equivalent(want.Framebuffer(), tr.RemoteState().Framebuffer()) }
	if !runClient(t, tr, conn, 15*time.Second, converged, nil) {
		got := tr.RemoteState().Framebuffer()
		t.Fatalf("our copy of mosh-server's screen differs: %s\nwant:\n%s\ngot:\n%s",
			display.Difference(want.Framebuffer(), got), want.Framebuffer(), got)
	}
	t.Logf("echo ack %d; screen:\n%s", tr.RemoteState().EchoAck(), tr.RemoteState().Framebuffer())
}

// startMoshServer runs "mosh-server new -s" with command as the shell
// command, run in dir, and returns its address and key. The detached
// server is killed by pid when the test ends.
func startMoshServer(t *testing.T, path, dir, command string) (netip.AddrPort, crypto.Key) {
	t.Helper()
	s := moshtest.StartServer(t, path, moshtest.ServerOptions{
		Args:    []string{"-s"},
		Command: []string{"/bin/sh", "-c", "cd '" + dir + "' && " + command},
		Env:     []string{"MOSH_SERVER_NETWORK_TMOUT=30"},
	})
	return s.Addr, s.Key
}
