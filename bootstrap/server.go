package bootstrap

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// StartOptions describe how to start mosh-server on a logged-in host.
type StartOptions struct {
	// Command is the server command line (mosh's wrapper's).
	Command ServerCommand
	// Term, Width and Height describe the pty the server runs on (the
	// wrapper's ssh -tt); Term "" means "xterm", a zero size 80x24.
	Term          string
	Width, Height int
	// RemoteIP picks the address the client will use, as mosh's
	// --experimental-remote-ip: "proxy" (default), "local" or "remote".
	RemoteIP string
	// Echo receives the server's other output lines (banners, errors);
	// nil drops them.
	Echo io.Writer
	// Environ is the local environment SendEnv picks from; nil means
	// os.Environ().
	Environ []string
	// LookupIP resolves a host name locally; nil means net.DefaultResolver.
	LookupIP func(ctx context.Context, host string) ([]net.IP, error)
}

// Session is a started server: where to send datagrams and with which key.
type Session struct {
	IP     string
	Port   int
	Key    string
	Answer Answer

	ended  chan struct{} // closed by windDown; nil when nothing winds down
	status int           // the remote exit status, once ended is closed
}

// ServerNotFoundError says the remote shell could not run mosh-server.
type ServerNotFoundError struct {
	Host   string
	Output []string
}

// Error says where mosh-server is missing and how to fix it.
func (e *ServerNotFoundError) Error() string {
	return fmt.Sprintf("bootstrap: mosh-server not found on %s: install mosh there, or set MoshServer/--server", e.Host)
}

// ServerFailedError says mosh-server ran but printed no usable connect
// line; Output is what it printed, Status its exit status (-1 unknown).
type ServerFailedError struct {
	Host   string
	Status int
	Output []string
	Err    error
}

// Error includes the status and what the server printed.
func (e *ServerFailedError) Error() string {
	msg := fmt.Sprintf("bootstrap: mosh-server on %s failed", e.Host)
	if e.Status >= 0 {
		msg += fmt.Sprintf(" (exit status %d)", e.Status)
	}
	msg += ": " + strings.TrimPrefix(e.Err.Error(), "bootstrap: ")
	if len(e.Output) > 0 {
		msg += "; it printed:\n  " + strings.Join(e.Output, "\n  ")
	}
	return msg
}

// Unwrap returns the answer-parsing error (ErrNoConnect, …).
func (e *ServerFailedError) Unwrap() error { return e.Err }

// drainTimeout bounds the wait for the SSH session to end after the
// connect line (the server's parent prints its banner and exits).
const drainTimeout = 10 * time.Second

// StartServer runs the server command on c in a pty, reads its answer and
// chooses the address for the client. Agent forwarding is requested when
// the host's ForwardAgent allows it.
//
// It returns as soon as the server has printed its connect line, so the
// client can start while the SSH session winds down: the session is kept
// open (and drained) in the background until the server reports that it
// detached or the remote command ends, bounded by drainTimeout, and then
// closed; Session.Wait waits for that. When the server fails, StartServer
// itself waits for the exit status it reports.
func (c *Client) StartServer(ctx context.Context, o StartOptions) (*Session, error) {
	mode := o.RemoteIP
	if mode == "" {
		mode = c.Config.Mosh.RemoteIP
	}
	o.Command.RemoteIP = mode == "remote"
	sess, err := c.NewSession()
	if err != nil {
		return nil, fmt.Errorf("bootstrap: %s: session: %w", c.Config.OriginalHost, err)
	}
	handedOver := false
	defer func() {
		if !handedOver {
			sess.Close() // best effort
		}
	}()
	c.forwardAgent(sess)
	c.sendEnv(sess, o.Environ)
	term, w, h := o.Term, o.Width, o.Height
	if term == "" {
		term = "xterm"
	}
	if w <= 0 || h <= 0 {
		w, h = 80, 24
	}
	if err := requestPty(sess, term, w, h); err != nil {
		return nil, fmt.Errorf("bootstrap: %s: pty: %w", c.Config.OriginalHost, err)
	}
	pr, pw := io.Pipe()
	sess.Stdout, sess.Stderr = pw, pw
	line := o.Command.String()
	if err := sess.Start(line); err != nil {
		return nil, fmt.Errorf("bootstrap: %s: start %s: %w", c.Config.OriginalHost, line, err)
	}
	done := make(chan error, 1)
	go func() {
		err := sess.Wait()
		pw.Close() // best effort
		done <- err
	}()
	stop := context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })
	// One buffer for the answer and what follows it (ReadAnswer and
	// watchDetach reuse it), so a detach message that arrives together
	// with the connect line is not lost.
	br := bufio.NewReader(pr)
	a, aerr := ReadAnswer(br, o.Echo, strings.Contains(o.Command.Ports, ":"))
	stop()
	c.logf("bootstrap: %s: server answered", c.Config.OriginalHost)
	detached := make(chan struct{})
	go watchDetach(br, detached)
	if aerr != nil {
		status := waitStatus(done, detached)
		c.logf("bootstrap: %s: session closed (status %d)", c.Config.OriginalHost, status)
		if errors.Is(aerr, ErrNoConnect) && NotFound(status, a.Output) {
			return nil, &ServerNotFoundError{Host: c.Config.OriginalHost, Output: a.Output}
		}
		return nil, &ServerFailedError{Host: c.Config.OriginalHost, Status: status, Output: a.Output, Err: aerr}
	}
	ip, err := c.chooseIP(ctx, mode, a, o.LookupIP)
	if err != nil {
		return nil, err
	}
	s := &Session{IP: ip, Port: a.Port, Key: a.Key, Answer: a, ended: make(chan struct{})}
	handedOver = true
	go s.windDown(sess, done, detached)
	return s, nil
}

// windDown waits for the end of the server's SSH session (see waitStatus),
// closes it and records the status for Wait.
func (s *Session) windDown(sess *ssh.Session, done <-chan error, detached <-chan struct{}) {
	s.status = waitStatus(done, detached)
	sess.Close() // best effort
	close(s.ended)
}

// Wait waits until the SSH session that started the server has ended or
// the server has detached (at most drainTimeout after the connect line)
// and returns the remote exit status: 0 after the detach message, -1 when
// unknown. The server must not lose its SSH session before then (it may
// not yet ignore SIGHUP), so close the connection only after Wait. A
// Session not started by Client.StartServer returns 0 at once.
func (s *Session) Wait() int {
	if s.ended == nil {
		return 0
	}
	<-s.ended
	return s.status
}

// waitStatus waits (bounded) for the session's end, or for the server's
// detach message (after which the server ignores SIGHUP and no longer
// needs the session), and returns the exit status: -1 when unknown, 0
// after the detach message.
func waitStatus(done <-chan error, detached <-chan struct{}) int {
	t := time.NewTimer(drainTimeout)
	defer t.Stop()
	select {
	case err := <-done:
		if err == nil {
			return 0
		}
		var ee *ssh.ExitError
		if errors.As(err, &ee) {
			return ee.ExitStatus()
		}
		return -1
	case <-detached:
		return 0
	case <-t.C:
		return -1
	}
}

// detachLine starts the message mosh-server's parent prints once the
// long-lived server has forked off (PROTOCOL.md §15.2 step 10).
const detachLine = "[mosh-server detached, pid = "

// watchDetach reads the rest of the session's output from br (the reader
// that read the answer, so nothing it buffered is lost), closes detached
// when the server's detach message goes by, and drains until EOF so the
// session can finish.
func watchDetach(br *bufio.Reader, detached chan<- struct{}) {
	seen := false
	for {
		line, err := br.ReadString('\n')
		if !seen && strings.Contains(line, detachLine) {
			close(detached)
			seen = true
		}
		if err != nil {
			return
		}
	}
}

// forwardAgent sets up agent forwarding on sess when ForwardAgent says so.
func (c *Client) forwardAgent(sess *ssh.Session) {
	fa := c.Config.ForwardAgent
	if fa == "" || fa == "no" {
		return
	}
	sock := fa
	if fa == "yes" {
		sock = agentSocket(c.Config, c.env)
	} else if name, ok := strings.CutPrefix(fa, "$"); ok {
		sock, _ = c.env(name)
	}
	if sock == "" {
		return
	}
	if err := agent.ForwardToRemote(c.Client, sock); err != nil {
		return // already registered on this connection, or no handler: best effort
	}
	requestAgent(sess)
}

// sendEnv passes the variables SendEnv names (shell-style patterns) and
// those SetEnv sets, as ssh does; the server may refuse each one (AcceptEnv),
// which is not an error.
func (c *Client) sendEnv(sess *ssh.Session, environ []string) {
	if environ == nil {
		environ = os.Environ()
	}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		for _, pat := range c.Config.SendEnv {
			if ok, _ := path.Match(pat, name); ok {
				setenv(sess, name, value)
				break
			}
		}
	}
	for _, kv := range c.Config.SetEnv {
		name, value, _ := strings.Cut(kv, "=")
		setenv(sess, name, value)
	}
}

// chooseIP picks the client's address for mode (PROTOCOL.md §17.5 and the
// wrapper's --experimental-remote-ip).
func (c *Client) chooseIP(ctx context.Context, mode string, a Answer, lookup func(context.Context, string) ([]net.IP, error)) (string, error) {
	if a.IP != "" {
		return a.IP, nil
	}
	switch mode {
	case "remote":
		if a.SSHConnectionIP == "" {
			return "", fmt.Errorf("bootstrap: %s: the server printed no SSH_CONNECTION address", c.Config.OriginalHost)
		}
		return a.SSHConnectionIP, nil
	case "", "proxy":
		if c.Direct && c.RemoteIP != nil {
			return c.RemoteIP.String(), nil
		}
	}
	return resolveHost(ctx, c.Config.HostName, c.Config.AddressFamily, lookup)
}

// resolveHost resolves host locally and returns its first address of the
// wanted family ("inet", "inet6", or any with IPv4 first).
func resolveHost(ctx context.Context, host, family string, lookup func(context.Context, string) ([]net.IP, error)) (string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String(), nil
	}
	if lookup == nil {
		lookup = func(ctx context.Context, h string) ([]net.IP, error) {
			return net.DefaultResolver.LookupIP(ctx, "ip", h)
		}
	}
	ips, err := lookup(ctx, host)
	if err != nil {
		return "", fmt.Errorf("bootstrap: resolve %s: %w", host, err)
	}
	var v4, v6 []net.IP
	for _, ip := range ips {
		if ip.To4() != nil {
			v4 = append(v4, ip)
		} else {
			v6 = append(v6, ip)
		}
	}
	switch {
	case family != "inet6" && len(v4) > 0:
		return v4[0].String(), nil
	case family != "inet" && len(v6) > 0:
		return v6[0].String(), nil
	}
	return "", fmt.Errorf("bootstrap: resolve %s: no usable address", host)
}
