// Package bootstrap gets a mosh session going: it logs in over SSH with
// golang.org/x/crypto/ssh, driven entirely by an already resolved
// sshconf.Config (authentication in OpenSSH's order, known_hosts checking,
// ProxyJump chains, ProxyCommand, agent forwarding), runs mosh-server there
// on a pty with the command line of mosh's wrapper, and reads back the
// "MOSH CONNECT <port> <key>" answer (../shared/spec/PROTOCOL.md §15, §17).
//
// It also runs the same remote command through a system ssh program
// (RunSSHCommand) and locally with no SSH at all (StartLocal), so every way
// of starting a server goes through one answer parser (ReadAnswer).
//
// It does not read configuration files (the caller resolves them with
// sshconf), does not talk to the user directly (questions go through the
// Prompt interface, progress through Logf), and does not run the mosh client.
package bootstrap
