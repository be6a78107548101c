package sshconf

import (
	"slices"
	"testing"
)

func TestParseSSHArgs(t *testing.T) {
	tests := []struct {
		args     []string
		host     string
		command  []string
		switches string
		values   map[byte][]string
		err      bool
	}{
		{args: []string{"host"}, host: "host"},
		{args: []string{"-p", "22", "u@h", "ls", "-l"}, host: "u@h", command: []string{"ls", "-l"},
			values: map[byte][]string{'p': {"22"}}},
		{args: []string{"-tt", "-p2222", "h"}, host: "h", switches: "tt", values: map[byte][]string{'p': {"2222"}}},
		{args: []string{"-NfL", "1:h:2", "h"}, host: "h", switches: "Nf", values: map[byte][]string{'L': {"1:h:2"}}},
		{args: []string{"h", "-l", "bob", "cmd", "-x"}, host: "h", command: []string{"cmd", "-x"},
			values: map[byte][]string{'l': {"bob"}}},
		{args: []string{"h", "--", "-l"}, host: "h", command: []string{"-l"}},
		{args: []string{"--", "h", "-l"}, host: "h", command: []string{"-l"}},
		{args: []string{"-oPort=1", "-o", "User x", "h"}, host: "h", values: map[byte][]string{'o': {"Port=1", "User x"}}},
		{args: []string{"-s", "h", "sftp"}, host: "h", command: []string{"sftp"}, switches: "s"},
		{args: []string{"-p"}, err: true},
		{args: []string{"-Z", "h"}, err: true},
		{args: []string{"-p", "0", "h"}, err: true},
		{args: []string{}, err: true},
	}
	for _, tt := range tests {
		f, host, cmd, err := ParseSSHArgs(tt.args)
		if (err != nil) != tt.err {
			t.Errorf("%q: err %v", tt.args, err)
			continue
		}
		if tt.err {
			continue
		}
		if host != tt.host || !slices.Equal(cmd, tt.command) {
			t.Errorf("%q: host %q command %q", tt.args, host, cmd)
		}
		n := 0
		for _, c := range []byte(tt.switches) {
			if f.Switches[c] == 0 {
				t.Errorf("%q: switch -%c not recorded", tt.args, c)
			}
			n++
		}
		for c, v := range tt.values {
			if !slices.Equal(f.Values[c], v) {
				t.Errorf("%q: -%c = %q, want %q", tt.args, c, f.Values[c], v)
			}
		}
	}
}

func TestFlagsOrder(t *testing.T) {
	f, host, _, err := ParseSSHArgs([]string{"-l", "a", "x@h", "-p", "2", "-A", "-a", "-6"})
	if err != nil {
		t.Fatal(err)
	}
	if host != "x@h" || f.HostIndex != 1 || len(f.Overrides) != 2 || f.ForwardAgent != "no" || f.AddressFamily != "inet6" {
		t.Fatalf("got host %q %+v", host, f)
	}
}
