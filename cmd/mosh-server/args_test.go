package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

const usage = "Usage: mosh-server new [-s] [-v] [-i LOCALADDR] [-p PORT[:PORT2]] [-c COLORS] [-l NAME=VALUE] [-- COMMAND...]\n"

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args   string
		want   options
		code   int // exit status, -1 = continue
		stderr string
	}{
		{"", options{}, -1, ""},
		{"new", options{}, -1, ""},
		{"new -i 127.0.0.1 -p 60101 -- /bin/sh -l", options{bindIP: "127.0.0.1", portSpec: "60101", command: []string{"/bin/sh", "-l"}}, -1, ""},
		{"new -s -v -v -c 256 -l LANG=C.UTF-8 -l LC_ALL=x", options{useSSHConnection: true, verbose: 2, colors: 256, locales: []string{"LANG=C.UTF-8", "LC_ALL=x"}}, -1, ""},
		{"new -i 1.2.3.4 -s", options{useSSHConnection: true}, -1, ""},
		{"new -s -i1.2.3.4", options{bindIP: "1.2.3.4"}, -1, ""},
		{"new -vp 5 extra -c 8", options{verbose: 1, portSpec: "5", colors: 8}, -1, ""},
		{"new -@ new -v", options{verbose: 1}, -1, ""},
		{"new --", options{}, -1, ""},
		{"new -- ls -h", options{command: []string{"ls", "-h"}}, -1, ""},
		{"new -v --help", options{help: true}, -1, ""},
		{"-h", options{help: true}, -1, ""},
		{"new --version -x", options{version: true}, -1, ""},
		{"new -c x", options{}, 1, "mosh-server: Bad number of colors (x)\n" + usage},
		{"new -c 256x", options{}, 1, "mosh-server: Bad number of colors (256x)\n" + usage},
		{"new -c ' 12'", options{colors: 12}, -1, ""},
		{"new -x -v", options{verbose: 1}, -1, "new: invalid option -- 'x'\n" + usage},
		{"new -p", options{}, -1, "new: option requires an argument -- 'p'\n" + usage},
		{"new --foo", options{}, -1, "new: unrecognized option '--foo'\n" + usage},
		{"10.0.0.1", options{bindIP: "10.0.0.1"}, -1, ""},
		{"10.0.0.1 60010", options{bindIP: "10.0.0.1", portSpec: "60010"}, -1, ""},
		{"a b c", options{}, 1, usage},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			var stderr bytes.Buffer
			got, err := parseArgs("mosh-server", splitArgs(tt.args), &stderr)
			code := -1
			if e, ok := err.(*exitError); ok {
				code = e.code
			} else if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if stderr.String() != tt.stderr {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.stderr)
			}
			if code != -1 {
				return
			}
			if got.bindIP != tt.want.bindIP || got.useSSHConnection != tt.want.useSSHConnection ||
				got.portSpec != tt.want.portSpec || got.colors != tt.want.colors ||
				got.verbose != tt.want.verbose || got.help != tt.want.help || got.version != tt.want.version ||
				!slices.Equal(got.locales, tt.want.locales) || !slices.Equal(got.command, tt.want.command) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// splitArgs splits on spaces, keeping single-quoted words whole.
func splitArgs(s string) []string {
	var out []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		if s[0] == '\'' {
			end := strings.IndexByte(s[1:], '\'') + 1
			out = append(out, s[1:end])
			s = s[end+1:]
			continue
		}
		word, rest, _ := strings.Cut(s, " ")
		out = append(out, word)
		s = rest
	}
	return out
}

// The messages were taken from mosh-server 1.4.0 itself.
func TestParsePortRange(t *testing.T) {
	tests := []struct {
		spec string
		want portRange
		msg  string
	}{
		{"", portRange{60001, 60999}, ""},
		{"0", portRange{0, 0}, ""},
		{"60101", portRange{60101, 60101}, ""},
		{" 5", portRange{5, 5}, ""},
		{"60200:60202", portRange{60200, 60202}, ""},
		{"abc", portRange{}, "Invalid (low) port number (abc)"},
		{"5x:7", portRange{}, "Invalid (low) port number (5x:7)"},
		{"0x10", portRange{}, "Invalid (low) port number (0x10)"},
		{"5:7x", portRange{}, "Invalid high port number (7x)"},
		{"70000", portRange{}, "(Low) port number 70000 outside valid range [0..65535]"},
		{"-5", portRange{}, "(Low) port number -5 outside valid range [0..65535]"},
		{"5:99999", portRange{}, "High port number 99999 outside valid range [0..65535]"},
		{"5:-1", portRange{}, "High port number -1 outside valid range [0..65535]"},
		{"5:3", portRange{}, "Low port 5 greater than high port 3"},
		{"5:", portRange{}, "Low port 5 greater than high port 0"},
		{"0:3", portRange{}, "Low port 0 incompatible with port ranges"},
		{":5", portRange{}, "Low port 0 incompatible with port ranges"},
	}
	for _, tt := range tests {
		got, msg := parsePortRange(tt.spec)
		if got != tt.want || msg != tt.msg {
			t.Errorf("parsePortRange(%q) = %v, %q; want %v, %q", tt.spec, got, msg, tt.want, tt.msg)
		}
	}
}

func TestRunMessages(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"mosh-server", "--help"}, 0, usage, ""},
		{[]string{"mosh-server", "--version"}, 0, versionBanner, ""},
		{[]string{"mosh-server", "new", "-p", "abc"}, 1, "",
			"Invalid (low) port number (abc)\nmosh-server: Bad UDP port range (abc)\n" + usage},
		{[]string{"mosh-server", "new", "-p", "5:3"}, 1, "",
			"Low port 5 greater than high port 3\nmosh-server: Bad UDP port range (5:3)\n" + usage},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, nil, &stdout, &stderr)
		if code != tt.code || stdout.String() != tt.stdout || stderr.String() != tt.stderr {
			t.Errorf("run(%q) = %d, stdout %q, stderr %q; want %d, %q, %q",
				tt.args, code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderr)
		}
	}
}

func TestTimeoutEnvAndSSHConnection(t *testing.T) {
	tests := []struct {
		val, msg string
		want     int
	}{
		{"5", "", 5},
		{"0", "", 0},
		{"x", "MOSH_SERVER_NETWORK_TMOUT not a valid integer, ignoring\n", 0},
		{"5s", "MOSH_SERVER_NETWORK_TMOUT not a valid integer, ignoring\n", 0},
		{"-3", "MOSH_SERVER_NETWORK_TMOUT is negative, ignoring\n", 0},
	}
	for _, tt := range tests {
		t.Setenv("MOSH_SERVER_NETWORK_TMOUT", tt.val)
		var stderr bytes.Buffer
		if got := timeoutEnv("MOSH_SERVER_NETWORK_TMOUT", &stderr); got != tt.want || stderr.String() != tt.msg {
			t.Errorf("%q: %d, %q", tt.val, got, stderr.String())
		}
	}
	conns := []struct{ v, ip, msg string }{
		{"10.0.0.2 51000 10.0.0.1 22", "10.0.0.1", ""},
		{"::ffff:10.0.0.2 51000 ::ffff:10.0.0.1 22", "10.0.0.1", ""},
		{"", "", "Warning: SSH_CONNECTION not found; binding to any interface.\n"},
		{"junk", "", "Warning: Could not parse SSH_CONNECTION; binding to any interface.\n"},
	}
	for _, c := range conns {
		var stderr bytes.Buffer
		if got := sshConnectionIP(c.v, &stderr); got != c.ip || stderr.String() != c.msg {
			t.Errorf("%q: %q, %q", c.v, got, stderr.String())
		}
	}
}
