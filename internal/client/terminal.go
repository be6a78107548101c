package client

import (
	"os"

	"ssh-mosh/internal/tty"
	"ssh-mosh/term"
	"ssh-mosh/term/display"
)

// closeModes is what the client writes before leaving (DISPLAY.md §7.6):
// normal cursor keys, default renditions, a visible cursor and no mouse.
const closeModes = "\x1b[?1l\x1b[0m\x1b[?25h\x1b[?1003l\x1b[?1002l\x1b[?1001l\x1b[?1000l\x1b[?1015l\x1b[?1006l\x1b[?1005l"

// suspendedNotice is printed when the user suspends the client.
const suspendedNotice = "\n\x1b[37;44m[mosh is suspended.]\x1b[m\n"

// screen is the user's terminal as the loop sees it: its modes, its
// capabilities and the frame it shows.
type screen struct {
	tty     *tty.Terminal
	out     *os.File
	caps    display.Caps
	smcup   string
	rmcup   string
	local   *term.Framebuffer
	repaint bool
	buf     []byte
}

func newScreen(t *tty.Terminal, out *os.File, termName string, noInit bool) *screen {
	c := tty.LookupCapabilities(termName)
	s := &screen{
		tty:  t,
		out:  out,
		caps: display.Caps{ECH: c.ECH, BCE: c.BCE, Title: c.Title || tty.TitleCapable(termName)},
	}
	if !noInit {
		s.smcup, s.rmcup = c.Smcup, c.Rmcup
	}
	return s
}

// open enters raw mode and writes the start-up string (DISPLAY.md §7.1).
func (s *screen) open() error {
	if err := s.tty.MakeRaw(); err != nil {
		return err
	}
	s.write([]byte(s.smcup + "\x1b[?1h"))
	return nil
}

// close writes the exit string and restores the terminal's modes.
func (s *screen) close() {
	s.write([]byte(closeModes + s.rmcup))
	s.tty.Restore() // best effort
}

// paint shows f, diffing against what is on screen, and returns the
// bytes written (valid until the next paint).
func (s *screen) paint(f *term.Framebuffer) []byte {
	s.buf = display.AppendFrame(s.buf[:0], s.caps, !s.repaint, s.local, f)
	s.write(s.buf)
	s.local = f
	s.repaint = false
	return s.buf
}

func (s *screen) write(b []byte) {
	for len(b) > 0 {
		n, err := s.out.Write(b)
		if err != nil {
			return // best effort: nowhere to report it
		}
		b = b[n:]
	}
}
