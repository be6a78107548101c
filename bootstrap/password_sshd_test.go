package bootstrap

import (
	"context"
	"errors"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/sshdtest"
	"ssh-mosh/internal/testenv"
	"ssh-mosh/sshconf"
)

// TestPasswordRealSSHD logs in to a real OpenSSH sshd by password. The
// test sshd runs without PAM in a private mount namespace whose
// /etc/shadow gives the current user sshdtest.Password (see
// sshdtest.Options.ShadowHash), so the machine's passwords are never
// touched; it needs root and is skipped without it.
//
// Without PAM, OpenSSH's sshd has no keyboard-interactive device to ask
// with: it lists the method, but it asks nothing and fails, so every
// question here must be the password prompt. Keyboard-interactive itself
// is tested against an in-process server (password_test.go).
func TestPasswordRealSSHD(t *testing.T) {
	paths := testenv.Need(t, "sshd", "ssh-keygen")
	sshd := sshdtest.Start(t, paths[0], sshdtest.Options{ShadowHash: sshdtest.PasswordHash})
	known := filepath.Join(t.TempDir(), "known_hosts")
	writeFile(t, known, sshd.KnownHostsLine(t, "[127.0.0.1]:"+itoa(sshd.Port), "ed25519")+"\n")
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	const wrong = "not the password"
	tests := []struct {
		name     string
		answers  []string
		noPrompt bool // the Dialer has no Prompt at all
		batch    bool
		asked    int
		wantErr  string
	}{
		{name: "right password", answers: []string{sshdtest.Password}, asked: 1},
		{name: "wrong, then right", answers: []string{wrong, sshdtest.Password}, asked: 2},
		{name: "wrong three times", answers: []string{wrong, wrong, wrong, sshdtest.Password}, asked: 3,
			wantErr: "Permission denied"},
		// The prompt's io.EOF (Ctrl-D) ends the login at once, and shows
		// in the error as x/crypto/ssh words it: "handshake failed: EOF".
		{name: "user gives up", asked: 1, wantErr: "EOF"},
		{name: "batch mode", answers: []string{sshdtest.Password}, batch: true, wantErr: "Permission denied"},
		{name: "no terminal", noPrompt: true, wantErr: "Permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &sshconf.Config{
				OriginalHost: "pwhost", HostName: "127.0.0.1", Port: sshd.Port, User: me.Username,
				IdentityAgent: "none", ForwardAgent: "no", BatchMode: tt.batch,
				UserKnownHostsFiles: []string{known}, StrictHostKeyChecking: "yes",
				HostKeyAlgorithms: sshconf.DefaultHostKeyAlgorithms,
				ConnectTimeout:    10 * time.Second, AddressFamily: "any",
			}
			p := &fakePrompt{answers: tt.answers}
			d := &Dialer{Prompt: p}
			if tt.noPrompt {
				d.Prompt = nil
			}
			c, err := dial(t, d, cfg)
			for _, q := range p.asked {
				if q != me.Username+"@127.0.0.1's password: " {
					t.Errorf("asked %q, want only the password prompt", q)
				}
			}
			if len(p.asked) != tt.asked {
				t.Errorf("asked %d times, want %d", len(p.asked), tt.asked)
			}
			if tt.wantErr != "" {
				if err == nil {
					t.Fatal("logged in, want a refusal")
				}
				// A refusal is the server's answer, not the 30 s bound
				// of dial running out.
				if errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "bootstrap: "+me.Username+"@pwhost: ") ||
					!strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want bootstrap: %s@pwhost: …%s…", err, me.Username, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\nsshd:\n%s", err, sshd.Log())
			}
			if got := strings.TrimSpace(run(t, c, "id -un")); got != me.Username {
				t.Errorf("logged in as %q, want %q", got, me.Username)
			}
		})
	}
	if n := strings.Count(sshd.Log(), "Accepted password for "+me.Username+" "); n != 2 {
		t.Errorf("sshd accepted %d password logins, want 2:\n%s", n, sshd.Log())
	}
}
