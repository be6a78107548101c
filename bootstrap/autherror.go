package bootstrap

import (
	"fmt"
	"strings"
)

// AuthError is a login the server refused: every authentication method
// that could be tried was tried and none was accepted. Its text reads like
// OpenSSH's "Permission denied", naming what was tried; Err is the SSH
// library's own account of it.
type AuthError struct {
	User, Host string
	Tried      []string // methods offered, without "none"
	Err        error
}

func (e *AuthError) Error() string {
	if len(e.Tried) == 0 {
		return fmt.Sprintf("bootstrap: %s@%s: Permission denied (nothing to offer: no agent key, identity file or password prompt was usable)", e.User, e.Host)
	}
	return fmt.Sprintf("bootstrap: %s@%s: Permission denied (tried %s)", e.User, e.Host, strings.Join(e.Tried, ", "))
}

func (e *AuthError) Unwrap() error { return e.Err }

// asAuthError recognises x/crypto/ssh's refusal ("ssh: unable to
// authenticate, attempted methods [none publickey], no supported methods
// remain") and turns it into an AuthError; other errors give nil.
func asAuthError(user, host string, err error) *AuthError {
	msg := err.Error()
	if !strings.Contains(msg, "unable to authenticate") {
		return nil
	}
	e := &AuthError{User: user, Host: host, Err: err}
	if _, rest, ok := strings.Cut(msg, "attempted methods ["); ok {
		list, _, _ := strings.Cut(rest, "]")
		for _, m := range strings.Fields(list) {
			if m != "none" {
				e.Tried = append(e.Tried, m)
			}
		}
	}
	return e
}
