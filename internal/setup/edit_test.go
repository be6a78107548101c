package setup

import (
	"strings"
	"testing"

	"ssh-mosh/sshconf"
)

func TestAddIgnoreUnknown(t *testing.T) {
	line := sshconf.IgnoreUnknownLine
	tests := []struct{ in, want string }{
		{"", ignoreComment + "\n" + line + "\n"},
		{"Host a\n  User b\n", ignoreComment + "\n" + line + "\n\nHost a\n  User b\n"},
		{"# mine\nIgnoreUnknown UseKeychain\nHost a\n", "# mine\nIgnoreUnknown UseKeychain," + line[len("IgnoreUnknown "):] + "\nHost a\n"},
		{"IgnoreUnknown Mosh*\nHost a\n", "IgnoreUnknown Mosh*\nHost a\n"},
		{"Host a\nIgnoreUnknown Mosh*\n", ignoreComment + "\n" + line + "\n\nHost a\nIgnoreUnknown Mosh*\n"},
		{"Host a\r\n", ignoreComment + "\r\n" + line + "\r\n\r\nHost a\r\n"},
		{"IgnoreUnknown=Foo\r\n", "IgnoreUnknown Foo," + line[len("IgnoreUnknown "):] + "\r\n"},
	}
	for _, tt := range tests {
		got, _ := AddIgnoreUnknown(tt.in)
		if got != tt.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.in, got, tt.want)
		}
		again, what := AddIgnoreUnknown(got)
		if again != got || what != "" {
			t.Errorf("%q: second run changed it to %q", got, again)
		}
	}
}

func TestReplaceBlock(t *testing.T) {
	block := beginMark + "\nnew\n" + endMark + "\n"
	tests := []struct{ in, want string }{
		{"", block},
		{"alias x=y", "alias x=y\n\n" + block},
		{"a\n" + beginMark + "\nold\n" + endMark + "\nb\n", "a\n" + block + "b\n"},
	}
	for _, tt := range tests {
		if got := ReplaceBlock(tt.in, block); got != tt.want {
			t.Errorf("%q: got %q want %q", tt.in, got, tt.want)
		}
		if got := ReplaceBlock(tt.want, block); got != tt.want {
			t.Errorf("%q: not idempotent: %q", tt.want, got)
		}
	}
	if !strings.Contains(posixFunction, `command ssh "$@"`) || !strings.Contains(fishFunction, "command ssh $argv") {
		t.Error("the functions must fall back to the real ssh with the same arguments")
	}
}
