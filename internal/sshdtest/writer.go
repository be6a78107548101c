package sshdtest

import (
	"bytes"
	"sync"
)

// lockedWriter lets sshd's stderr be read while it is written.
type lockedWriter struct {
	mu  sync.Mutex
	buf *bytes.Buffer
}

// Write appends to the buffer.
func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// String returns everything written so far.
func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
