package sshconf

import "io"

// Options is everything Resolve needs to know about one ssh invocation and
// its environment. Tests fill it by hand; DefaultOptions fills it for the
// running user.
type Options struct {
	// Host is the destination as typed: [user@]host, or ssh://[user@]host[:port].
	Host string
	// Flags are the command-line overrides (from ParseSSHArgs or by hand).
	Flags Flags

	// UserConfig and SystemConfig are read in that order when
	// Flags.ConfigFile is empty. Empty means "none".
	UserConfig   string
	SystemConfig string

	LocalUser string // %u, the default User, Match localuser
	HomeDir   string // the user's home directory from the password file: ~ and %d
	UID       int    // %i
	LocalHost string // %l, the local host name (%L is its first label)

	// Env looks up environment variables for ${NAME} and for the "~" of
	// Include (which, as in OpenSSH's glob, prefers $HOME). nil: none set.
	Env func(name string) (string, bool)
	// UserHome finds the home directory of ~user. nil: ~user is an error.
	UserHome func(name string) (string, bool)
	// Exec runs a Match exec command (tokens already expanded) and reports
	// whether it exited 0. nil: Resolve refuses a config that needs it.
	Exec func(cmd string) bool
	// Open opens a configuration file. nil: every file is missing.
	Open func(name string) (io.ReadCloser, error)
	// Exists reports whether a file exists: ssh drops a -i file that does
	// not. nil: every -i file is kept.
	Exists func(name string) bool
	// Glob lists the files matching an Include pattern, sorted. nil: none.
	Glob func(pattern string) ([]string, error)
}

// env looks a variable up through o.Env.
func (o *Options) env(name string) (string, bool) {
	if o.Env == nil {
		return "", false
	}
	return o.Env(name)
}
