package display

import (
	"strconv"

	"ssh-mosh/term"
)

// Caps are the capabilities of the terminal that receives a frame
// (DISPLAY.md §1.4).
type Caps struct {
	// ECH: the terminal has "erase characters" (CSI n X).
	ECH bool
	// BCE: erasing fills with the current background colour.
	BCE bool
	// Title: the terminal understands OSC 0/1/2.
	Title bool
}

// ServerCaps returns the capabilities the server assumes for the
// client's emulator: all of them (DISPLAY.md §1.4).
func ServerCaps() Caps { return Caps{ECH: true, BCE: true, Title: true} }

// NewFrame returns the bytes that turn a terminal showing last into one
// showing next, with the server's capabilities. initialized false means
// "assume nothing about the terminal": a full repaint. A nil last is a
// blank framebuffer of next's size.
func NewFrame(initialized bool, last, next *term.Framebuffer) []byte {
	return AppendFrame(nil, ServerCaps(), initialized, last, next)
}

// frame is the painter's belief about the receiving terminal while a
// frame is built (DISPLAY.md §2).
type frame struct {
	out     []byte
	caps    Caps
	f       *term.Framebuffer
	cx, cy  int // tracked cursor; -1 = unknown
	rend    term.Renditions
	visible bool
	blank   *term.Row // a blank row of f's width, made on first use
}

// AppendFrame appends to dst the bytes that turn a terminal with
// capabilities caps showing last into one showing next (DISPLAY.md §3).
// A nil last is a blank framebuffer of next's size.
func AppendFrame(dst []byte, caps Caps, initialized bool, last, next *term.Framebuffer) []byte {
	f := next
	if last == nil {
		last = term.NewFramebuffer(f.Width(), f.Height())
	}
	fr := &frame{out: dst, caps: caps, f: f, visible: last.DS.CursorVisible}
	fr.header(initialized, last)

	if !initialized || f.Width() != last.Width() || f.Height() != last.Height() {
		fr.out = append(fr.out, "\x1b[r\x1b[0m\x1b[H\x1b[2J"...)
		initialized = false
		fr.cx, fr.cy = 0, 0
		fr.rend = term.Renditions{}
	} else {
		fr.cx, fr.cy = last.DS.CursorCol, last.DS.CursorRow
		fr.rend = last.DS.Renditions
	}
	if !initialized {
		fr.visible = false
		fr.out = append(fr.out, "\x1b[?25l"...)
	}

	h := f.Height()
	start := 0
	var rows []*term.Row
	if initialized {
		rows = make([]*term.Row, h)
		for y := range rows {
			rows[y] = last.Row(y)
		}
		start = fr.scroll(rows)
	}
	wrap := false
	for y := start; y < h; y++ {
		var old *term.Row
		if initialized {
			old = rows[y]
		}
		wrap = fr.putRow(initialized, y, old, wrap)
	}

	ds := &f.DS
	if !initialized || ds.CursorRow != fr.cy || ds.CursorCol != fr.cx {
		fr.move(ds.CursorRow, ds.CursorCol)
	}
	if !initialized || ds.CursorVisible != fr.visible {
		fr.out = appendMode(fr.out, 25, ds.CursorVisible)
	}
	fr.setRend(ds.Renditions, !initialized)
	fr.modes(initialized, &last.DS)
	return fr.out
}

// header is steps 1–4 of DISPLAY.md §3: bell, title, clipboard and
// reverse video.
func (fr *frame) header(initialized bool, last *term.Framebuffer) {
	f := fr.f
	if f.BellCount != last.BellCount {
		fr.out = append(fr.out, '\a')
	}
	if fr.caps.Title && f.TitleInitialized &&
		(!initialized || f.IconName != last.IconName || f.Title != last.Title) {
		if f.IconName == f.Title {
			fr.out = appendOSC(fr.out, "0;", f.Title)
		} else {
			fr.out = appendOSC(fr.out, "1;", f.IconName)
			fr.out = appendOSC(fr.out, "2;", f.Title)
		}
	}
	if f.Clipboard != last.Clipboard {
		fr.out = appendOSC(fr.out, "52;c;", f.Clipboard)
	}
	if !initialized || f.DS.ReverseVideo != last.DS.ReverseVideo {
		fr.out = appendMode(fr.out, 5, f.DS.ReverseVideo)
	}
}

// modes is steps 13–16 of DISPLAY.md §3: bracketed paste, mouse
// reporting, focus events and mouse encoding.
func (fr *frame) modes(initialized bool, last *term.DrawState) {
	ds := &fr.f.DS
	if !initialized || ds.BracketedPaste != last.BracketedPaste {
		fr.out = appendMode(fr.out, 2004, ds.BracketedPaste)
	}
	if !initialized || ds.MouseMode != last.MouseMode {
		if ds.MouseMode == term.MouseNone {
			fr.out = append(fr.out, "\x1b[?1003l\x1b[?1002l\x1b[?1001l\x1b[?1000l"...)
		} else {
			if last.MouseMode != term.MouseNone {
				fr.out = appendMode(fr.out, last.MouseMode, false)
			}
			fr.out = appendMode(fr.out, ds.MouseMode, true)
		}
	}
	if !initialized || ds.MouseFocusEvent != last.MouseFocusEvent {
		fr.out = appendMode(fr.out, 1004, ds.MouseFocusEvent)
	}
	if !initialized || ds.MouseEncoding != last.MouseEncoding {
		if ds.MouseEncoding == term.MouseEncodingDefault {
			fr.out = append(fr.out, "\x1b[?1015l\x1b[?1006l\x1b[?1005l"...)
		} else {
			if last.MouseEncoding != term.MouseEncodingDefault {
				fr.out = appendMode(fr.out, last.MouseEncoding, false)
			}
			fr.out = appendMode(fr.out, ds.MouseEncoding, true)
		}
	}
}

// appendOSC appends ESC ] body text BEL.
func appendOSC(dst []byte, body, text string) []byte {
	dst = append(dst, "\x1b]"...)
	dst = append(dst, body...)
	dst = append(dst, text...)
	return append(dst, '\a')
}

// appendMode appends ESC [ ? n h (on) or l (off).
func appendMode(dst []byte, n int, on bool) []byte {
	dst = append(dst, "\x1b[?"...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	if on {
		return append(dst, 'h')
	}
	return append(dst, 'l')
}

// unknown forgets where the receiving terminal's cursor is.
func (fr *frame) unknown() { fr.cx, fr.cy = -1, -1 }

// move is append_move (DISPLAY.md §2.1): cheap CR/LF or BS moves when
// the old position is known and close, otherwise an absolute CUP.
func (fr *frame) move(y, x int) {
	lx, ly := fr.cx, fr.cy
	fr.cx, fr.cy = x, y
	if lx >= 0 && ly >= 0 {
		if dy := y - ly; x == 0 && dy >= 0 && dy < 5 {
			if lx != 0 {
				fr.out = append(fr.out, '\r')
			}
			fr.out = appendRepeat(fr.out, '\n', dy)
			return
		}
		if dx := x - lx; y == ly && dx < 0 && dx > -5 {
			fr.out = appendRepeat(fr.out, '\b', -dx)
			return
		}
	}
	fr.out = append(fr.out, "\x1b["...)
	fr.out = strconv.AppendInt(fr.out, int64(y+1), 10)
	fr.out = append(fr.out, ';')
	fr.out = strconv.AppendInt(fr.out, int64(x+1), 10)
	fr.out = append(fr.out, 'H')
}

// silentMove is append_silent_move (DISPLAY.md §2.2): hide the cursor
// the first time the painter has to move it.
func (fr *frame) silentMove(y, x int) {
	if fr.cx == x && fr.cy == y {
		return
	}
	if fr.visible {
		fr.out = append(fr.out, "\x1b[?25l"...)
		fr.visible = false
	}
	fr.move(y, x)
}

// setRend is update_rendition (DISPLAY.md §2.3).
func (fr *frame) setRend(r term.Renditions, force bool) {
	if force || r != fr.rend {
		fr.out = r.AppendSGR(fr.out)
		fr.rend = r
	}
}

// advance moves the tracked cursor right by n columns after output. A
// cursor that reaches the last column's right edge becomes unknown: the
// receiver is in its pending-wrap state at the last column, and treating
// that as column W would make a later backspace land one column short
// (the 1.4.0 quirk this package avoids, PROTOCOL.md §12.5).
func (fr *frame) advance(n int) {
	if fr.cx < 0 {
		return
	}
	fr.cx += n
	if fr.cx >= fr.f.Width() {
		fr.unknown()
	}
}

func appendRepeat(dst []byte, b byte, n int) []byte {
	for range n {
		dst = append(dst, b)
	}
	return dst
}
