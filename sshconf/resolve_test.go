package sshconf

import (
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// memOptions resolves host against in-memory files; "/home/u/.ssh/config"
// is the user file.
func memOptions(host string, files map[string]string, exec func(string) bool) Options {
	return Options{
		Host: host, UserConfig: "/home/u/.ssh/config", SystemConfig: "/etc/ssh/ssh_config",
		LocalUser: "u", HomeDir: "/home/u", UID: 1000, LocalHost: "box.example",
		Env: func(k string) (string, bool) {
			v, ok := map[string]string{"HOME": "/home/u", "V": "val"}[k]
			return v, ok
		},
		Exec: exec,
		Open: func(name string) (io.ReadCloser, error) {
			s, ok := files[name]
			if !ok {
				return nil, fs.ErrNotExist
			}
			return io.NopCloser(strings.NewReader(s)), nil
		},
		Glob: func(pattern string) ([]string, error) {
			var out []string
			for name := range files {
				if ok, _ := path.Match(pattern, name); ok {
					out = append(out, name)
				}
			}
			sort.Strings(out)
			return out, nil
		},
	}
}

func TestResolveMemory(t *testing.T) {
	tests := []struct {
		name  string
		host  string
		files map[string]string
		check func(t *testing.T, c *Config)
	}{
		{"defaults", "h", nil, func(t *testing.T, c *Config) {
			if c.HostName != "h" || c.Port != 22 || c.User != "u" || c.StrictHostKeyChecking != "ask" ||
				c.ControlMaster != "no" || c.RequestTTY != "auto" || c.LogLevel != "INFO" ||
				c.ConnectionAttempts != 1 || c.ServerAliveCountMax != 3 || c.ForwardAgent != "no" ||
				c.Mosh != (Mosh{Use: "auto", Server: "mosh-server", Predict: "adaptive", RemoteIP: "proxy"}) ||
				len(c.IdentityFiles) != 7 || c.IdentityFiles[0] != "/home/u/.ssh/id_rsa" ||
				!slices.Equal(c.UserKnownHostsFiles, []string{"/home/u/.ssh/known_hosts", "/home/u/.ssh/known_hosts2"}) {
				t.Errorf("%+v", c)
			}
		}},
		{"user then system file", "h", map[string]string{
			"/home/u/.ssh/config": "Host h\n Port 1\n",
			"/etc/ssh/ssh_config": "Host *\n Port 2\n User sys\n",
		}, func(t *testing.T, c *Config) {
			if c.Port != 1 || c.User != "sys" {
				t.Errorf("port %d user %q", c.Port, c.User)
			}
		}},
		{"include relative to ~/.ssh in user file, /etc/ssh in system file", "h", map[string]string{
			"/home/u/.ssh/config":   "Include conf.d/*\n",
			"/home/u/.ssh/conf.d/a": "User fromuserinc\n",
			"/etc/ssh/ssh_config":   "Include sys.d/*\n",
			"/etc/ssh/sys.d/b":      "Port 3\n",
		}, func(t *testing.T, c *Config) {
			if c.User != "fromuserinc" || c.Port != 3 {
				t.Errorf("user %q port %d", c.User, c.Port)
			}
		}},
		{"mosh keywords", "m", map[string]string{
			"/home/u/.ssh/config": "IgnoreUnknown Mosh*\nHost m\n Mosh yes\n MoshServer /opt/mosh-server\n MoshPorts 60001:60005\n" +
				" MoshPredict never\n MoshPredictOverwrite yes\n MoshRemoteIP remote\nHost *\n Mosh no\n",
		}, func(t *testing.T, c *Config) {
			want := Mosh{Use: "yes", Server: "/opt/mosh-server", Ports: "60001:60005", Predict: "never", PredictOverwrite: true, RemoteIP: "remote"}
			if c.Mosh != want || len(c.Warnings) != 0 {
				t.Errorf("%+v %q", c.Mosh, c.Warnings)
			}
		}},
		{"mosh keyword without IgnoreUnknown warns", "m", map[string]string{
			"/home/u/.ssh/config": "Host m\n Mosh yes\nIgnoreUnknown Mosh*\n",
		}, func(t *testing.T, c *Config) {
			if c.Mosh.Use != "yes" || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "ssh-mosh setup") ||
				!strings.Contains(c.Warnings[0], IgnoreUnknownLine) || !strings.Contains(c.Warnings[0], "config:2") {
				t.Errorf("%+v %q", c.Mosh, c.Warnings)
			}
		}},
		{"IgnoreUnknown not covering every keyword warns", "m", map[string]string{
			"/home/u/.ssh/config": "IgnoreUnknown Mosh\nHost m\n Mosh yes\n MoshPorts 1\n",
		}, func(t *testing.T, c *Config) {
			if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "config:4") {
				t.Errorf("%q", c.Warnings)
			}
		}},
		{"tokens", "t", map[string]string{
			"/home/u/.ssh/config": "Host t\n HostName %h.x\n User r\n Port 7\n ControlPath ~/%r@%h:%p-%n-%u-%d-%i-%l-%L-%k-%%\n" +
				" IdentityFile ${V}/k\n ProxyCommand nc %h %p %r %n\n",
		}, func(t *testing.T, c *Config) {
			if c.ControlPath != "/home/u/r@t.x:7-t-u-/home/u-1000-box.example-box-t-%" {
				t.Errorf("ControlPath %q", c.ControlPath)
			}
			if c.IdentityFiles[0] != "val/k" || c.ProxyCommand != "nc t.x 7 r t" {
				t.Errorf("%q %q", c.IdentityFiles, c.ProxyCommand)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Resolve(memOptions(tt.host, tt.files, nil))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct{ config, want string }{
		{"Host x\n MoshPorts 0:5\n", "sshconf: /home/u/.ssh/config:2: moshports: server-side port range \"0:5\" is not valid"},
		{"MoshPorts 70000\n", "moshports: server-side port or range"},
		{"MoshPredict sometimes\n", "unsupported moshpredict value \"sometimes\""},
		{"Mosh maybe\n", "unsupported mosh value"},
		{"MoshRemoteIP far\n", "unsupported moshremoteip value"},
		{"MoshPredictOverwrite perhaps\n", "unsupported moshpredictoverwrite value"},
		{"Host a\n Frobnicate yes\n", "/home/u/.ssh/config:2: Bad configuration option: frobnicate"},
		{"Port 1 2\n", "keyword port extra arguments at end of line"},
		{"Match\n", "no argument after keyword"},
		{"Match host\n", "Missing Match criteria for host"},
		{"Match all host x\n", "cannot be combined"},
		{"Match sometimes x\n", "Unsupported Match attribute sometimes"},
		{"Match exec true\n", "Match exec needs Options.Exec"},
		{"Include /loop\n", "too many recursive configuration includes"},
		{"Include /fork\n", "more than 1000 included files"},
		{"ControlPath %z\n", "unknown token %z"},
		{"IdentityFile ${NOPE}/x\n", `environment variable "NOPE" is not set`},
	}
	for _, tt := range tests {
		files := map[string]string{"/home/u/.ssh/config": tt.config, "/loop": "Include /loop\n", "/fork": fanOut("/a"), "/a": fanOut("/b"), "/b": fanOut("/c"), "/c": "User c\n"}
		_, err := Resolve(memOptions("x", files, nil))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %q", tt.config, err, tt.want)
		}
	}
}

func TestMatchExec(t *testing.T) {
	var ran []string
	exec := func(cmd string) bool {
		ran = append(ran, cmd)
		return strings.HasPrefix(cmd, "yes")
	}
	files := map[string]string{"/home/u/.ssh/config": "Host e\n HostName e.example\n" +
		"Match host nomatch exec \"no %h\"\n User skipped\n" +
		"Match exec \"yes %h %n %p %r\"\n User ran\n" +
		"Match !exec no\n Port 5\n"}
	c, err := Resolve(memOptions("e", files, exec))
	if err != nil {
		t.Fatal(err)
	}
	if c.User != "ran" || c.Port != 5 {
		t.Errorf("user %q port %d", c.User, c.Port)
	}
	want := []string{"yes e.example e 22 u", "no"}
	if !slices.Equal(ran, want) {
		t.Errorf("ran %q, want %q (exec after a failed criterion must not run)", ran, want)
	}
}

func TestOverrides(t *testing.T) {
	files := map[string]string{"/home/u/.ssh/config": "Host h\n Port 1\n User cu\n ForwardAgent yes\n AddressFamily inet\n"}
	tests := []struct {
		args []string
		want func(c *Config) bool
	}{
		{[]string{"h"}, func(c *Config) bool { return c.Port == 1 && c.User == "cu" && c.ForwardAgent == "yes" }},
		{[]string{"-p", "9", "-l", "lu", "h"}, func(c *Config) bool { return c.Port == 9 && c.User == "lu" }},
		{[]string{"-l", "lu", "au@h"}, func(c *Config) bool { return c.User == "lu" }},
		{[]string{"au@h", "-l", "lu"}, func(c *Config) bool { return c.User == "au" }},
		{[]string{"-a", "-6", "h"}, func(c *Config) bool { return c.ForwardAgent == "no" && c.AddressFamily == "inet6" }},
		{[]string{"-o", "ConnectTimeout=2m", "h"}, func(c *Config) bool { return c.ConnectTimeout == 2*time.Minute }},
		{[]string{"-o", "Mosh=yes", "h"}, func(c *Config) bool { return c.Mosh.Use == "yes" }},
		{[]string{"-J", "j1,j2", "h"}, func(c *Config) bool { return c.ProxyJump == "j1,j2" }},
		{[]string{"ssh://su@h:44"}, func(c *Config) bool { return c.User == "su" && c.Port == 44 }},
	}
	for _, tt := range tests {
		f, host, _, err := ParseSSHArgs(tt.args)
		if err != nil {
			t.Fatal(err)
		}
		o := memOptions(host, files, nil)
		o.Flags = f
		c, err := Resolve(o)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if !tt.want(c) {
			t.Errorf("%q: got %+v", tt.args, c)
		}
	}
}

func TestIgnoresMosh(t *testing.T) {
	for list, want := range map[string]bool{"Mosh*": true, "mosh*": true, IgnoreUnknownLine[len("IgnoreUnknown "):]: true,
		"Mosh,MoshServer": false, "Foo": false, "*": true} {
		if got := IgnoresMosh(list); got != want {
			t.Errorf("IgnoresMosh(%q) = %v", list, got)
		}
	}
}

// fanOut is an Include line naming file twelve times.
func fanOut(file string) string {
	return "Include" + strings.Repeat(" "+file, 12) + "\n"
}
