//go:build unix

package shell

import (
	"os"

	"golang.org/x/sys/unix"
)

// pollable returns a non-blocking copy of f that the runtime's poller
// serves, so that closing it ends a Read blocked in another goroutine; f is
// closed. (creack/pty leaves the master in blocking mode.)
func pollable(f *os.File) (*os.File, error) {
	fd, err := unix.Dup(int(f.Fd()))
	f.Close() // best effort: the duplicate stays open
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(fd)
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx"), nil
}

// setWinsize sets the window size of a pty (TIOCSWINSZ), keeping the pixel
// fields of TIOCGWINSZ, without switching f to blocking mode.
func setWinsize(f *os.File, cols, rows int) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ioErr error
	err = rc.Control(func(fd uintptr) {
		ws, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
		if err != nil {
			ws = &unix.Winsize{}
		}
		ws.Col, ws.Row = uint16(cols), uint16(rows)
		ioErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, ws)
	})
	if err != nil {
		return err
	}
	return ioErr
}

// TerminalSize returns the window size of the terminal on f, or ok=false
// when f is not a terminal or reports a zero size.
func TerminalSize(f *os.File) (cols, rows int, ok bool) {
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 {
		return 0, 0, false
	}
	return int(ws.Col), int(ws.Row), true
}

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	_, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	return err == nil
}
