package main

import (
	"slices"
	"testing"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		host    string
		command []string
		check   func(*options) bool
		wantErr bool
	}{
		{name: "host", args: []string{"host"}, host: "host"},
		{name: "ssh flags and command", args: []string{"-p", "2222", "-l", "bob", "-A", "host", "--", "ls", "-l"},
			host: "host", command: []string{"ls", "-l"},
			check: func(o *options) bool { return o.flags.ForwardAgent == "yes" && o.hostPos == 5 }},
		{name: "mosh flags anywhere", args: []string{"--server=/x/mosh-server", "host", "--mosh-port", "60001:60010", "--predict=never"},
			host: "host", check: func(o *options) bool {
				return o.server == "/x/mosh-server" && o.moshPort == "60001:60010" && o.predict == "never"
			}},
		{name: "command keeps its long flags", args: []string{"host", "ls", "--local"}, host: "host",
			command: []string{"ls", "--local"}, check: func(o *options) bool { return !o.local }},
		{name: "after --", args: []string{"host", "--", "x", "--help"}, host: "host", command: []string{"x", "--help"},
			check: func(o *options) bool { return !o.help }},
		{name: "value flag word is not the host", args: []string{"-J", "jump", "target"}, host: "target"},
		{name: "ssh flag", args: []string{"--ssh", "ssh -F cfg", "-4", "h"}, host: "h",
			check: func(o *options) bool { return o.sshCommand == "ssh -F cfg" && o.flags.AddressFamily == "inet" }},
		{name: "local", args: []string{"--local", "--", "top"}, command: []string{"top"},
			check: func(o *options) bool { return o.local }},
		{name: "connect", args: []string{"--connect", "10.0.0.1", "60001"},
			check: func(o *options) bool { return o.connectIP == "10.0.0.1" && o.connectPort == "60001" }},
		{name: "help", args: []string{"--help"}, check: func(o *options) bool { return o.help }},
		{name: "bad port", args: []string{"--mosh-port=0:10", "h"}, wantErr: true},
		{name: "port too high", args: []string{"--mosh-port=70000", "h"}, wantErr: true},
		{name: "port range reversed", args: []string{"--mosh-port=60010:60001", "h"}, wantErr: true},
		{name: "port not a number", args: []string{"--mosh-port=6000x", "h"}, wantErr: true},
		{name: "single port", args: []string{"--mosh-port=60001", "h"}, host: "h",
			check: func(o *options) bool { return o.moshPort == "60001" }},
		{name: "bad predict", args: []string{"--predict=sometimes", "h"}, wantErr: true},
		{name: "unknown long", args: []string{"--frobnicate", "h"}, wantErr: true},
		{name: "no host", args: []string{"-p", "22"}, wantErr: true},
		{name: "connect without port", args: []string{"--connect", "1.2.3.4"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseFlags(tt.args)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error, options %+v", o)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.host != tt.host || !slices.Equal(o.command, tt.command) {
				t.Errorf("host %q command %q, want %q %q", o.host, o.command, tt.host, tt.command)
			}
			if tt.check != nil && !tt.check(o) {
				t.Errorf("options %+v", o)
			}
		})
	}
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`ssh -F cfg`, []string{"ssh", "-F", "cfg"}},
		{`ssh -o "ProxyCommand=nc %h %p" 'a b'`, []string{"ssh", "-o", "ProxyCommand=nc %h %p", "a b"}},
		{`a\ b "c\"d" ''`, []string{"a b", `c"d`, ""}},
	}
	for _, tt := range tests {
		got, err := shellWords(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("shellWords(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := shellWords(`"open`); err == nil {
		t.Error("unterminated quote accepted")
	}
}

func TestHopDestination(t *testing.T) {
	for in, want := range map[string]string{
		"bastion": "bastion", "bob@bastion": "bob@bastion", "bastion:2222": "ssh://bastion:2222",
		"bob@bastion:2222": "ssh://bob@bastion:2222", "ssh://x:1": "ssh://x:1", "[::1]:22": "ssh://[::1]:22",
	} {
		if got := hopDestination(in); got != want {
			t.Errorf("hopDestination(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWithEnv(t *testing.T) {
	got := withEnv([]string{"A=1", "MOSH_KEY=old", "B=2"}, "MOSH_KEY=new", "C=3")
	want := []string{"A=1", "B=2", "MOSH_KEY=new", "C=3"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCheckPredict(t *testing.T) {
	tests := []struct {
		flag, env string
		ok        bool
	}{
		{"", "", true}, {"never", "bogus", true}, {"", "always", true},
		{"", "bogus", false}, {"sometimes", "", false},
	}
	for _, tt := range tests {
		if err := checkPredict(tt.flag, tt.env); (err == nil) != tt.ok {
			t.Errorf("checkPredict(%q, %q) = %v", tt.flag, tt.env, err)
		}
	}
}
