//go:build !linux

package shell

// SetUtmp does nothing on this platform.
func (p *Pty) SetUtmp(host string) {}

// ClearUtmp does nothing on this platform.
func (p *Pty) ClearUtmp() {}

// DetachedSessions finds nothing on this platform.
func DetachedSessions(user, self string) []string { return nil }
