package main

import (
	"fmt"
	"os"
	"strings"

	"ssh-mosh/internal/setup"
	"ssh-mosh/sshconf"
)

// runSetup installs the shell alias and the IgnoreUnknown line:
// `ssh-mosh setup [--dry-run]`.
func runSetup(args []string) int {
	dry := false
	for _, a := range args {
		switch a {
		case "--dry-run", "-n":
			dry = true
		case "-h", "--help":
			fmt.Println("usage: ssh-mosh setup [--dry-run]")
			return 0
		default:
			fmt.Fprintf(os.Stderr, "ssh-mosh setup: unknown argument %q\nusage: ssh-mosh setup [--dry-run]\n", a)
			return 2
		}
	}
	opts, err := sshconf.DefaultOptions()
	if err != nil || opts.HomeDir == "" {
		fmt.Fprintf(os.Stderr, "ssh-mosh setup: cannot find the home directory: %v\n", err)
		return 1
	}
	home := opts.HomeDir
	if h := os.Getenv("HOME"); h != "" {
		home = h // the shells read their rc files from $HOME
	}
	changes, err := setup.Run(setup.Options{Home: home, SSHHome: opts.HomeDir, DryRun: dry, Out: os.Stdout})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh setup: %v\n", err)
		return 1
	}
	if len(changes) == 0 {
		fmt.Println("ssh-mosh setup: everything is already in place")
	} else if !dry {
		fmt.Println("ssh-mosh setup: open a new shell (or source its rc file) to use the ssh function")
	}
	return 0
}

// runConfig prints the resolved configuration of a host in `ssh -G` form:
// `ssh-mosh config [ssh options] HOST`.
func runConfig(args []string) int {
	cfg, _, _, err := resolveArgs(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh config: %v\n", err)
		return 255
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(os.Stderr, "ssh-mosh: warning: %s\n", w)
	}
	if _, err := cfg.WriteTo(os.Stdout); err != nil {
		return 1
	}
	return 0
}

// resolveArgs parses an ssh command line and resolves its destination
// with the running user's configuration files.
func resolveArgs(args []string) (*sshconf.Config, sshconf.Flags, []string, error) {
	flags, host, command, err := sshconf.ParseSSHArgs(args)
	if err != nil {
		return nil, flags, nil, err
	}
	if host == "" {
		return nil, flags, nil, fmt.Errorf("no destination given")
	}
	opts, err := setup.ConfigOptions()
	if err != nil {
		return nil, flags, nil, err
	}
	opts.Host, opts.Flags = host, flags
	cfg, err := sshconf.Resolve(opts)
	return cfg, flags, command, err
}

// runShouldMosh exits 0 when an ssh invocation should become a mosh
// session: `ssh-mosh --should-mosh ARGS…` with ssh's own arguments. The
// shell function checks that stdin and stdout are terminals; this checks
// the rest (see shouldMosh).
func runShouldMosh(args []string) int {
	flags, _, command, err := sshconf.ParseSSHArgs(args)
	if err != nil || !interactiveLogin(flags, command) {
		return 1
	}
	cfg, _, _, err := resolveArgs(args)
	if err != nil || cfg.Mosh.Use != "yes" {
		return 1
	}
	return 0
}

// nonInteractiveSwitches are the ssh flags without a value after which the
// invocation is not a plain interactive login: no shell (-N), background
// (-f), no tty (-T), subsystem (-s, as sftp uses), stdin from /dev/null
// (-n), X11 forwarding (-X, -Y, which mosh cannot carry), print
// configuration (-G), version (-V).
const nonInteractiveSwitches = "NfTsnXYGV"

// nonInteractiveValues are the ssh flags with a value that mean the same:
// forwardings (-L -R -D -W -w), control commands (-O), queries (-Q).
const nonInteractiveValues = "LRDWwOQ"

// nonInteractiveOptions are -o keywords with the same effect.
var nonInteractiveOptions = map[string]bool{
	"remotecommand": true, "sessiontype": true, "localforward": true, "remoteforward": true,
	"dynamicforward": true, "forkafterauthentication": true, "stdinnull": true,
	"requesttty": true, "forwardx11": true, "localcommand": true, "permitlocalcommand": true,
	"clearallforwardings": true, "tunnel": true,
}

// interactiveLogin reports whether an ssh command line asks for an
// interactive login shell and nothing else. scp, sftp, rsync and git all
// pass a remote command or -s, so they never qualify (and, being separate
// programs, they run ssh directly, not the shell function).
func interactiveLogin(flags sshconf.Flags, command []string) bool {
	if len(command) > 0 {
		return false
	}
	for _, c := range []byte(nonInteractiveSwitches) {
		if flags.Switches[c] > 0 {
			return false
		}
	}
	for _, c := range []byte(nonInteractiveValues) {
		if len(flags.Values[c]) > 0 {
			return false
		}
	}
	for _, o := range flags.Overrides {
		if nonInteractiveOptions[strings.ToLower(o.Keyword)] {
			return false
		}
	}
	return true
}
