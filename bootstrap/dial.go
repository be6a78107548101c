package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"ssh-mosh/sshconf"
)

// Dialer logs in to hosts described by resolved sshconf Configs.
type Dialer struct {
	// Resolve returns the configuration of a ProxyJump hop as written in
	// ProxyJump ("[user@]host[:port]" or an ssh:// URI). Required for
	// hosts with ProxyJump.
	Resolve func(hop string) (*sshconf.Config, error)
	// Prompt asks passphrases, passwords and host key questions; nil
	// means nothing can be asked (as BatchMode yes).
	Prompt Prompt
	// Stderr receives the messages a Prompt would show (host key
	// warnings) when Prompt is nil; nil discards them.
	Stderr io.Writer
	// Logf receives progress lines (which hop, which step); nil discards.
	Logf func(format string, args ...any)
	// Env looks up environment variables (SSH_AUTH_SOCK and those named
	// by IdentityAgent/ForwardAgent); nil means os.LookupEnv.
	Env func(name string) (string, bool)
	// Rand is the randomness of the SSH transport; nil means crypto/rand.
	Rand io.Reader
}

// Client is a logged-in SSH connection.
type Client struct {
	*ssh.Client
	// Config is the configuration the connection was made with.
	Config *sshconf.Config
	// Direct is set when the TCP connection was made by this process
	// (no ProxyJump and no ProxyCommand).
	Direct bool
	// RemoteIP is the address the TCP connection reached when Direct.
	RemoteIP net.IP

	env     func(string) (string, bool)
	logf    func(string, ...any)
	closers []func()
}

// Close closes the connection, the hops it went through and any agent.
func (c *Client) Close() error {
	err := c.Client.Close()
	for i := len(c.closers) - 1; i >= 0; i-- {
		c.closers[i]()
	}
	c.closers = nil
	return err
}

// maxHops bounds ProxyJump chains and their nesting (a hop whose own
// configuration jumps through another).
const maxHops = 16

func (d *Dialer) logf(format string, args ...any) {
	if d.Logf != nil {
		d.Logf(format, args...)
	}
}

func (d *Dialer) env(name string) (string, bool) {
	if d.Env != nil {
		return d.Env(name)
	}
	return os.LookupEnv(name)
}

// Dial logs in to the host of cfg, through its ProxyJump hops or its
// ProxyCommand, within ctx.
func (d *Dialer) Dial(ctx context.Context, cfg *sshconf.Config) (*Client, error) {
	return d.dial(ctx, cfg, 0, true)
}

// dial connects to cfg; useJump is false for the later hops of a chain,
// whose own ProxyJump the chain replaces (as ssh -J does).
func (d *Dialer) dial(ctx context.Context, cfg *sshconf.Config, depth int, useJump bool) (*Client, error) {
	if depth > maxHops {
		return nil, fmt.Errorf("bootstrap: more than %d ProxyJump hops (a loop?)", maxHops)
	}
	if useJump && cfg.ProxyJump != "" {
		return d.dialJump(ctx, cfg, depth)
	}
	if cfg.ProxyCommand != "" {
		d.logf("bootstrap: %s: running ProxyCommand %s", cfg.OriginalHost, cfg.ProxyCommand)
		conn, err := proxyCommand(cfg.ProxyCommand)
		if err != nil {
			return nil, err
		}
		return d.login(ctx, cfg, conn, nil)
	}
	addr := net.JoinHostPort(cfg.HostName, strconv.Itoa(cfg.Port))
	d.logf("bootstrap: %s: connecting to %s", cfg.OriginalHost, addr)
	conn, err := dialTCP(ctx, cfg, addr)
	if err != nil {
		return nil, err
	}
	c, err := d.login(ctx, cfg, conn, nil)
	if err != nil {
		return nil, err
	}
	c.Direct = true
	if ta, ok := conn.RemoteAddr().(*net.TCPAddr); ok {
		c.RemoteIP = ta.IP
	}
	return c, nil
}

// retryPause is OpenSSH's pause between ConnectionAttempts.
const retryPause = time.Second

// dialTCP connects to addr, ConnectionAttempts times at most, from
// BindAddress when set, each attempt bounded by ConnectTimeout.
func dialTCP(ctx context.Context, cfg *sshconf.Config, addr string) (net.Conn, error) {
	nd := net.Dialer{Timeout: cfg.ConnectTimeout}
	if cfg.BindAddress != "" {
		nd.LocalAddr = &net.TCPAddr{IP: net.ParseIP(cfg.BindAddress)}
	}
	var err error
	for attempt := 0; attempt < max(1, cfg.ConnectionAttempts); attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(retryPause):
			}
		}
		var conn net.Conn
		if conn, err = nd.DialContext(ctx, tcpNetwork(cfg), addr); err == nil {
			return conn, nil
		}
	}
	return nil, fmt.Errorf("bootstrap: connect to host %s port %d: %w", cfg.HostName, cfg.Port, err)
}

// tcpNetwork maps AddressFamily to a net network name.
func tcpNetwork(cfg *sshconf.Config) string {
	switch cfg.AddressFamily {
	case "inet":
		return "tcp4"
	case "inet6":
		return "tcp6"
	}
	return "tcp"
}

// dialJump connects through the comma-separated ProxyJump hops: the first
// with its own configuration, each next one through the previous.
func (d *Dialer) dialJump(ctx context.Context, cfg *sshconf.Config, depth int) (*Client, error) {
	if d.Resolve == nil {
		return nil, errors.New("bootstrap: ProxyJump needs Dialer.Resolve")
	}
	hops := strings.Split(cfg.ProxyJump, ",")
	var prev *Client
	fail := func(err error) (*Client, error) {
		if prev != nil {
			prev.Close() // best effort
		}
		return nil, err
	}
	for i, hop := range hops {
		hc, err := d.Resolve(strings.TrimSpace(hop))
		if err != nil {
			return fail(fmt.Errorf("bootstrap: jump host %s: %w", hop, err))
		}
		d.logf("bootstrap: jump host %d/%d: %s", i+1, len(hops), hop)
		if prev == nil {
			prev, err = d.dial(ctx, hc, depth+len(hops), true)
		} else {
			prev, err = d.through(ctx, prev, hc)
		}
		if err != nil {
			return fail(err)
		}
	}
	return d.through(ctx, prev, cfg)
}

// through opens a TCP channel from prev to cfg's host and logs in over it.
// On failure prev is closed.
func (d *Dialer) through(ctx context.Context, prev *Client, cfg *sshconf.Config) (*Client, error) {
	addr := net.JoinHostPort(cfg.HostName, strconv.Itoa(cfg.Port))
	d.logf("bootstrap: %s: connecting to %s through %s", cfg.OriginalHost, addr, prev.Config.OriginalHost)
	conn, err := prev.DialContext(ctx, "tcp", addr)
	if err != nil {
		prev.Close() // best effort
		return nil, fmt.Errorf("bootstrap: connect to %s through %s: %w", addr, prev.Config.OriginalHost, err)
	}
	c, err := d.login(ctx, cfg, conn, prev)
	if err != nil {
		prev.Close() // best effort
		return nil, err
	}
	return c, nil
}

// login runs the SSH handshake and authentication over conn. prev, if
// set, is closed with the new client.
func (d *Dialer) login(ctx context.Context, cfg *sshconf.Config, conn net.Conn, prev *Client) (*Client, error) {
	ask := asker{p: d.Prompt, batch: cfg.BatchMode, w: d.Stderr}
	hc, err := newHostChecker(cfg, ask, d.logf)
	if err != nil {
		conn.Close() // best effort
		return nil, err
	}
	st := &authState{cfg: cfg, ask: ask, logf: d.logf, env: d.env}
	st.openAgent()
	cc := &ssh.ClientConfig{
		User: cfg.User,
		Auth: st.methods(),
		HostKeyCallback: func(host string, remote net.Addr, key ssh.PublicKey) error {
			// ConnectTimeout covers the connection and key exchange,
			// not the time the user takes to answer prompts.
			conn.SetDeadline(time.Time{}) // best effort
			return hc.check(host, remote, key)
		},
		HostKeyAlgorithms: hc.algorithms(),
		Config:            ssh.Config{Rand: d.Rand},
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // best effort
	if cfg.ConnectTimeout > 0 {
		conn.SetDeadline(time.Now().Add(cfg.ConnectTimeout)) // best effort; cleared below
	}
	d.logf("bootstrap: %s: authenticating as %s", cfg.OriginalHost, cfg.User)
	addr := net.JoinHostPort(cfg.HostName, strconv.Itoa(cfg.Port))
	sc, chans, reqs, err := ssh.NewClientConn(conn, addr, cc)
	stop()
	if err != nil {
		conn.Close() // best effort
		if st.closer != nil {
			st.closer()
		}
		var hke *HostKeyError
		if errors.As(err, &hke) {
			return nil, hke
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("bootstrap: %s: %w", cfg.OriginalHost, ctx.Err())
		}
		if ae := asAuthError(cfg.User, cfg.OriginalHost, err); ae != nil {
			return nil, ae
		}
		return nil, fmt.Errorf("bootstrap: %s@%s: %w", cfg.User, cfg.OriginalHost, err)
	}
	conn.SetDeadline(time.Time{}) // best effort
	c := &Client{Client: ssh.NewClient(sc, chans, reqs), Config: cfg, env: d.env, logf: d.logf}
	if prev != nil {
		c.closers = append(c.closers, func() { prev.Close() })
	}
	if st.closer != nil {
		c.closers = append(c.closers, st.closer)
	}
	d.logf("bootstrap: %s: logged in", cfg.OriginalHost)
	return c, nil
}
