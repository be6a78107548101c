package bootstrap

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"ssh-mosh/sshconf"
)

// HostKeyError is the refusal of a host key. Unknown tells a host not in
// known_hosts (and not accepted) from a changed or revoked key.
type HostKeyError struct {
	Host    string // the known_hosts name: HostKeyAlias, host or [host]:port
	Unknown bool   // no key of this type is known; the user said no or could not be asked
	Revoked bool   // the key is marked @revoked
	Key     ssh.PublicKey
}

// Error says which check failed; the OpenSSH-style explanation has
// already gone to the Prompt.
func (e *HostKeyError) Error() string {
	switch {
	case e.Revoked:
		return fmt.Sprintf("bootstrap: host key for %s is revoked: host key verification failed", e.Host)
	case e.Unknown:
		return fmt.Sprintf("bootstrap: host key for %s is not known: host key verification failed", e.Host)
	default:
		return fmt.Sprintf("bootstrap: host key for %s has changed: host key verification failed", e.Host)
	}
}

// hostChecker checks one host's key against known_hosts as
// StrictHostKeyChecking says, asking through the Prompt when allowed.
type hostChecker struct {
	cfg  *sshconf.Config
	ask  asker
	name string // the name in known_hosts
	db   ssh.HostKeyCallback
	logf func(string, ...any)
}

// knownHostsName is the name OpenSSH looks a host up by: HostKeyAlias as
// is, else HostName, bracketed with the port when it is not 22.
func knownHostsName(cfg *sshconf.Config) string {
	if cfg.HostKeyAlias != "" {
		return cfg.HostKeyAlias
	}
	return knownhosts.Normalize(net.JoinHostPort(cfg.HostName, strconv.Itoa(cfg.Port)))
}

// newHostChecker loads every existing known_hosts file of cfg.
func newHostChecker(cfg *sshconf.Config, ask asker, logf func(string, ...any)) (*hostChecker, error) {
	var files []string
	for _, f := range append(append([]string{}, cfg.UserKnownHostsFiles...), cfg.GlobalKnownHostsFiles...) {
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	db, err := knownhosts.New(files...)
	if err != nil {
		return nil, fmt.Errorf("bootstrap: known_hosts: %w", err)
	}
	return &hostChecker{cfg: cfg, ask: ask, name: knownHostsName(cfg), db: db, logf: logf}, nil
}

// lookupAddr is the dummy remote address given to knownhosts, which only
// uses it when no host name is given; the name always is.
var lookupAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 22}

// dbName is the name in the form knownhosts wants: host:port.
func (h *hostChecker) dbName() string {
	if h.cfg.HostKeyAlias != "" {
		return net.JoinHostPort(h.cfg.HostKeyAlias, "22")
	}
	return net.JoinHostPort(h.cfg.HostName, strconv.Itoa(h.cfg.Port))
}

// probeKey is a key no host has, used to learn which keys are known.
var probeKey, _ = ssh.NewPublicKey(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public())

// knownTypes lists the key types known_hosts holds for the host.
func (h *hostChecker) knownTypes() []string {
	var ke *knownhosts.KeyError
	if err := h.db(h.dbName(), lookupAddr, probeKey); !errors.As(err, &ke) {
		return nil
	}
	var types []string
	for _, k := range ke.Want {
		types = append(types, k.Key.Type())
	}
	return types
}

// algorithms orders the configured HostKeyAlgorithms so that the types
// known for this host come first (with their certificate forms), then the
// rest; names x/crypto/ssh cannot verify are dropped.
func (h *hostChecker) algorithms() []string {
	want := h.cfg.HostKeyAlgorithms
	if len(want) == 0 {
		want = sshconf.DefaultHostKeyAlgorithms
	}
	supported := map[string]bool{}
	for _, a := range ssh.SupportedAlgorithms().HostKeys {
		supported[a] = true
	}
	for _, a := range ssh.InsecureAlgorithms().HostKeys {
		supported[a] = true
	}
	known := map[string]bool{}
	for _, t := range h.knownTypes() {
		known[t] = true
		if t == ssh.KeyAlgoRSA {
			known[ssh.KeyAlgoRSASHA256], known[ssh.KeyAlgoRSASHA512] = true, true
		}
	}
	var first, rest []string
	for _, a := range want {
		if !supported[a] {
			continue
		}
		if known[strings.Replace(a, "-cert-v01@openssh.com", "", 1)] {
			first = append(first, a)
		} else {
			rest = append(rest, a)
		}
	}
	return append(first, rest...)
}

// check is the ssh.HostKeyCallback.
func (h *hostChecker) check(_ string, remote net.Addr, key ssh.PublicKey) error {
	err := h.db(h.dbName(), lookupAddr, key)
	if err == nil {
		return nil
	}
	var revoked *knownhosts.RevokedError
	if cert, ok := key.(*ssh.Certificate); ok && !errors.As(err, &revoked) {
		// An untrusted host certificate: check its plain key instead,
		// as OpenSSH falls back to.
		h.logf("bootstrap: %s: host certificate not trusted (%v); checking its key", h.name, err)
		key = cert.Key
		if err = h.db(h.dbName(), lookupAddr, key); err == nil {
			return nil
		}
	}
	if errors.As(err, &revoked) {
		h.ask.notice(fmt.Sprintf("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"+
			"@       WARNING: REVOKED HOST KEY DETECTED!               @\n"+
			"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"+
			"The %s host key for %s is marked as revoked.\n"+
			"This could mean that a stolen key is being used to\nimpersonate this host.\n", keyName(key), h.name))
		return &HostKeyError{Host: h.name, Revoked: true, Key: key}
	}
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) {
		return fmt.Errorf("bootstrap: host key check for %s: %w", h.name, err)
	}
	for _, w := range ke.Want {
		if w.Key.Type() == key.Type() {
			h.ask.notice(changedMessage(h.name, key, w))
			return &HostKeyError{Host: h.name, Key: key}
		}
	}
	return h.unknown(key, len(ke.Want) > 0, remote)
}

// keyName is the upper-case key type OpenSSH prints ("ED25519", "RSA").
func keyName(k ssh.PublicKey) string {
	t := k.Type()
	if c, ok := k.(*ssh.Certificate); ok {
		t = c.Key.Type()
	}
	switch {
	case strings.Contains(t, "ed25519"):
		return "ED25519"
	case strings.Contains(t, "ecdsa"):
		return "ECDSA"
	case strings.Contains(t, "rsa"):
		return "RSA"
	case strings.Contains(t, "dss"):
		return "DSA"
	}
	return strings.ToUpper(t)
}

// changedMessage is OpenSSH's refusal of a changed host key.
func changedMessage(name string, key ssh.PublicKey, old knownhosts.KnownKey) string {
	return "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
		"@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" +
		"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
		"IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n" +
		"Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n" +
		"It is also possible that a host key has just been changed.\n" +
		fmt.Sprintf("The fingerprint for the %s key sent by the remote host is\n%s.\n", keyName(key), ssh.FingerprintSHA256(key)) +
		"Please contact your system administrator.\n" +
		fmt.Sprintf("Add correct host key in %s to get rid of this message.\n", old.Filename) +
		fmt.Sprintf("Offending %s key in %s:%d\n", keyName(old.Key), old.Filename, old.Line) +
		fmt.Sprintf("Host key for %s has changed and you have requested strict checking.\n", name) +
		"Host key verification failed.\n"
}

// unknown handles a host whose key of this type is not known, as
// StrictHostKeyChecking says.
func (h *hostChecker) unknown(key ssh.PublicKey, otherTypes bool, remote net.Addr) error {
	switch h.cfg.StrictHostKeyChecking {
	case "no", "off", "accept-new":
		return h.add(key)
	case "yes":
		h.ask.notice(fmt.Sprintf("No %s host key is known for %s and you have requested strict checking.\nHost key verification failed.\n", keyName(key), h.name))
		return &HostKeyError{Host: h.name, Unknown: true, Key: key}
	}
	if !h.ask.can() {
		h.ask.notice("Host key verification failed.\n")
		return &HostKeyError{Host: h.name, Unknown: true, Key: key}
	}
	// OpenSSH shows the known_hosts name and the address reached.
	shown := h.name
	if ta, ok := remote.(*net.TCPAddr); ok {
		shown += " (" + knownhosts.Normalize(ta.String()) + ")"
	}
	msg := fmt.Sprintf("The authenticity of host '%s' can't be established.\n%s key fingerprint is %s.\n",
		shown, keyName(key), ssh.FingerprintSHA256(key))
	if otherTypes {
		msg += "Keys of other types are already known for this host.\n"
	} else {
		msg += "This key is not known by any other names.\n"
	}
	h.ask.notice(msg)
	q := "Are you sure you want to continue connecting (yes/no/[fingerprint])? "
	for range 10 {
		a, err := h.ask.line(q)
		if err != nil {
			return &HostKeyError{Host: h.name, Unknown: true, Key: key}
		}
		switch a = strings.TrimSpace(a); {
		case strings.EqualFold(a, "yes") || a == ssh.FingerprintSHA256(key):
			return h.add(key)
		case strings.EqualFold(a, "no"):
			h.ask.notice("Host key verification failed.\n")
			return &HostKeyError{Host: h.name, Unknown: true, Key: key}
		}
		q = "Please type 'yes', 'no' or the fingerprint: "
	}
	return &HostKeyError{Host: h.name, Unknown: true, Key: key}
}

// add appends the key to the first user known_hosts file, creating it
// (and its directory) if needed.
func (h *hostChecker) add(key ssh.PublicKey) error {
	if len(h.cfg.UserKnownHostsFiles) == 0 {
		return nil
	}
	path := h.cfg.UserKnownHostsFiles[0]
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		h.logf("bootstrap: cannot record host key: %v", err)
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		h.logf("bootstrap: cannot record host key: %v", err)
		return nil
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, knownhosts.Line([]string{h.name}, key)); err != nil {
		h.logf("bootstrap: cannot record host key: %v", err)
		return nil
	}
	h.ask.notice(fmt.Sprintf("Warning: Permanently added '%s' (%s) to the list of known hosts.\n", h.name, keyName(key)))
	return nil
}
