package main

import (
	"fmt"
	"os"
)

// runSetup installs the shell alias and the IgnoreUnknown line.
// Placeholder until the sshconf/setup work lands.
func runSetup(args []string) int {
	fmt.Fprintln(os.Stderr, "ssh-mosh: setup is not implemented yet")
	return 2
}

// runConfig prints the resolved configuration of a host in `ssh -G` form.
// Placeholder until the sshconf work lands.
func runConfig(args []string) int {
	fmt.Fprintln(os.Stderr, "ssh-mosh: config is not implemented yet")
	return 2
}

// runShouldMosh exits 0 when an ssh invocation should become a mosh session.
// Placeholder until the sshconf/setup work lands.
func runShouldMosh(args []string) int { return 1 }
