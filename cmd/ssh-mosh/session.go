package main

import (
	"fmt"
	"os"
)

// runSession parses the ssh- and mosh-style flags and runs a session.
// Placeholder until the bootstrap work lands.
func runSession(args []string) int {
	fmt.Fprintln(os.Stderr, "ssh-mosh: sessions are not implemented yet")
	return 2
}
