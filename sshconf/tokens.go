package sshconf

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Token sets, per ssh_config(5) TOKENS.
const (
	tokensHostname = "h"
	tokensProxy    = "hnpr"
	tokensPaths    = "CdhikLlnpru" // CertificateFile, ControlPath, IdentityFile, Match exec, UserKnownHostsFile …
)

// tokens holds the value of each %-token for one resolution.
type tokens map[byte]string

// expand replaces the %-tokens of s that are in allowed (and "%%"); with
// env, also ${NAME} from lookup. An unknown token or a missing variable is
// an error, as in OpenSSH.
func (t tokens) expand(s, allowed string, env func(string) (string, bool)) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if env != nil && c == '$' && i+1 < len(s) && s[i+1] == '{' {
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", fmt.Errorf("unterminated ${ in %q", s)
			}
			name := s[i+2 : i+2+end]
			v, ok := env(name)
			if !ok {
				return "", fmt.Errorf("environment variable %q is not set", name)
			}
			b.WriteString(v)
			i += 2 + end
			continue
		}
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("%q ends in a lone %%", s)
		}
		i++
		k := s[i]
		if k == '%' {
			b.WriteByte('%')
			continue
		}
		v, ok := t[k]
		if !ok || !strings.ContainsRune(allowed, rune(k)) {
			return "", fmt.Errorf("unknown token %%%c in %q", k, s)
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// connectionHash is %C: the hex SHA-1 of %l%h%p%r (OpenSSH 9.2).
func connectionHash(localHost, host string, port int, user string) string {
	sum := sha1.Sum([]byte(localHost + host + strconv.Itoa(port) + user))
	return hex.EncodeToString(sum[:])
}

// tilde expands a leading "~" or "~/" to home, and "~user/" through
// userHome, as OpenSSH's tilde_expand_filename.
func tilde(s, home string, userHome func(string) (string, bool)) (string, error) {
	if !strings.HasPrefix(s, "~") {
		return s, nil
	}
	name, rest, _ := strings.Cut(s[1:], "/")
	dir := home
	if name != "" {
		var ok bool
		if userHome != nil {
			dir, ok = userHome(name)
		}
		if !ok {
			return "", fmt.Errorf("no such user %q in %q", name, s)
		}
	}
	dir = strings.TrimSuffix(dir, "/")
	if rest == "" && !strings.Contains(s, "/") {
		return dir, nil
	}
	return dir + "/" + rest, nil
}
