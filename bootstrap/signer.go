package bootstrap

import (
	"fmt"
	"io"
	"sync"

	"golang.org/x/crypto/ssh"
)

// lockedSigner is an encrypted identity file: its public key is offered
// first, and the passphrase is asked only when the server accepts the key
// and a signature is needed.
type lockedSigner struct {
	path string
	pem  []byte
	pub  ssh.PublicKey
	ask  asker

	mu     sync.Mutex
	signer ssh.AlgorithmSigner
}

// PublicKey returns the key read without the passphrase.
func (l *lockedSigner) PublicKey() ssh.PublicKey { return l.pub }

// Sign unlocks the key if needed and signs with its default algorithm.
func (l *lockedSigner) Sign(rand io.Reader, data []byte) (*ssh.Signature, error) {
	return l.SignWithAlgorithm(rand, data, "")
}

// SignWithAlgorithm unlocks the key if needed and signs.
func (l *lockedSigner) SignWithAlgorithm(rand io.Reader, data []byte, algorithm string) (*ssh.Signature, error) {
	s, err := l.unlock()
	if err != nil {
		return nil, err
	}
	return s.SignWithAlgorithm(rand, data, algorithm)
}

// Algorithms lists the signature algorithms of the key type.
func (l *lockedSigner) Algorithms() []string {
	if l.pub.Type() == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{l.pub.Type()}
}

// maxPassphraseTries is how often a wrong passphrase is asked again, as
// OpenSSH does.
const maxPassphraseTries = 3

// unlock asks the passphrase (up to three times) and decrypts the key.
func (l *lockedSigner) unlock() (ssh.AlgorithmSigner, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.signer != nil {
		return l.signer, nil
	}
	var lastErr error
	for range maxPassphraseTries {
		pass, err := l.ask.secret(fmt.Sprintf("Enter passphrase for key '%s': ", l.path))
		if err != nil {
			return nil, err
		}
		s, err := ssh.ParsePrivateKeyWithPassphrase(l.pem, []byte(pass))
		if err != nil {
			lastErr = err
			continue
		}
		as, ok := s.(ssh.AlgorithmSigner)
		if !ok {
			return nil, fmt.Errorf("bootstrap: identity %s: key type %s cannot choose algorithms", l.path, s.PublicKey().Type())
		}
		l.signer = as
		return as, nil
	}
	return nil, fmt.Errorf("bootstrap: identity %s: wrong passphrase: %w", l.path, lastErr)
}
