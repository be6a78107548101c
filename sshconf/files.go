package sshconf

import (
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultOptions returns Options for the running user: the password-file
// home directory and name, the real environment, ~/.ssh/config and
// /etc/ssh/ssh_config, the real file system and Match exec through the
// user's shell. This is the only part of the package that touches the
// operating system.
func DefaultOptions() (Options, error) {
	o := Options{
		Env:          os.LookupEnv,
		SystemConfig: "/etc/ssh/ssh_config",
		UID:          os.Getuid(),
		Open:         func(name string) (io.ReadCloser, error) { return os.Open(name) },
		Glob:         filepath.Glob,
		Exec:         execShell,
		UserHome: func(name string) (string, bool) {
			u, err := user.Lookup(name)
			if err != nil {
				return "", false
			}
			return u.HomeDir, true
		},
	}
	u, err := user.LookupId(strconv.Itoa(o.UID))
	if err == nil {
		o.LocalUser, o.HomeDir = u.Username, u.HomeDir
	} else {
		o.LocalUser = os.Getenv("USER")
		o.HomeDir = os.Getenv("HOME")
	}
	if o.HomeDir != "" {
		o.UserConfig = filepath.Join(o.HomeDir, ".ssh", "config")
	}
	if h, err := os.Hostname(); err == nil {
		o.LocalHost = h
	}
	return o, nil
}

// execShell runs cmd with $SHELL (or /bin/sh) -c, stdin and stdout on
// /dev/null and stderr passed through, as ssh does for Match exec.
func execShell(cmd string) bool {
	shell := os.Getenv("SHELL")
	if shell == "" || !strings.HasPrefix(shell, "/") {
		shell = "/bin/sh"
	}
	c := exec.Command(shell, "-c", cmd)
	c.Stderr = os.Stderr
	return c.Run() == nil
}
