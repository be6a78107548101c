//go:build linux

package shell

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
)

// utempterPaths are where distributions install libutempter's setgid
// helper, which may write utmp on behalf of an unprivileged process.
var utempterPaths = []string{
	"/usr/lib/x86_64-linux-gnu/utempter/utempter",
	"/usr/lib/aarch64-linux-gnu/utempter/utempter",
	"/usr/libexec/utempter/utempter",
	"/usr/lib/utempter/utempter",
	"/usr/sbin/utempter",
}

// SetUtmp records the pty in utmp with the given host ("mosh [1234]" or
// "<client ip> via mosh [1234]"), replacing an earlier record of the same
// pty, through libutempter's helper (its protocol: the pty master on
// stdin, arguments "add" and the host). Best effort: it does nothing where
// the helper is missing. It does not wait: the helper runs in the
// background, one call after another in order, so the caller's event loop
// never waits for a process on the way to its first frame.
func (p *Pty) SetUtmp(host string) {
	p.utmpMu.Lock()
	defer p.utmpMu.Unlock()
	if p.utmpQueue == nil {
		p.utmpQueue = make(chan []string, 8)
		p.utmpDone = make(chan struct{})
		go p.utmpWorker(p.utmpQueue, p.utmpDone)
	}
	select {
	case p.utmpQueue <- []string{"add", host}:
	default: // best effort: a burst of changes drops the newest
	}
}

// ClearUtmp removes the pty's utmp record, after any pending update.
// Best effort; it waits for the helper.
func (p *Pty) ClearUtmp() {
	p.utmpMu.Lock()
	q, done := p.utmpQueue, p.utmpDone
	p.utmpQueue = nil
	p.utmpMu.Unlock()
	if q != nil {
		close(q)
		<-done
	}
	p.utempter("del")
}

// utmpWorker runs queued helper calls in order.
func (p *Pty) utmpWorker(q <-chan []string, done chan<- struct{}) {
	defer close(done)
	for args := range q {
		p.utempter(args...)
	}
}

func (p *Pty) utempter(args ...string) {
	for _, path := range utempterPaths {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		cmd := exec.Command(path, args...)
		cmd.Stdin = p.master
		cmd.Run() // best effort
		return
	}
}

// utmp record layout on Linux (struct utmp, 384 bytes).
const (
	utmpSize       = 384
	utmpUserOffset = 44
	utmpHostOffset = 76
	utmpLineOffset = 8
	userProcess    = 7
)

// DetachedSessions lists the utmp hosts of the user's mosh sessions other
// than self whose terminal still exists (PROTOCOL.md §15.7).
func DetachedSessions(user, self string) []string {
	data, err := os.ReadFile("/run/utmp")
	if err != nil {
		return nil // best effort: no utmp, no warning
	}
	var out []string
	for off := 0; off+utmpSize <= len(data); off += utmpSize {
		r := data[off : off+utmpSize]
		if binary.LittleEndian.Uint16(r[0:2]) != userProcess {
			continue
		}
		if cstring(r[utmpUserOffset:utmpUserOffset+32]) != user {
			continue
		}
		host := cstring(r[utmpHostOffset : utmpHostOffset+256])
		line := cstring(r[utmpLineOffset : utmpLineOffset+32])
		if !isDetachedHost(host, self) {
			continue
		}
		if _, err := os.Stat("/dev/" + line); err != nil {
			continue
		}
		out = append(out, host)
	}
	return out
}

// cstring is a NUL-padded C string field.
func cstring(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
