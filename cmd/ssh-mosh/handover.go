package main

import "strings"

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
	// Bootstrap, when set, waits until the SSH session that started the
	// server has wound down and closes the connection. The built-in client
	// starts at once and leaves it to a goroutine; an external client
	// replaces this process, so it is called first.
	Bootstrap func()
}

// runClient runs the session's client: the built-in one (internal/client)
// unless --client names another program, which then replaces this process
// as mosh's wrapper does (PROTOCOL.md §17.6). It returns the exit status.
func runClient(p clientParams) int {
	if p.Client != "" {
		if p.Bootstrap != nil {
			p.Bootstrap()
		}
		return execClient(p)
	}
	if p.Bootstrap != nil {
		go p.Bootstrap()
	}
	return runBuiltinClient(p)
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
