package bootstrap

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ssh-mosh/internal/sshdtest"
	"ssh-mosh/sshconf"
)

func TestLoginMethods(t *testing.T) {
	r := newRig(t)
	enc := filepath.Join(r.dir, "id_enc")
	sshdtest.GenKey(t, enc, "ed25519", "s3cret phrase")
	r.sshd.Authorize(t, enc+".pub", "")
	agentKey := filepath.Join(r.dir, "id_agent")
	sshdtest.GenKey(t, agentKey, "rsa", "")
	r.sshd.Authorize(t, agentKey+".pub", "")
	sock := startAgent(t, r.dir, agentKey)

	tests := []struct {
		name    string
		edit    func(*sshconf.Config)
		answers []string
		env     func(string) (string, bool)
		asked   int
		wantErr bool
	}{
		{name: "identity file"},
		{name: "encrypted key", edit: func(c *sshconf.Config) { c.IdentityFiles = []string{enc} },
			answers: []string{"wrong", "s3cret phrase"}, asked: 2},
		{name: "encrypted key in batch mode", edit: func(c *sshconf.Config) { c.IdentityFiles = []string{enc}; c.BatchMode = true },
			wantErr: true},
		{name: "agent via SSH_AUTH_SOCK", edit: func(c *sshconf.Config) { c.IdentityFiles = nil; c.IdentityAgent = "" },
			env: func(n string) (string, bool) { return sock, n == "SSH_AUTH_SOCK" }},
		{name: "agent via IdentityAgent", edit: func(c *sshconf.Config) { c.IdentityFiles = nil; c.IdentityAgent = sock }},
		{name: "no key", edit: func(c *sshconf.Config) { c.IdentityFiles = nil }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := r.config(t)
			if tt.edit != nil {
				tt.edit(cfg)
			}
			p := &fakePrompt{answers: tt.answers}
			c, err := dial(t, &Dialer{Prompt: p, Env: tt.env}, cfg)
			if tt.wantErr {
				if err == nil {
					t.Fatal("logged in, want failure")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Direct != true || c.RemoteIP.String() != "127.0.0.1" {
				t.Errorf("Direct %v RemoteIP %v", c.Direct, c.RemoteIP)
			}
			if len(p.asked) != tt.asked {
				t.Errorf("asked %q, want %d questions", p.asked, tt.asked)
			}
			if tt.asked > 0 && !strings.Contains(p.asked[0], "Enter passphrase for key '"+enc+"'") {
				t.Errorf("question %q", p.asked[0])
			}
		})
	}
}

func TestHostKeyChecking(t *testing.T) {
	r := newRig(t)
	other := filepath.Join(r.dir, "other_host")
	sshdtest.GenKey(t, other, "ed25519", "")
	otherPub, err := os.ReadFile(other + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(otherPub))
	changed := r.hostPattern() + " " + f[0] + " " + f[1] + "\n"
	rsaOnly := r.sshd.KnownHostsLine(t, r.hostPattern(), "rsa") + "\n"

	tests := []struct {
		name      string
		known     string // initial known_hosts
		strict    string
		answers   []string
		wantErr   bool
		unknown   bool   // want HostKeyError.Unknown
		shown     string // in the notices
		wantAdded bool
	}{
		{name: "known", known: "", strict: "yes"}, // "" = the rig's own line
		{name: "accept-new", known: "-", strict: "accept-new", wantAdded: true},
		{name: "ask yes", known: "-", strict: "ask", answers: []string{"yes"}, wantAdded: true,
			shown: "The authenticity of host '[127.0.0.1]:" + itoa(r.sshd.Port) + " ([127.0.0.1]:" + itoa(r.sshd.Port) + ")' can't be established."},
		{name: "ask no", known: "-", strict: "ask", answers: []string{"no"}, wantErr: true, unknown: true},
		{name: "ask, batch", known: "-", strict: "ask", wantErr: true, unknown: true},
		{name: "strict unknown", known: "-", strict: "yes", wantErr: true, unknown: true},
		{name: "changed", known: changed, strict: "accept-new", wantErr: true,
			shown: "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"},
		{name: "changed, no checking", known: changed, strict: "no", wantErr: true,
			shown: "Host key verification failed."},
		{name: "known by rsa only", known: rsaOnly, strict: "yes"},
		{name: "revoked", known: "@revoked * " + strings.SplitN(r.sshd.KnownHostsLine(t, "x", "ed25519"), " ", 2)[1] + "\n" + rsaOnly[:0] +
			r.sshd.KnownHostsLine(t, r.hostPattern(), "ed25519") + "\n", strict: "yes", wantErr: true, shown: "REVOKED"},
		{name: "hashed", known: "HASHED", strict: "yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := r.config(t)
			cfg.StrictHostKeyChecking = tt.strict
			cfg.UserKnownHostsFiles = []string{filepath.Join(t.TempDir(), "kh")}
			switch tt.known {
			case "":
				writeFile(t, cfg.UserKnownHostsFiles[0], readFile(t, r.knownHosts))
			case "-":
			case "HASHED":
				writeFile(t, cfg.UserKnownHostsFiles[0], readFile(t, r.knownHosts))
				if out, err := execOut("ssh-keygen", "-H", "-f", cfg.UserKnownHostsFiles[0]); err != nil {
					t.Fatalf("ssh-keygen -H: %v\n%s", err, out)
				}
				if strings.Contains(readFile(t, cfg.UserKnownHostsFiles[0]), "127.0.0.1") {
					t.Fatal("not hashed")
				}
			default:
				writeFile(t, cfg.UserKnownHostsFiles[0], tt.known)
			}
			before := readFile(t, cfg.UserKnownHostsFiles[0])
			p := &fakePrompt{answers: tt.answers}
			d := &Dialer{Prompt: p}
			if tt.name == "ask, batch" {
				cfg.BatchMode = true
			}
			_, err := dial(t, d, cfg)
			after := readFile(t, cfg.UserKnownHostsFiles[0])
			if tt.shown != "" && !strings.Contains(p.shown(), tt.shown) {
				t.Errorf("notices %q lack %q", p.shown(), tt.shown)
			}
			if tt.wantErr {
				var hke *HostKeyError
				if !errors.As(err, &hke) {
					t.Fatalf("err = %v, want HostKeyError", err)
				}
				if hke.Unknown != tt.unknown {
					t.Errorf("Unknown = %v, want %v", hke.Unknown, tt.unknown)
				}
				if after != before {
					t.Errorf("known_hosts changed to %q", after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			added := strings.TrimPrefix(after, before)
			if tt.wantAdded != (added != "") || after[:len(before)] != before {
				t.Errorf("known_hosts went from %q to %q", before, after)
			}
			if tt.wantAdded && !strings.HasPrefix(added, r.hostPattern()+" ") {
				t.Errorf("added line %q", added)
			}
		})
	}
}
