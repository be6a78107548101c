// Package setup installs ssh-mosh into a user's environment, git style:
// `ssh-mosh setup` puts an IgnoreUnknown line for the Mosh keywords at the
// top of ~/.ssh/config (so plain ssh keeps accepting the file) and an `ssh`
// shell function for bash, zsh and fish that runs ssh-mosh for hosts with
// "Mosh yes" and the real ssh otherwise. Every change is printed, a backup
// is kept of each file it edits, and a second run changes nothing.
//
// It also holds ConfigOptions, the sshconf.Options of the running user
// with Match exec run through the user's shell, because sshconf itself may
// not start programs.
//
// Unlike sshconf, this package touches the file system and runs programs.
package setup
