package setup

import (
	"os"
	"os/exec"
	"strings"

	"ssh-mosh/sshconf"
)

// ConfigOptions returns sshconf.DefaultOptions with Exec set to run Match
// exec commands as ssh does: through $SHELL (or /bin/sh) -c, with stdin
// and stdout on /dev/null and stderr passed through.
func ConfigOptions() (sshconf.Options, error) {
	o, err := sshconf.DefaultOptions()
	if err != nil {
		return o, err
	}
	o.Exec = ExecShell
	return o, nil
}

// ExecShell runs cmd with the user's shell and reports whether it exited 0.
func ExecShell(cmd string) bool {
	shell := os.Getenv("SHELL")
	if !strings.HasPrefix(shell, "/") {
		shell = "/bin/sh"
	}
	c := exec.Command(shell, "-c", cmd)
	c.Stderr = os.Stderr
	return c.Run() == nil
}
