package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// ExternalSSH describes a server start through a system ssh program
// instead of the native client (ssh-mosh --ssh=COMMAND), as mosh's wrapper
// runs it (PROTOCOL.md §17.3) but without its fake ProxyCommand, so the
// user's ProxyCommand and ProxyJump stay in force.
type ExternalSSH struct {
	// Command is the ssh program and its first words (already split).
	Command []string
	// Args are the user's ssh options, passed before ours.
	Args []string
	// Destination is [user@]host as the user typed it.
	Destination string
	// Family is "inet" or "inet6" for -4/-6, "" for neither.
	Family string
	// Env is the environment of ssh; nil means the process's.
	Env []string
}

// Argv returns the full ssh command line: the command, the user's
// options, -n -tt [-4|-6], the destination, -- and the remote command.
func (e ExternalSSH) Argv(remote string) []string {
	argv := append(append([]string{}, e.Command...), e.Args...)
	argv = append(argv, "-n", "-tt")
	switch e.Family {
	case "inet":
		argv = append(argv, "-4")
	case "inet6":
		argv = append(argv, "-6")
	}
	return append(argv, e.Destination, "--", remote)
}

// StartServer runs the server through ssh with stdout and stderr on one
// pipe, reads the answer and picks the address: the MOSH IP or
// SSH_CONNECTION line in "remote" mode (the default here, since no fake
// proxy reports the address), else local resolution of hostName.
func (e ExternalSSH) StartServer(ctx context.Context, cmd ServerCommand, mode, hostName string, echo io.Writer) (*Session, error) {
	if mode == "" || mode == "proxy" {
		mode = "remote"
	}
	cmd.RemoteIP = mode == "remote"
	argv := e.Argv(cmd.String())
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Env = e.Env
	a, status, err := runAnswer(c, echo, cmd.Ports)
	if err != nil {
		if errors.Is(err, ErrNoConnect) && (status == 255 || status < 0) {
			return nil, fmt.Errorf("bootstrap: %s exited with status %d before mosh-server answered", argv[0], status)
		}
		if errors.Is(err, ErrNoConnect) && NotFound(status, a.Output) {
			return nil, &ServerNotFoundError{Host: e.Destination, Output: a.Output}
		}
		return nil, &ServerFailedError{Host: e.Destination, Status: status, Output: a.Output, Err: err}
	}
	ip := a.IP
	if ip == "" && mode == "remote" {
		ip = a.SSHConnectionIP
	}
	if ip == "" {
		if ip, err = resolveHost(ctx, hostName, e.Family, nil); err != nil {
			return nil, err
		}
	}
	return &Session{IP: ip, Port: a.Port, Key: a.Key, Answer: a}, nil
}

// runAnswer starts c with stdout and stderr on one pipe, reads the answer,
// then drains the pipe and waits for c. status is c's exit status (-1 if
// it did not exit normally).
func runAnswer(c *exec.Cmd, echo io.Writer, ports string) (Answer, int, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return Answer{}, -1, fmt.Errorf("bootstrap: pipe: %w", err)
	}
	c.Stdout, c.Stderr = pw, pw
	if err := c.Start(); err != nil {
		pr.Close() // best effort
		pw.Close() // best effort
		return Answer{}, -1, fmt.Errorf("bootstrap: run %s: %w", c.Path, err)
	}
	pw.Close() // best effort: the child holds its own copy
	a, aerr := ReadAnswer(pr, echo, strings.Contains(ports, ":"))
	go func() {
		io.Copy(io.Discard, pr) // best effort
		pr.Close()              // best effort
	}()
	werr := c.Wait()
	status := 0
	if werr != nil {
		status = -1
		var ee *exec.ExitError
		if errors.As(werr, &ee) {
			status = ee.ExitCode()
		}
	}
	return a, status, aerr
}

// LocalServer describes a server started on this machine with no SSH
// (ssh-mosh --local): "<server> <quoted args>" through /bin/sh -c in the
// home directory, with SSH_CONNECTION removed (PROTOCOL.md §17.3).
type LocalServer struct {
	// Server is the mosh-server program (verbatim shell words).
	Server string
	// Dir is the working directory (the home directory).
	Dir string
	// Env is the base environment; nil means the process's.
	Env []string
}

// StartServer runs the local server bound to 127.0.0.1 and reads its answer.
func (l LocalServer) StartServer(ctx context.Context, cmd ServerCommand, echo io.Writer) (*Session, error) {
	cmd.Server, cmd.Bind, cmd.RemoteIP = l.Server, "127.0.0.1", false
	c := exec.CommandContext(ctx, "/bin/sh", "-c", cmd.String())
	c.Dir = l.Dir
	env := l.Env
	if env == nil {
		env = os.Environ()
	}
	for _, kv := range env {
		if !strings.HasPrefix(kv, "SSH_CONNECTION=") {
			c.Env = append(c.Env, kv)
		}
	}
	a, status, err := runAnswer(c, echo, cmd.Ports)
	if err != nil {
		if errors.Is(err, ErrNoConnect) && NotFound(status, a.Output) {
			return nil, &ServerNotFoundError{Host: "this machine", Output: a.Output}
		}
		return nil, &ServerFailedError{Host: "this machine", Status: status, Output: a.Output, Err: err}
	}
	return &Session{IP: "127.0.0.1", Port: a.Port, Key: a.Key, Answer: a}, nil
}
