package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"ssh-mosh/bootstrap"
	"ssh-mosh/internal/tty"
	"ssh-mosh/sshconf"
)

// Exit statuses: ssh's 255 for connection, authentication and host key
// failures (and usage errors, as ssh); 1 when the server could not start.
const (
	exitSSH    = 255
	exitServer = 1
)

// sessionTimeout bounds the whole bootstrap, prompts included.
const sessionTimeout = 5 * time.Minute

// runSession parses the ssh- and mosh-style flags and runs a session:
// SSH in, start mosh-server, then become the mosh client.
func runSession(args []string) int {
	o, err := parseFlags(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh: %v\n", err)
		fmt.Fprint(os.Stderr, usageLine)
		return exitSSH
	}
	switch {
	case o.help:
		fmt.Print(helpText)
		return 0
	case o.connect:
		return connectMode(o, args)
	case o.local:
		return localMode(o, args)
	}
	cfg, err := resolve(o.host, o.flags)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh: %v\n", err)
		return exitSSH
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(os.Stderr, "ssh-mosh: warning: %s\n", w)
	}
	if cfg.Mosh.Use == "no" {
		return execSSH(o.sshArgs)
	}
	applyMoshFlags(o, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	var (
		s        *bootstrap.Session
		closeSSH func()
	)
	if o.sshCommand == "" && liveControlMaster(cfg, o.host, o.flags.ConfigFile) {
		o.sshCommand = "ssh"
		if o.flags.Switches['v'] > 0 {
			fmt.Fprintf(os.Stderr, "ssh-mosh: reusing the ssh master at %s\n", cfg.ControlPath)
		}
	}
	if o.sshCommand != "" {
		s, err = startExternal(ctx, o, cfg)
	} else {
		s, closeSSH, err = startNative(ctx, o, cfg)
	}
	if err != nil {
		return report(err)
	}
	return runClient(clientParams{Client: o.client, IP: s.IP, Port: s.Port, Key: s.Key,
		Predict: cfg.Mosh.Predict, PredictOverwrite: cfg.Mosh.PredictOverwrite, NoInit: o.noInit, Args: args,
		Bootstrap: closeSSH})
}

// resolve computes a host's configuration with sshconf, for the user
// whose HOME this process has (so a test or a sandbox can point HOME
// elsewhere; OpenSSH itself takes the password file's directory).
func resolve(host string, flags sshconf.Flags) (*sshconf.Config, error) {
	opts, err := sshconf.DefaultOptions()
	if err != nil {
		return nil, err
	}
	if home := os.Getenv("HOME"); home != "" && home != opts.HomeDir {
		opts.HomeDir = home
		opts.UserConfig = home + "/.ssh/config"
	}
	opts.Host, opts.Flags = host, flags
	return sshconf.Resolve(opts)
}

// applyMoshFlags lets the command line override the Mosh* keywords.
func applyMoshFlags(o *options, cfg *sshconf.Config) {
	if o.server != "" {
		cfg.Mosh.Server = o.server
	}
	if o.moshPort != "" {
		cfg.Mosh.Ports = o.moshPort
	}
	if o.predict != "" {
		cfg.Mosh.Predict = o.predict
	}
	if o.predictOverwrite {
		cfg.Mosh.PredictOverwrite = true
	}
	if o.remoteIP != "" {
		cfg.Mosh.RemoteIP = o.remoteIP
	}
}

// serverCommand builds mosh's server command line for cfg.
func serverCommand(cfg *sshconf.Config, command []string) bootstrap.ServerCommand {
	return bootstrap.ServerCommand{
		Server:  cfg.Mosh.Server,
		Colors:  tty.LookupCapabilities(os.Getenv("TERM")).Colors,
		Ports:   cfg.Mosh.Ports,
		Locale:  bootstrap.LocaleArgs(os.LookupEnv),
		Command: command,
	}
}

// startNative logs in with the native client and starts the server. On
// success it also returns the function that waits for the server's SSH
// session to wind down and then closes the connection (Session.Wait): the
// client need not wait for it.
func startNative(ctx context.Context, o *options, cfg *sshconf.Config) (*bootstrap.Session, func(), error) {
	prog := &progress{w: os.Stderr, verbose: o.flags.Switches['v'] > 0}
	defer prog.Stop()
	d := &bootstrap.Dialer{
		Resolve: func(hop string) (*sshconf.Config, error) {
			return resolve(hopDestination(hop), sshconf.Flags{ConfigFile: o.flags.ConfigFile})
		},
		Logf:   prog.Logf,
		Stderr: os.Stderr,
	}
	if p := openPrompt(); p != nil {
		d.Prompt = quietPrompt{p, prog}
	}
	c, err := d.Dial(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	w, h := 80, 24
	if t, err := tty.Open(os.Stdin); err == nil {
		if cols, rows, err := t.Size(); err == nil && cols > 0 && rows > 0 {
			w, h = cols, rows
		}
	}
	prog.Logf("bootstrap: %s: starting %s", cfg.OriginalHost, cfg.Mosh.Server)
	s, err := c.StartServer(ctx, bootstrap.StartOptions{
		Command: serverCommand(cfg, o.command),
		Term:    os.Getenv("TERM"), Width: w, Height: h,
		RemoteIP: cfg.Mosh.RemoteIP,
		Echo:     os.Stdout,
	})
	if err != nil {
		c.Close() // best effort
		return nil, nil, err
	}
	return s, func() { s.Wait(); c.Close() }, nil
}

// hopDestination turns a ProxyJump element [user@]host[:port] into a
// destination sshconf.Resolve takes (an ssh:// URI when a port is given).
func hopDestination(hop string) string {
	if strings.HasPrefix(hop, "ssh://") {
		return hop
	}
	at := strings.LastIndexByte(hop, '@')
	hostPort := hop[at+1:]
	if strings.Count(hostPort, ":") == 1 || strings.HasPrefix(hostPort, "[") {
		return "ssh://" + hop
	}
	return hop
}

// quietPrompt silences pending progress lines before each question.
type quietPrompt struct {
	p    bootstrap.Prompt
	prog *progress
}

// Secret, Line and Notice pass through to the terminal prompt.
func (q quietPrompt) Secret(s string) (string, error) { q.prog.Stop(); return q.p.Secret(s) }
func (q quietPrompt) Line(s string) (string, error)   { q.prog.Stop(); return q.p.Line(s) }
func (q quietPrompt) Notice(s string)                 { q.prog.Stop(); q.p.Notice(s) }

// startExternal starts the server through the system ssh (--ssh).
func startExternal(ctx context.Context, o *options, cfg *sshconf.Config) (*bootstrap.Session, error) {
	words, err := shellWords(o.sshCommand)
	if err != nil || len(words) == 0 {
		return nil, fmt.Errorf("ssh-mosh: bad --ssh command %q", o.sshCommand)
	}
	// The user's ssh options go to ssh as they are; only the destination
	// and the remote command are ours to place.
	var opts []string
	for i, a := range o.sshArgs[:len(o.sshArgs)-len(o.command)] {
		if i != o.hostPos && a != "--" {
			opts = append(opts, a)
		}
	}
	env := os.Environ()
	e := bootstrap.ExternalSSH{Command: words, Args: opts, Destination: o.host, Family: o.flags.AddressFamily, Env: env}
	return e.StartServer(ctx, serverCommand(cfg, o.command), cfg.Mosh.RemoteIP, cfg.HostName, os.Stdout)
}

// report prints a bootstrap error with its fix and returns the exit status.
func report(err error) int {
	msg := strings.TrimPrefix(err.Error(), "bootstrap: ")
	fmt.Fprintf(os.Stderr, "ssh-mosh: %s\n", msg)
	var nf *bootstrap.ServerNotFoundError
	var sf *bootstrap.ServerFailedError
	if errors.As(err, &nf) || errors.As(err, &sf) {
		return exitServer
	}
	return exitSSH
}

// execSSH replaces this process with plain ssh and the same arguments
// (Mosh no in the configuration).
func execSSH(args []string) int {
	path, err := exec.LookPath("ssh")
	if err != nil {
		fmt.Fprintf(os.Stderr, "ssh-mosh: ssh not found: %v\n", err)
		return exitSSH
	}
	err = syscall.Exec(path, append([]string{"ssh"}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "ssh-mosh: exec %s: %v\n", path, err)
	return exitSSH
}
