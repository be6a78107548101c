package bootstrap

import (
	"slices"
	"testing"
)

func TestServerCommand(t *testing.T) {
	env := map[string]string{"LANG": "C.UTF-8", "LC_ALL": ""}
	locale := LocaleArgs(func(n string) (string, bool) { v, ok := env[n]; return v, ok })
	tests := []struct {
		name string
		cmd  ServerCommand
		want string
	}{
		{name: "wrapper example", // PROTOCOL.md §17.3 [V]
			cmd:  ServerCommand{Colors: 256, Ports: "60001:60010", Locale: locale, Command: []string{"ls", "-l", "a b"}},
			want: `mosh-server 'new' '-c' '256' '-s' '-p' '60001:60010' '-l' 'LANG=C.UTF-8' '-l' 'LC_ALL=' '--' 'ls' '-l' 'a b'`},
		{name: "any, verbatim server, quote",
			cmd:  ServerCommand{Server: "/opt/bin/mosh-server -v", Bind: "any", Command: []string{"echo", "it's"}},
			want: `/opt/bin/mosh-server -v 'new' '-c' '0' '--' 'echo' 'it'\''s'`},
		{name: "remote ip, bind ip",
			cmd:  ServerCommand{Colors: 8, Bind: "127.0.0.1", RemoteIP: true},
			want: `sh -c '[ -n "$SSH_CONNECTION" ] && printf "\nMOSH SSH_CONNECTION %s\n" "$SSH_CONNECTION"' ; mosh-server 'new' '-c' '8' '-i' '127.0.0.1'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cmd.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestExternalArgv(t *testing.T) {
	e := ExternalSSH{Command: []string{"ssh", "-F", "cfg"}, Args: []string{"-p", "2222"}, Destination: "u@h", Family: "inet"}
	got := e.Argv("REMOTE")
	want := []string{"ssh", "-F", "cfg", "-p", "2222", "-n", "-tt", "-4", "u@h", "--", "REMOTE"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
