package sshconf

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitLine(t *testing.T) {
	tests := []struct {
		line, keyword, raw string
		args               []string
		err                bool
	}{
		{"Host a b", "host", "a b", []string{"a", "b"}, false},
		{"  Port=22", "port", "22", []string{"22"}, false},
		{"Port = 22", "port", "22", []string{"22"}, false},
		{"Port =22", "port", "22", []string{"22"}, false},
		{"\tUser\t\"a b\"", "user", "\"a b\"", []string{"a b"}, false},
		{"User 'x y' z", "user", "'x y' z", []string{"x y", "z"}, false},
		{`User a\ b`, "user", `a\ b`, []string{"a b"}, false},
		{`User "a\"b"`, "user", `"a\"b"`, []string{`a"b`}, false},
		{"User x # comment", "user", "x # comment", []string{"x"}, false},
		{"# comment", "", "", nil, false},
		{"   ", "", "", nil, false},
		{"User x\r", "user", "x", []string{"x"}, false},
		{"User \"broken", "", "", nil, true},
		{"\"Host\" q", "host", "q", []string{"q"}, false},
		{"ProxyCommand nc %h %p # c", "proxycommand", "nc %h %p # c", []string{"nc", "%h", "%p"}, false},
	}
	for _, tt := range tests {
		k, raw, args, err := splitLine(tt.line)
		if (err != nil) != tt.err {
			t.Errorf("%q: err %v", tt.line, err)
			continue
		}
		if tt.err {
			continue
		}
		if k != tt.keyword || raw != tt.raw || !slices.Equal(args, tt.args) {
			t.Errorf("%q: got %q %q %q, want %q %q %q", tt.line, k, raw, args, tt.keyword, tt.raw, tt.args)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Host a\nUser \"x\n", "sshconf: t:2: invalid quotes"},
		{"Host\n", `sshconf: t:1: no argument after keyword "host"`},
		{"Port\t \n", `sshconf: t:1: no argument after keyword "port"`},
		{strings.Repeat("x", maxLineLen+10), "sshconf: t:1: bufio.Scanner: token too long"},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.text), "t")
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: got %v, want %s", tt.text, err, tt.want)
		}
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"abc", "abc", true}, {"abc", "a*", true}, {"abc", "*c", true}, {"abc", "a?c", true},
		{"abc", "a?", false}, {"", "*", true}, {"a.b.c", "*.c", true}, {"ab", "a*b*", true},
		{"aXbXc", "a*b*c", true}, {"abc", "ABC", false}, {"*x", "*", true}, {"a*", "a*", true}, {"ab", "a**b", true},
	}
	for _, tt := range tests {
		if got := matchPattern(tt.s, tt.p); got != tt.want {
			t.Errorf("matchPattern(%q, %q) = %v", tt.s, tt.p, got)
		}
	}
	lists := []struct {
		s, list string
		fold    bool
		want    int
	}{
		{"a", "a,b", false, 1}, {"c", "a,b", false, 0}, {"a", "*,!a", false, -1},
		{"A", "a", true, 1}, {"A", "a", false, 0}, {"mosh", "Mosh*", true, 1},
	}
	for _, tt := range lists {
		if got := matchPatternList(tt.s, tt.list, tt.fold); got != tt.want {
			t.Errorf("matchPatternList(%q, %q) = %d, want %d", tt.s, tt.list, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		s    string
		want int
		err  bool
	}{{"10", 10, false}, {"1m30s", 90, false}, {"2h", 7200, false}, {"1w", 604800, false},
		{"1d1h", 90000, false}, {"x", 0, true}, {"", 0, true}, {"5q", 0, true}}
	for _, tt := range tests {
		d, err := parseTime(tt.s)
		if (err != nil) != tt.err || int(d.Seconds()) != tt.want {
			t.Errorf("parseTime(%q) = %v, %v", tt.s, d, err)
		}
	}
}
