package bootstrap

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"ssh-mosh/sshconf"
)

// authState holds what the authentication methods of one login share.
type authState struct {
	cfg    *sshconf.Config
	ask    asker
	logf   func(string, ...any)
	env    func(string) (string, bool)
	agent  agent.ExtendedAgent // nil without an agent
	closer func()
}

// agentSocket returns the agent socket path for cfg: IdentityAgent when it
// names a path, else $SSH_AUTH_SOCK; "" for none.
func agentSocket(cfg *sshconf.Config, env func(string) (string, bool)) string {
	switch ia := cfg.IdentityAgent; ia {
	case "none":
		return ""
	case "", "SSH_AUTH_SOCK":
		s, _ := env("SSH_AUTH_SOCK")
		return s
	default:
		if name, ok := strings.CutPrefix(ia, "$"); ok {
			s, _ := env(name)
			return s
		}
		return ia
	}
}

// openAgent connects to the agent, if there is one.
func (s *authState) openAgent() {
	path := agentSocket(s.cfg, s.env)
	if path == "" {
		return
	}
	c, err := net.Dial("unix", path)
	if err != nil {
		s.logf("bootstrap: agent %s: %v", path, err)
		return
	}
	s.agent = agent.NewClient(c)
	s.closer = func() { c.Close() } // best effort
}

// methods returns the authentication methods in OpenSSH's order:
// public keys (agent, then identity files and their certificates),
// keyboard-interactive, password.
func (s *authState) methods() []ssh.AuthMethod {
	m := []ssh.AuthMethod{ssh.PublicKeysCallback(s.signers)}
	if s.ask.can() {
		m = append(m,
			ssh.RetryableAuthMethod(ssh.KeyboardInteractive(s.keyboard), 3),
			ssh.RetryableAuthMethod(ssh.PasswordCallback(s.password), 3))
	}
	return m
}

// signers lists the keys to offer: the agent's first, then each identity
// file (encrypted ones ask their passphrase only when the server accepts
// the public key), each followed by its certificates.
func (s *authState) signers() ([]ssh.Signer, error) {
	var files []ssh.Signer
	for _, path := range s.cfg.IdentityFiles {
		sg, err := s.loadIdentity(path)
		if err != nil {
			s.logf("%v", err)
			continue
		}
		if sg == nil {
			continue
		}
		files = append(files, s.withCerts(path, sg)...)
	}
	var out []ssh.Signer
	if s.agent != nil {
		ag, err := s.agent.Signers()
		if err != nil {
			s.logf("bootstrap: agent: %v", err)
		}
		for _, sg := range ag {
			if s.cfg.IdentitiesOnly && !matchesAny(sg.PublicKey(), files) {
				continue
			}
			out = append(out, sg)
		}
	}
	out = append(out, files...)
	s.logf("bootstrap: offering %d public keys", len(out))
	return out, nil
}

// matchesAny reports whether key is the public key of one of signers.
func matchesAny(key ssh.PublicKey, signers []ssh.Signer) bool {
	for _, s := range signers {
		pk := s.PublicKey()
		if c, ok := pk.(*ssh.Certificate); ok {
			pk = c.Key
		}
		if bytes.Equal(pk.Marshal(), key.Marshal()) {
			return true
		}
	}
	return false
}

// loadIdentity reads one private key file. A missing file is skipped
// silently (OpenSSH's default list names files that rarely all exist).
func (s *authState) loadIdentity(path string) (ssh.Signer, error) {
	pem, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bootstrap: identity %s: %w", path, err)
	}
	sg, err := ssh.ParsePrivateKey(pem)
	if err == nil {
		return sg, nil
	}
	var missing *ssh.PassphraseMissingError
	if !errors.As(err, &missing) {
		return nil, fmt.Errorf("bootstrap: identity %s: %w", path, err)
	}
	pub := missing.PublicKey
	if pub == nil {
		if pub, err = readPublicKey(path + ".pub"); err != nil {
			return nil, fmt.Errorf("bootstrap: identity %s is encrypted and has no public key: %w", path, err)
		}
	}
	if !s.ask.can() {
		s.logf("bootstrap: skipping encrypted identity %s: cannot ask its passphrase", path)
		return nil, nil
	}
	return &lockedSigner{path: path, pem: pem, pub: pub, ask: s.ask}, nil
}

// readPublicKey reads an authorized_keys style public key file.
func readPublicKey(path string) (ssh.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey(b)
	return k, err
}

// withCerts returns sg preceded by a certificate signer for each
// CertificateFile and for PATH-cert.pub beside the key, when they match.
func (s *authState) withCerts(path string, sg ssh.Signer) []ssh.Signer {
	var out []ssh.Signer
	for _, cf := range append(append([]string{}, s.cfg.CertificateFiles...), path+"-cert.pub") {
		pk, err := readPublicKey(cf)
		if err != nil {
			continue
		}
		cert, ok := pk.(*ssh.Certificate)
		if !ok || !bytes.Equal(cert.Key.Marshal(), sg.PublicKey().Marshal()) {
			continue
		}
		cs, err := ssh.NewCertSigner(cert, sg)
		if err == nil {
			out = append(out, cs)
		}
	}
	return append(out, sg)
}

// keyboard answers keyboard-interactive questions through the Prompt.
func (s *authState) keyboard(name, instruction string, questions []string, echos []bool) ([]string, error) {
	if name != "" || instruction != "" {
		s.ask.notice(strings.TrimSpace(strings.Join([]string{name, instruction}, "\n")) + "\n")
	}
	answers := make([]string, len(questions))
	for i, q := range questions {
		var err error
		if echos[i] {
			answers[i], err = s.ask.line(q)
		} else {
			answers[i], err = s.ask.secret(q)
		}
		if err != nil {
			return nil, err
		}
	}
	return answers, nil
}

// password asks the password as ssh does.
func (s *authState) password() (string, error) {
	return s.ask.secret(fmt.Sprintf("%s@%s's password: ", s.cfg.User, s.cfg.HostName))
}
