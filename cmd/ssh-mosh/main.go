// Command ssh-mosh is a mobile shell that plugs into the user's SSH setup:
// `ssh-mosh [options] [user@]host [-- command]` resolves the host as OpenSSH
// would, logs in over SSH, starts mosh-server there and then keeps the
// session alive over UDP as a mosh 1.4.0 compatible client.
//
// Other forms:
//
//	ssh-mosh --local [-- command]   a local session on 127.0.0.1, no SSH
//	ssh-mosh --connect IP PORT      join a running server (key in MOSH_KEY)
//	ssh-mosh config [ssh options] HOST   print the resolved configuration
//	ssh-mosh setup [--dry-run]      install the `ssh` alias and IgnoreUnknown
//
// The dispatch below is the only shared piece of this package: each mode
// lives in its own file.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches to a subcommand or to the session mode and returns the exit
// status.
func run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "setup":
			return runSetup(args[1:])
		case "config":
			return runConfig(args[1:])
		case "--should-mosh":
			return runShouldMosh(args[1:])
		}
	}
	return runSession(args)
}
