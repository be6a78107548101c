package main

import (
	"context"
	"os"
	"os/exec"
	"time"

	"ssh-mosh/sshconf"
)

// controlCheckTimeout bounds `ssh -O check`.
const controlCheckTimeout = 5 * time.Second

// liveControlMaster reports whether cfg's ControlPath is the socket of a
// running OpenSSH master. x/crypto/ssh cannot speak the mux protocol, so
// such a session is bootstrapped through the system ssh, which reuses the
// master (no new login, no prompts).
func liveControlMaster(cfg *sshconf.Config, host string, configFile string) bool {
	if cfg.ControlPath == "" {
		return false
	}
	if fi, err := os.Stat(cfg.ControlPath); err != nil || fi.Mode()&os.ModeSocket == 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), controlCheckTimeout)
	defer cancel()
	args := []string{"-S", cfg.ControlPath, "-O", "check"}
	if configFile != "" {
		args = append(args, "-F", configFile)
	}
	cmd := exec.CommandContext(ctx, "ssh", append(args, host)...)
	return cmd.Run() == nil
}
