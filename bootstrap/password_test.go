package bootstrap

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"ssh-mosh/sshconf"
)

// Password logins against the real OpenSSH sshd are in
// password_sshd_test.go. OpenSSH without PAM asks no keyboard-interactive
// questions, so that method, and the corner cases of both (several prompts,
// echo flags), are tested here against an in-process x/crypto/ssh server on
// loopback.

// serveOnce accepts connections on l and completes handshakes with cfg
// until l is closed.
func serveOnce(t *testing.T, l net.Listener, cfg *ssh.ServerConfig) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			sc, chans, reqs, err := ssh.NewServerConn(c, cfg)
			if err != nil {
				c.Close()
				return
			}
			go ssh.DiscardRequests(reqs)
			go func() {
				for ch := range chans {
					ch.Reject(ssh.Prohibited, "no channels here")
				}
			}()
			sc.Wait() // best effort
		}()
	}
}

func TestPasswordAndKeyboardInteractive(t *testing.T) {
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hostSigner, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		server  func(*ssh.ServerConfig)
		answers []string
		batch   bool
		wantErr bool
		asked   string
	}{
		{name: "password", server: func(c *ssh.ServerConfig) {
			c.PasswordCallback = func(_ ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
				if string(pw) == "hunter2" {
					return nil, nil
				}
				return nil, errWrong
			}
		}, answers: []string{"wrong", "hunter2"}, asked: "@127.0.0.1's password: "},
		{name: "password, batch mode", server: func(c *ssh.ServerConfig) {
			c.PasswordCallback = func(ssh.ConnMetadata, []byte) (*ssh.Permissions, error) { return nil, nil }
		}, batch: true, wantErr: true},
		{name: "keyboard-interactive", server: func(c *ssh.ServerConfig) {
			c.KeyboardInteractiveCallback = func(_ ssh.ConnMetadata, ch ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
				a, err := ch("", "Two questions", []string{"Code: ", "Password: "}, []bool{true, false})
				if err != nil || len(a) != 2 || a[0] != "123" || a[1] != "pw" {
					return nil, errWrong
				}
				return nil, nil
			}
		}, answers: []string{"123", "pw"}, asked: "Code: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &ssh.ServerConfig{}
			sc.AddHostKey(hostSigner)
			tt.server(sc)
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			go serveOnce(t, l, sc)
			port := l.Addr().(*net.TCPAddr).Port
			kh := filepath.Join(t.TempDir(), "known_hosts")
			writeFile(t, kh, knownhosts.Line([]string{knownhosts.Normalize(l.Addr().String())}, hostSigner.PublicKey())+"\n")
			u, _ := user.Current()
			cfg := &sshconf.Config{OriginalHost: "inproc", HostName: "127.0.0.1", Port: port, User: u.Username,
				IdentityAgent: "none", UserKnownHostsFiles: []string{kh}, StrictHostKeyChecking: "yes", BatchMode: tt.batch}
			p := &fakePrompt{answers: tt.answers}
			_, err = dial(t, &Dialer{Prompt: p}, cfg)
			if tt.wantErr {
				if err == nil {
					t.Fatal("logged in")
				}
				return
			}
			if err != nil {
				t.Fatalf("%v (asked %q)", err, p.asked)
			}
			if len(p.asked) == 0 || !strings.HasSuffix(p.asked[0], tt.asked) {
				t.Errorf("asked %q, want %q first", p.asked, tt.asked)
			}
		})
	}
}

// errWrong is the in-process server's refusal.
var errWrong = errors.New("wrong answer")
