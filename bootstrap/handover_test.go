package bootstrap

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHandOverBeforeSessionEnds: StartServer returns at the connect line
// while the remote command is still running, and Session.Wait then gives
// the status of its end or 0 at the detach message. The remote command
// also shows that the pty, its size and TERM arrive although pty-req no
// longer waits for its reply.
func TestHandOverBeforeSessionEnds(t *testing.T) {
	r := newRig(t)
	c, err := dial(t, &Dialer{}, r.config(t))
	if err != nil {
		t.Fatal(err)
	}
	const detach = `printf '\r\n[mosh-server detached, pid = 1]\r\n'; `
	tests := []struct {
		name   string
		after  string // printed after the connect line
		gate   bool   // the test lets the remote command end
		status int
	}{
		// Exit 7 once the gate exists; 9 if it never appears, which is
		// what happens if StartServer waits for the end itself.
		{name: "ends", gate: true, status: 7},
		{name: "detaches", after: detach, status: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gate := filepath.Join(t.TempDir(), "gate")
			remote := "echo term=$TERM size=$(stty size); printf '\\r\\nMOSH CONNECT 60123 AAAAAAAAAAAAAAAAAAAAAA\\r\\n'; " + tt.after +
				"i=0; while [ ! -e " + gate + " ]; do i=$((i+1)); [ $i -gt 400 ] && exit 9; sleep 0.05; done; exit 7; :"
			var echo strings.Builder
			s, err := start(t, c, StartOptions{Command: ServerCommand{Server: remote},
				Term: "xterm-256color", Width: 100, Height: 40, Echo: &echo})
			if err != nil {
				t.Fatal(err)
			}
			if s.Port != 60123 || s.IP != "127.0.0.1" {
				t.Errorf("session %+v", s)
			}
			if !strings.Contains(echo.String(), "term=xterm-256color size=40 100") {
				t.Errorf("remote printed %q, want its TERM and a 40x100 pty", echo.String())
			}
			if tt.gate {
				writeFile(t, gate, "")
			}
			if got := s.Wait(); got != tt.status {
				t.Errorf("Wait() = %d, want %d", got, tt.status)
			}
			if got := s.Wait(); got != tt.status {
				t.Errorf("second Wait() = %d, want %d", got, tt.status)
			}
		})
	}
}

// BenchmarkLoginAndStart measures a whole native bootstrap against the
// test sshd: TCP, key exchange, public key login, the session requests
// and a server that answers at once, until the hand-over (and then the
// session's wind-down, outside the clock). The remote shell skips its rc
// files (sshdtest), so this is the part our code and sshd decide.
func BenchmarkLoginAndStart(b *testing.B) {
	r := newRig(b)
	cfg := r.config(b)
	cmd := ServerCommand{Server: fakeServer(":")}
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		c, err := (&Dialer{Env: noEnv}).Dial(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		s, err := c.StartServer(ctx, StartOptions{Command: cmd})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Wait()
		c.Close()
		cancel()
		b.StartTimer()
	}
}
