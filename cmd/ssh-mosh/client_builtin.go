package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	"ssh-mosh/internal/client"
)

// runBuiltinClient runs internal/client in this process. The session's
// settings travel in the environment variables mosh-client reads, so
// MOSH_ESCAPE_KEY, MOSH_TITLE_NOPREFIX and the rest behave as with mosh.
func runBuiltinClient(p clientParams) int {
	os.Setenv("MOSH_KEY", p.Key) // client.Main reads and removes it
	os.Setenv("MOSH_PREDICTION_DISPLAY", predictMode(p))
	if p.PredictOverwrite {
		os.Setenv("MOSH_PREDICTION_OVERWRITE", "yes")
	}
	if p.NoInit {
		os.Setenv("MOSH_NO_TERM_INIT", "1")
	}
	status := client.Main(p.IP, strconv.Itoa(p.Port))
	return status
}

// predictMode is the prediction mode to use: the flag's, else the
// environment's, else adaptive.
func predictMode(p clientParams) string {
	if p.Predict != "" {
		return p.Predict
	}
	if v := os.Getenv("MOSH_PREDICTION_DISPLAY"); v != "" {
		return v
	}
	return "adaptive"
}

// execClient replaces this process with an external mosh client, with the
// environment and argv mosh's wrapper gives it (PROTOCOL.md §17.6). It only
// returns on failure, with the exit status to use.
func execClient(p clientParams) int {
	path, err := exec.LookPath(p.Client)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh: client %s not found: %v\n", p.Client, err)
		return 127
	}
	env := withEnv(os.Environ(), "MOSH_KEY="+p.Key, "MOSH_PREDICTION_DISPLAY="+predictMode(p))
	if p.PredictOverwrite {
		env = withEnv(env, "MOSH_PREDICTION_OVERWRITE=yes")
	}
	if p.NoInit {
		env = withEnv(env, "MOSH_NO_TERM_INIT=1")
	}
	argv := []string{p.Client, "-# " + strings.Join(p.Args, " ") + " |", p.IP, strconv.Itoa(p.Port)}
	err = syscall.Exec(path, argv, env)
	fmt.Fprintf(os.Stderr, "ssh-mosh: exec %s: %v\n", path, err)
	return 127
}
