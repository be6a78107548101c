package sshconf

import (
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// DefaultOptions returns Options for the running user: the password-file
// home directory and name, the real environment, ~/.ssh/config and
// /etc/ssh/ssh_config and the real file system. Exec is left nil: this
// package may not run programs (see the layering rules), so the caller
// sets it (internal/setup.ConfigOptions runs Match exec through the
// user's shell). This is the only part of the package that touches the
// operating system.
func DefaultOptions() (Options, error) {
	o := Options{
		Env:          os.LookupEnv,
		SystemConfig: "/etc/ssh/ssh_config",
		UID:          os.Getuid(),
		Open:         func(name string) (io.ReadCloser, error) { return os.Open(name) },
		Glob:         filepath.Glob,
		Exists: func(name string) bool {
			_, err := os.Stat(name)
			return err == nil
		},
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
