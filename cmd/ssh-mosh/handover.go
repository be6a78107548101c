package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// clientParams is everything the mosh client needs to join a server.
type clientParams struct {
	Client           string   // program; "" means "mosh-client"
	IP               string   // server address
	Port             int      // server UDP port
	Key              string   // 22-character session key
	Predict          string   // MOSH_PREDICTION_DISPLAY; "" keeps the environment's, else "adaptive"
	PredictOverwrite bool     // MOSH_PREDICTION_OVERWRITE=yes
	NoInit           bool     // MOSH_NO_TERM_INIT=1
	Args             []string // our command line, shown in the client's argv as mosh does
}

// runClient replaces this process with the mosh client, with the
// environment and argv mosh's wrapper gives it (PROTOCOL.md §17.6). It only
// returns on failure, with the exit status to use.
func runClient(p clientParams) int {
	client := p.Client
	if client == "" {
		client = "mosh-client"
	}
	path, err := exec.LookPath(client)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh: client %s not found: %v\n", client, err)
		return 127
	}
	predict := p.Predict
	if predict == "" {
		predict = os.Getenv("MOSH_PREDICTION_DISPLAY")
	}
	if predict == "" {
		predict = "adaptive"
	}
	env := withEnv(os.Environ(), "MOSH_KEY="+p.Key, "MOSH_PREDICTION_DISPLAY="+predict)
	if p.PredictOverwrite {
		env = withEnv(env, "MOSH_PREDICTION_OVERWRITE=yes")
	}
	if p.NoInit {
		env = withEnv(env, "MOSH_NO_TERM_INIT=1")
	}
	argv := []string{client, "-# " + strings.Join(p.Args, " ") + " |", p.IP, strconv.Itoa(p.Port)}
	err = syscall.Exec(path, argv, env)
	fmt.Fprintf(os.Stderr, "ssh-mosh: exec %s: %v\n", path, err)
	return 127
}

// withEnv returns env with each NAME=VALUE of set replacing any earlier
// value of NAME.
func withEnv(env []string, set ...string) []string {
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		replaced := false
		for _, s := range set {
			if strings.HasPrefix(s, name+"=") {
				replaced = true
			}
		}
		if !replaced {
			out = append(out, kv)
		}
	}
	return append(out, set...)
}
