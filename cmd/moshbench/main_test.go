package main

import "testing"

func TestMixedName(t *testing.T) {
	tests := []struct{ server, client, want string }{
		{"", "", "ours"},
		{"", "/usr/bin/mosh-client", "our server + mosh-client"},
		{"/usr/bin/mosh-server -v", "", "mosh-server + our client"},
	}
	for _, tt := range tests {
		if got := mixedName(tt.server, tt.client); got != tt.want {
			t.Errorf("mixedName(%q, %q) = %q, want %q", tt.server, tt.client, got, tt.want)
		}
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-runs", "0"}, {"-nonsense"}, {"-no-ours", "-only", "echo,bogus"}} {
		if err := run(args); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
