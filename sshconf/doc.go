// Package sshconf resolves the configuration of one SSH destination the way
// OpenSSH's ssh(1) does: ~/.ssh/config and /etc/ssh/ssh_config (or a file
// given with -F), Host and Match blocks, Include, first-obtained-value-wins,
// tokens such as %h and ${ENV}, command-line overrides and OpenSSH's
// defaults. The result, Config, carries the values `ssh -G` prints for the
// keywords ssh-mosh needs, plus the ssh-mosh keywords (Mosh, MoshServer,
// MoshPorts, MoshPredict, MoshPredictOverwrite, MoshRemoteIP).
//
// Parse reads one file from an io.Reader; Resolve evaluates the files for a
// host. Resolve reaches the outside world only through the hooks in Options
// (file reading, globbing, Match exec); DefaultOptions fills them for the
// running user. ParseSSHArgs splits an ssh command line.
//
// It is not an SSH client: it does not resolve DNS names (so
// CanonicalizeHostname is not performed), check file permissions or read
// known_hosts.
package sshconf
