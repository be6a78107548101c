package main

import (
	"testing"

	"ssh-mosh/sshconf"
)

func TestInteractiveLogin(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"host"}, true},
		{[]string{"-p", "2222", "-l", "me", "-A", "host"}, true},
		{[]string{"-t", "host"}, true},
		{[]string{"host", "ls"}, false},                                            // remote command (rsync, git)
		{[]string{"-x", "-oRequestTTY=no", "--", "host", "scp", "-t", "."}, false}, // scp
		{[]string{"-s", "host", "sftp"}, false},                                    // sftp
		{[]string{"-N", "host"}, false},
		{[]string{"-f", "host"}, false},
		{[]string{"-T", "host"}, false},
		{[]string{"-n", "host"}, false},
		{[]string{"-X", "host"}, false},
		{[]string{"-L", "8080:localhost:80", "host"}, false},
		{[]string{"-R8080:localhost:80", "host"}, false},
		{[]string{"-D", "1080", "host"}, false},
		{[]string{"-W", "h:22", "host"}, false},
		{[]string{"-O", "check", "host"}, false},
		{[]string{"-o", "RemoteCommand=top", "host"}, false},
		{[]string{"-oSessionType=none", "host"}, false},
		{[]string{"-G", "host"}, false},
	}
	for _, tt := range tests {
		flags, _, command, err := sshconf.ParseSSHArgs(tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got := interactiveLogin(flags, command); got != tt.want {
			t.Errorf("%q: interactiveLogin = %v, want %v", tt.args, got, tt.want)
		}
	}
}
