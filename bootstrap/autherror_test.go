package bootstrap

import (
	"errors"
	"testing"
)

func TestAsAuthError(t *testing.T) {
	tests := []struct {
		err  string
		want string // "" for not an authentication refusal
	}{
		{"ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey password], no supported methods remain",
			"bootstrap: ann@web: Permission denied (tried publickey, password)"},
		{"ssh: handshake failed: ssh: unable to authenticate, attempted methods [none], no supported methods remain",
			"bootstrap: ann@web: Permission denied (nothing to offer: no agent key, identity file or password prompt was usable)"},
		{"ssh: handshake failed: EOF", ""},
	}
	for _, tt := range tests {
		base := errors.New(tt.err)
		e := asAuthError("ann", "web", base)
		if tt.want == "" {
			if e != nil {
				t.Errorf("%q: got %v, want nil", tt.err, e)
			}
			continue
		}
		if e == nil || e.Error() != tt.want {
			t.Errorf("%q: got %v, want %q", tt.err, e, tt.want)
			continue
		}
		if !errors.Is(e, base) {
			t.Errorf("%q: AuthError does not unwrap to the library's error", tt.err)
		}
	}
}
