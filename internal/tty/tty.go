package tty

import (
	"errors"
	"fmt"
	"os"
	"sync"

	xterm "golang.org/x/term"
)

// ErrNotTerminal is returned by Open when the file is not a terminal.
var ErrNotTerminal = errors.New("tty: not a terminal")

// Terminal is the user's terminal device. Its methods may be called from any
// goroutine (a signal handler's restore races with the loop's), and Restore
// is idempotent, so every exit path can call it.
type Terminal struct {
	f *os.File

	mu    sync.Mutex
	saved *xterm.State // settings before MakeRaw; nil when not raw
}

// Open wraps f (normally os.Stdin) after checking that it is a terminal.
func Open(f *os.File) (*Terminal, error) {
	if !xterm.IsTerminal(int(f.Fd())) {
		return nil, ErrNotTerminal
	}
	return &Terminal{f: f}, nil
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool { return xterm.IsTerminal(int(f.Fd())) }

// MakeRaw saves the current settings and puts the terminal in raw mode
// (cfmakeraw) with IUTF8 set, as mosh-client does (DISPLAY.md §7.1 step 2).
// Calling it while already raw keeps the settings saved first.
func (t *Terminal) MakeRaw() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.saved != nil {
		return nil
	}
	st, err := xterm.MakeRaw(int(t.f.Fd()))
	if err != nil {
		return fmt.Errorf("tty: raw mode: %w", err)
	}
	t.saved = st
	if err := setIUTF8(int(t.f.Fd())); err != nil {
		xterm.Restore(int(t.f.Fd()), st) // best effort
		t.saved = nil
		return fmt.Errorf("tty: IUTF8: %w", err)
	}
	return nil
}

// Restore puts back the settings saved by MakeRaw. It does nothing when the
// terminal is not in raw mode.
func (t *Terminal) Restore() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.saved == nil {
		return nil
	}
	err := xterm.Restore(int(t.f.Fd()), t.saved)
	t.saved = nil
	if err != nil {
		return fmt.Errorf("tty: restore: %w", err)
	}
	return nil
}

// Size returns the window size in columns and rows.
func (t *Terminal) Size() (cols, rows int, err error) {
	cols, rows, err = xterm.GetSize(int(t.f.Fd()))
	if err != nil {
		return 0, 0, fmt.Errorf("tty: window size: %w", err)
	}
	return cols, rows, nil
}
