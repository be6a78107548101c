package shell

import (
	"slices"
	"strings"
	"testing"
)

func TestChooseLocale(t *testing.T) {
	installed := []string{"C", "C.utf8", "POSIX", "en_US.utf8", "de_DE"}
	tests := []struct {
		name     string
		env      []string
		offered  []string
		want     []string // the locale variables of the result, in order
		wantNote bool
	}{
		{"own utf8", []string{"LANG=C.UTF-8", "HOME=/h"}, nil, []string{"LANG=C.UTF-8"}, false},
		{"own utf8 other spelling", []string{"LC_ALL=en_US.UTF-8"}, []string{"LANG=de_DE.UTF-8"}, []string{"LC_ALL=en_US.UTF-8"}, false},
		{"offer used", []string{"LANG=C"}, []string{"LANG=en_US.UTF-8"}, []string{"LANG=en_US.UTF-8"}, true},
		{"offer replaces all locale vars", []string{"LANG=C", "LC_TIME=de_DE"}, []string{"LC_CTYPE=C.UTF-8"}, []string{"LC_CTYPE=C.UTF-8"}, true},
		{"nothing set", []string{"HOME=/h"}, nil, []string{"LANG=C.UTF-8"}, true},
		{"missing utf8 locale", []string{"LANG=fr_FR.UTF-8"}, nil, []string{"LANG=C.UTF-8"}, true},
		{"missing offer", []string{"LANG=C"}, []string{"LANG=ja_JP.UTF-8", "LC_TIME=de_DE"}, []string{"LANG=C.UTF-8", "LC_TIME=de_DE"}, true},
		{"ascii ctype kept other", []string{"LC_ALL=C"}, nil, []string{"LC_ALL=C.UTF-8"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ChooseLocale(tt.env, tt.offered, LocaleList(installed))
			var vars []string
			for _, kv := range got.Env {
				name, _, _ := strings.Cut(kv, "=")
				if slices.Contains(localeVars, name) {
					vars = append(vars, kv)
				}
			}
			slices.Sort(vars)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(vars, want) {
				t.Errorf("locale vars = %q, want %q", vars, want)
			}
			if (got.Note != "") != tt.wantNote {
				t.Errorf("note = %q, want note: %v", got.Note, tt.wantNote)
			}
			if lookup(got.Env, "HOME") != lookup(tt.env, "HOME") {
				t.Errorf("HOME changed")
			}
		})
	}
}

func TestChooseLocaleFallbackOrder(t *testing.T) {
	tests := []struct {
		installed []string
		want      string
	}{
		{[]string{"C", "C.utf8", "en_US.utf8"}, "C.UTF-8"},
		{[]string{"C", "POSIX", "en_GB", "en_US.utf8"}, "en_US.utf8"},
		{[]string{"C", "POSIX"}, "C.UTF-8"},
	}
	for _, tt := range tests {
		got := ChooseLocale([]string{"LANG=C"}, nil, LocaleList(tt.installed))
		if v := lookup(got.Env, "LANG"); v != tt.want {
			t.Errorf("installed %q: LANG=%q, want %q", tt.installed, v, tt.want)
		}
	}
}

// countingLocales counts how often the list is consulted.
type countingLocales struct {
	LocaleList
	lists int
}

func (c *countingLocales) List() []string { c.lists++; return c.LocaleList }

func TestChooseLocaleListsOnlyForFallback(t *testing.T) {
	c := &countingLocales{LocaleList: LocaleList{"C.utf8", "en_US.utf8"}}
	ChooseLocale([]string{"LANG=en_US.UTF-8"}, nil, c)
	ChooseLocale([]string{"LANG=C"}, []string{"LANG=C.UTF-8"}, c)
	if c.lists != 0 {
		t.Errorf("listed %d times for locales that exist", c.lists)
	}
}

func TestSystemLocalesHasCUTF8(t *testing.T) {
	var s SystemLocales
	if !s.Has("C.UTF-8") && !slices.ContainsFunc(s.List(), isUTF8) {
		t.Skip("no UTF-8 locale on this system")
	}
	if s.Has("xx_NOWHERE.UTF-8") {
		t.Error("a locale that does not exist was found")
	}
}

func TestChildEnv(t *testing.T) {
	tests := []struct {
		name   string
		base   []string
		opts   EnvOptions
		want   []string
		absent []string
	}{
		{"256 colors", []string{"TERM=dumb", "STY=123.pts", "MOSH_SERVER_NETWORK_TMOUT=5", "PATH=/bin"},
			EnvOptions{Colors: 256, Home: "/home/u"},
			[]string{"TERM=xterm-256color", "NCURSES_NO_UTF8_ACS=1", "PWD=/home/u", "PATH=/bin", "MOSH_SERVER_NETWORK_TMOUT=5"},
			[]string{"STY"}},
		{"8 colors", []string{"PWD=/tmp"}, EnvOptions{Colors: 8, Home: "/root"},
			[]string{"TERM=xterm", "NCURSES_NO_UTF8_ACS=1", "PWD=/root"}, nil},
		{"no -c", nil, EnvOptions{}, []string{"TERM=xterm"}, []string{"PWD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ChildEnv(tt.base, tt.opts)
			for _, kv := range tt.want {
				name, val, _ := strings.Cut(kv, "=")
				if lookup(got, name) != val {
					t.Errorf("%s = %q, want %q (env %q)", name, lookup(got, name), val, got)
				}
			}
			for _, name := range tt.absent {
				for _, kv := range got {
					if strings.HasPrefix(kv, name+"=") {
						t.Errorf("%s still set", name)
					}
				}
			}
		})
	}
}

func TestChooseCommand(t *testing.T) {
	tests := []struct {
		cmd       []string
		shell, pw string
		path      string
		argv      []string
		login     bool
	}{
		{[]string{"/bin/bash", "--norc"}, "/bin/zsh", "", "/bin/bash", []string{"/bin/bash", "--norc"}, false},
		{nil, "/usr/bin/zsh", "/bin/bash", "/usr/bin/zsh", []string{"-zsh"}, true},
		{nil, "", "/bin/bash", "/bin/bash", []string{"-bash"}, true},
		{nil, "", "", "/bin/sh", []string{"-sh"}, true},
	}
	for _, tt := range tests {
		got := ChooseCommand(tt.cmd, tt.shell, tt.pw)
		if got.Path != tt.path || !slices.Equal(got.Argv, tt.argv) || got.Login != tt.login {
			t.Errorf("ChooseCommand(%q, %q, %q) = %+v", tt.cmd, tt.shell, tt.pw, got)
		}
	}
}

func TestPasswdShell(t *testing.T) {
	passwd := "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/usr/bin/fish\nbad line\n"
	for uid, want := range map[int]string{0: "/bin/bash", 1000: "/usr/bin/fish", 7: ""} {
		if got := PasswdShell(strings.NewReader(passwd), uid); got != want {
			t.Errorf("uid %d: %q, want %q", uid, got, want)
		}
	}
}

func TestDetachedWarning(t *testing.T) {
	tests := []struct {
		sessions []string
		want     string
	}{
		{nil, ""},
		{[]string{"mosh [1234]"}, "\x1b[37;44mMosh: You have a detached Mosh session on this server (mosh [1234]).\x1b[m\n\n"},
		{[]string{"mosh [1]", "mosh [2]"}, "\x1b[37;44mMosh: You have 2 detached Mosh sessions on this server, with PIDs:\n        - mosh [1]\n        - mosh [2]\n\x1b[m\n"},
	}
	for _, tt := range tests {
		if got := DetachedWarning(tt.sessions); got != tt.want {
			t.Errorf("DetachedWarning(%q) = %q, want %q", tt.sessions, got, tt.want)
		}
	}
	for host, want := range map[string]bool{"mosh [5]": true, "mosh [9]": false, "1.2.3.4 via mosh [7]": false, "mosh [5": false} {
		if got := isDetachedHost(host, "mosh [9]"); got != want {
			t.Errorf("isDetachedHost(%q) = %v", host, got)
		}
	}
}
