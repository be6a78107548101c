package sshconf

import "time"

// Config is what OpenSSH would use to reach one host: the values `ssh -G HOST`
// prints for the keywords ssh-mosh needs, after Host/Match/Include, tokens,
// `~`, command-line overrides and OpenSSH's defaults. Every field holds the
// final value (never empty where OpenSSH has a default).
//
// Multi-valued keywords (IdentityFile, CertificateFile, SendEnv, SetEnv,
// UserKnownHostsFile, GlobalKnownHostsFile) keep every value in order.
type Config struct {
	// OriginalHost is the host as the user typed it (after any user@ was
	// split off); %n.
	OriginalHost string
	// HostName is the address to connect to (%h), defaulting to OriginalHost.
	HostName string
	Port     int    // default 22
	User     string // default: the local user name

	IdentityFiles    []string // expanded paths, in order; OpenSSH's defaults when unset
	IdentitiesOnly   bool
	IdentityAgent    string   // expanded; "none", "SSH_AUTH_SOCK" or a path; "" = unset (use $SSH_AUTH_SOCK)
	CertificateFiles []string // expanded paths
	ForwardAgent     string   // "yes", "no", or a socket path / $ENV as OpenSSH allows

	ProxyJump    string // comma-separated hops as ssh -G prints them (last hop normalized); "" when unset or "none"
	ProxyCommand string // with tokens expanded; "" when unset or "none"

	UserKnownHostsFiles   []string // expanded; default ~/.ssh/known_hosts ~/.ssh/known_hosts2
	GlobalKnownHostsFiles []string // default /etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2
	StrictHostKeyChecking string   // "yes", "no", "ask", "accept-new" (OpenSSH's "off" = "no"); default "ask"
	HostKeyAlias          string
	HostKeyAlgorithms     []string // the resolved list, as ssh -G prints it

	ConnectTimeout      time.Duration // 0 = none
	ConnectionAttempts  int           // default 1
	ServerAliveInterval time.Duration
	ServerAliveCountMax int    // default 3
	AddressFamily       string // "any", "inet", "inet6"
	BindAddress         string

	ControlMaster string // "no", "yes", "ask", "auto", "autoask"
	ControlPath   string // expanded; "" when unset or "none"

	SendEnv    []string
	SetEnv     []string // NAME=VALUE
	RequestTTY string   // "auto", "no", "yes", "force"
	BatchMode  bool
	LogLevel   string // upper case as ssh -G prints it: "INFO", "VERBOSE", "DEBUG" (= DEBUG1), "DEBUG2", "SILENT" (= QUIET) …

	Mosh Mosh

	// Warnings are problems that do not stop ssh-mosh but that the user
	// should fix, such as a Mosh keyword plain ssh would reject.
	Warnings []string
}

// Mosh holds the ssh-mosh keywords of a host stanza. OpenSSH does not know
// them; ~/.ssh/config needs "IgnoreUnknown Mosh*" before their first use for
// plain ssh to accept the file (see Setup).
type Mosh struct {
	Use              string // "yes", "no", "auto"; default "auto" (Mosh keyword)
	Server           string // remote mosh-server command; default "mosh-server"
	Ports            string // "N" or "N:M"; "" = server default (60001:60999)
	Predict          string // "adaptive", "always", "never", "experimental"; default "adaptive"
	PredictOverwrite bool
	RemoteIP         string // "proxy", "local", "remote"; default "proxy"
}
