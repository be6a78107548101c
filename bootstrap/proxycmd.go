package bootstrap

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"time"
)

// pipeConn is a net.Conn over the stdio of a ProxyCommand process.
type pipeConn struct {
	cmd  *exec.Cmd
	r    io.ReadCloser
	w    io.WriteCloser
	once sync.Once
}

// proxyAddr names both ends of a ProxyCommand connection.
type proxyAddr string

// Network and String make proxyAddr a net.Addr.
func (a proxyAddr) Network() string { return "proxycommand" }
func (a proxyAddr) String() string  { return string(a) }

// proxyCommand starts command through /bin/sh -c (its tokens are already
// expanded) with its stdin and stdout as the connection; its stderr goes
// to ours, as with ssh.
func proxyCommand(command string) (net.Conn, error) {
	cmd := exec.Command("/bin/sh", "-c", "exec "+command)
	cmd.Stderr = os.Stderr
	w, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("bootstrap: ProxyCommand: %w", err)
	}
	r, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("bootstrap: ProxyCommand: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bootstrap: ProxyCommand %q: %w", command, err)
	}
	return &pipeConn{cmd: cmd, r: r, w: w}, nil
}

// Read and Write use the process's stdout and stdin.
func (p *pipeConn) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p *pipeConn) Write(b []byte) (int, error) { return p.w.Write(b) }

// Close closes the pipes, ends the process and reaps it.
func (p *pipeConn) Close() error {
	p.once.Do(func() {
		p.w.Close() // best effort
		p.r.Close() // best effort
		if p.cmd.Process != nil {
			p.cmd.Process.Kill() // best effort
		}
		p.cmd.Wait() // best effort: reaps the child
	})
	return nil
}

// LocalAddr and RemoteAddr name the ProxyCommand, there being no socket.
func (p *pipeConn) LocalAddr() net.Addr  { return proxyAddr("proxycommand") }
func (p *pipeConn) RemoteAddr() net.Addr { return proxyAddr("proxycommand") }

// Deadlines are not supported on pipes; ConnectTimeout is enforced by the
// caller's context closing the connection instead.
func (p *pipeConn) SetDeadline(time.Time) error      { return nil }
func (p *pipeConn) SetReadDeadline(time.Time) error  { return nil }
func (p *pipeConn) SetWriteDeadline(time.Time) error { return nil }
