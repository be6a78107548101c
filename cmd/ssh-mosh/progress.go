package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// slowStep is how long a step may take before its progress line is shown
// without -v.
const slowStep = 2 * time.Second

// progress receives bootstrap's progress lines. With -v every line is
// printed at once; otherwise a line is printed only when the step it
// announces is still running slowStep later, so a fast login is silent.
type progress struct {
	w       io.Writer
	verbose bool

	mu    sync.Mutex
	timer *time.Timer
}

// Logf is the bootstrap.Dialer.Logf callback.
func (p *progress) Logf(format string, args ...any) {
	line := "ssh-mosh: " + strings.TrimPrefix(fmt.Sprintf(format, args...), "bootstrap: ")
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if p.verbose {
		fmt.Fprintln(p.w, line) // best effort
		return
	}
	p.timer = time.AfterFunc(slowStep, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		fmt.Fprintln(p.w, line+" ...") // best effort
	})
}

// Stop silences any pending line.
func (p *progress) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
}
