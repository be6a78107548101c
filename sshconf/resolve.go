package sshconf

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// cmdlineFile names the lines that come from -o and the other flags.
const cmdlineFile = "command-line"

// Defaults of OpenSSH 9.2 as `ssh -G` prints them on a Debian system.
var (
	defaultIdentityFiles = []string{"~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk",
		"~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa"}
	defaultUserKnownHosts   = []string{"~/.ssh/known_hosts", "~/.ssh/known_hosts2"}
	defaultGlobalKnownHosts = []string{"/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"}
	// DefaultHostKeyAlgorithms is OpenSSH 9.2's default HostKeyAlgorithms.
	DefaultHostKeyAlgorithms = []string{
		"ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
		"ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
		"sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
		"rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
		"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
		"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512", "rsa-sha2-256",
	}
)

// Resolve computes the configuration of opts.Host as ssh would: the
// command-line overrides first, then the user file and the system file (or
// the -F file alone), a second "final" pass when a Match final asks for
// one, then OpenSSH's defaults and token expansion.
func Resolve(opts Options) (*Config, error) {
	user, host, port, err := splitDestination(opts.Host)
	if err != nil {
		return nil, err
	}
	st := &state{opts: &opts, host: host, original: host, vals: map[string][]string{}}
	if err := st.applyFlags(user, port); err != nil {
		return nil, err
	}
	if !validHostname(host) {
		return nil, fmt.Errorf("sshconf: hostname contains invalid characters")
	}
	if u, ok := st.first("user"); ok && !validRemoteUser(u) {
		return nil, fmt.Errorf("sshconf: remote username contains invalid characters")
	}
	if err := st.readConfigs(); err != nil {
		return nil, err
	}
	// CanonicalizeHostname asks for a second pass even when (as here: no
	// DNS) the name does not change.
	if c := st.choice("canonicalizehostname", "no"); c == "yes" || c == "always" {
		st.wantFinal = true
	}
	if st.wantFinal {
		st.host = st.finalHost()
		st.final = true
		if err := st.readConfigs(); err != nil {
			return nil, err
		}
	}
	return st.build()
}

// splitDestination splits [user@]host or ssh://[user@]host[:port].
func splitDestination(dest string) (user, host string, port int, err error) {
	if rest, ok := strings.CutPrefix(dest, "ssh://"); ok {
		rest = strings.TrimSuffix(rest, "/")
		if i := strings.LastIndexByte(rest, '@'); i >= 0 {
			user, rest = rest[:i], rest[i+1:]
		}
		h, p := rest, ""
		if strings.HasPrefix(rest, "[") {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return "", "", 0, fmt.Errorf("sshconf: bad destination %q", dest)
			}
			h, p = rest[1:end], strings.TrimPrefix(rest[end+1:], ":")
		} else if i := strings.IndexByte(rest, ':'); i >= 0 {
			h, p = rest[:i], rest[i+1:]
		}
		if p != "" {
			if port, err = parsePort(p); err != nil {
				return "", "", 0, fmt.Errorf("sshconf: destination %q: %w", dest, err)
			}
		}
		host = h
	} else {
		host = dest
		if i := strings.LastIndexByte(dest, '@'); i >= 0 {
			if i == 0 {
				return "", "", 0, fmt.Errorf("sshconf: bad destination %q", dest)
			}
			user, host = dest[:i], dest[i+1:]
		}
	}
	if host == "" {
		return "", "", 0, fmt.Errorf("sshconf: no host in destination %q", dest)
	}
	return user, host, port, nil
}

// applyFlags applies the command-line overrides in ssh's order: -4/-6 and
// -A/-a assign directly, the others are first-wins like config lines, with
// the user and port of the destination taking effect where the host
// argument stood.
func (st *state) applyFlags(user string, port int) error {
	f := st.opts.Flags
	if f.AddressFamily != "" {
		st.vals["addressfamily"] = []string{f.AddressFamily}
	}
	if f.ForwardAgent != "" {
		st.vals["forwardagent"] = []string{f.ForwardAgent}
	}
	var lines []Line
	for i, l := range f.Overrides {
		if i == f.HostIndex {
			lines = append(lines, destLines(user, port)...)
		}
		lines = append(lines, l)
	}
	if f.HostIndex >= len(f.Overrides) {
		lines = append(lines, destLines(user, port)...)
	}
	for i := range lines {
		l := &lines[i]
		if l.Keyword == "-J" {
			if st.jump == proxySet {
				return fmt.Errorf("sshconf: only a single -J option is permitted (use commas to separate multiple jump hops)")
			}
			if st.proxy != proxyUnset {
				return fmt.Errorf("sshconf: cannot specify -J with ProxyCommand")
			}
			st.jump, st.jumpRaw = proxySet, l.Args[0]
			if strings.EqualFold(l.Args[0], "none") {
				st.jump = proxyNone
			}
			continue
		}
		if l.Keyword == "identityfile" && l.Raw == "-i" {
			p, err := tilde(l.Args[0], st.opts.HomeDir, st.opts.UserHome)
			if err != nil {
				return fmt.Errorf("sshconf: -i: %w", err)
			}
			if st.opts.Exists != nil && !st.opts.Exists(p) {
				st.warnings = append(st.warnings, fmt.Sprintf("identity file %s not accessible", p))
				continue
			}
			st.idFiles = appendUnique(st.idFiles, p)
			continue
		}
		if _, err := st.evalLine(l, true, false, true, 0); err != nil {
			return err
		}
	}
	return nil
}

// destLines turns the user and port of the destination into lines.
func destLines(user string, port int) []Line {
	var out []Line
	if user != "" {
		out = append(out, Line{File: cmdlineFile, Keyword: "user", Args: []string{user}, Raw: user})
	}
	if port != 0 {
		out = append(out, Line{File: cmdlineFile, Keyword: "port", Args: []string{itoa(port)}, Raw: itoa(port)})
	}
	return out
}

// readConfigs evaluates the -F file, or the user and the system file.
func (st *state) readConfigs() error {
	if cf := st.opts.Flags.ConfigFile; cf != "" {
		if cf == "none" {
			return nil
		}
		f, err := st.readFile(cf)
		if err != nil {
			return err
		}
		if f == nil {
			return fmt.Errorf("sshconf: can't open user config file %s", cf)
		}
		return st.evalFile(f, true, false, true, 0)
	}
	for i, name := range []string{st.opts.UserConfig, st.opts.SystemConfig} {
		if name == "" {
			continue
		}
		f, err := st.readFile(name)
		if err != nil {
			return err
		}
		if f == nil {
			continue
		}
		if err := st.evalFile(f, true, false, i == 0, 0); err != nil {
			return err
		}
	}
	return nil
}

// readFile opens and parses one file; a missing file gives nil, nil.
func (st *state) readFile(name string) (*File, error) {
	if st.opts.Open == nil {
		return nil, nil
	}
	rc, err := st.opts.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sshconf: %w", err)
	}
	defer rc.Close() // best effort: read-only
	return Parse(rc, name)
}

// finalHost is the host name after HostName substitution, lower-cased, as
// ssh computes it between the passes.
func (st *state) finalHost() string {
	h := st.host
	if v, ok := st.vals["hostname"]; ok {
		if e, err := (tokens{'h': st.host}).expand(v[0], tokensHostname, nil); err == nil {
			h = e
		}
	}
	return strings.ToLower(h)
}

// baseTokens are the tokens that do not depend on the host.
func (o *Options) baseTokens() tokens {
	short, _, _ := strings.Cut(o.LocalHost, ".")
	return tokens{'d': o.HomeDir, 'i': itoa(o.UID), 'l': o.LocalHost, 'L': short, 'u': o.LocalUser}
}

// validHostname rejects a command-line host that starts with '-' or holds
// shell metacharacters, blanks or control characters, as ssh does.
func validHostname(s string) bool {
	if strings.HasPrefix(s, "-") {
		return false
	}
	for _, c := range []byte(s) {
		if strings.IndexByte("'`\"$\\;&<>|(){}", c) >= 0 || c == ' ' || c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// validRemoteUser rejects a command-line user name that could inject shell
// syntax through %r or %u, as ssh does.
func validRemoteUser(s string) bool {
	if strings.HasPrefix(s, "-") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("'`\";&<>|(){}", c) >= 0 {
			return false
		}
		if (c == ' ' || c == '\t') && i+1 < len(s) && s[i+1] == '-' {
			return false
		}
		if c == '\\' && i+1 == len(s) {
			return false
		}
	}
	return true
}
