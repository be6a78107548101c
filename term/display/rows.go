package display

import (
	"strconv"

	"ssh-mosh/term"
)

// scroll is the scroll optimisation of DISPLAY.md §4: if f's first row
// is an old row k > 0 and the rows after it follow in order, scroll the
// receiving terminal up by k lines instead of repainting them. rows is
// the old-row model; it is updated to what the receiver shows after the
// scroll. scroll returns the first row that still needs painting.
func (fr *frame) scroll(rows []*term.Row) int {
	f := fr.f
	h := len(rows)
	r0 := f.Row(0)
	k := -1
	for i, r := range rows {
		if r0.Equal(r) {
			k = i
			break
		}
	}
	if k <= 0 {
		return 0
	}
	height := 1
	for k+height < h && f.Row(height).Equal(rows[k+height]) {
		height++
	}

	fr.setRend(term.Renditions{}, true)
	bottom := k + height - 1
	if k+height == h && fr.cy == h-1 {
		fr.out = append(fr.out, '\r')
		fr.out = appendRepeat(fr.out, '\n', k)
		fr.cx = 0
	} else {
		fr.out = append(fr.out, "\x1b[1;"...)
		fr.out = strconv.AppendInt(fr.out, int64(bottom+1), 10)
		fr.out = append(fr.out, 'r')
		fr.unknown()
		fr.silentMove(bottom, 0)
		fr.out = appendRepeat(fr.out, '\n', k)
		fr.out = append(fr.out, "\x1b[r"...)
		fr.unknown()
	}
	for i := 0; i <= bottom; i++ {
		if i+k <= bottom {
			rows[i] = rows[i+k]
		} else {
			rows[i] = fr.blankRow()
		}
	}
	return height
}

// blankRow returns a row of f's width with empty default cells: what a
// scroll brings in after the forced ESC[0m.
func (fr *frame) blankRow() *term.Row {
	if fr.blank == nil {
		fr.blank = term.NewRow(make([]term.Cell, fr.f.Width()))
	}
	return fr.blank
}

// putRow paints row y of f over old (nil when not initialized) and
// reports whether the next row must start with a wrap continuation
// (DISPLAY.md §5).
func (fr *frame) putRow(initialized bool, y int, old *term.Row, wrap bool) bool {
	f := fr.f
	row := f.Row(y)
	cells := row.Cells()
	w := len(cells)
	x := 0
	if wrap {
		// The receiver is in pending-wrap at the end of row y-1; writing
		// cell 0 blind makes it wrap and mark that row as wrapped.
		c := &cells[0]
		fr.setRend(c.Renditions(), false)
		fr.out = c.AppendGrapheme(fr.out)
		fr.advance(c.Width())
		x += c.Width()
		if x >= w {
			// The continuation filled the row (a 1-column screen, or a
			// wide character on a 2-column one). mosh 1.4.0 then drops
			// this row's own wrap; carry it on instead.
			return fr.endRow(y, true, row.Wrap())
		}
	}
	if initialized && row.Equal(old) {
		return false
	}
	var oldCells []term.Cell
	if initialized {
		oldCells = old.Cells()
	}

	wrapThis := row.Wrap()
	oldWalk := 0
	clear := 0
	var blankRend term.Renditions
	wroteLast := false
	for x < w {
		c := &cells[x]
		if initialized && clear == 0 && unchanged(cells, oldCells, x, &oldWalk) {
			x += c.Width()
			continue
		}
		if c.Empty() {
			if clear == 0 {
				blankRend = c.Renditions()
			}
			if c.Renditions() == blankRend {
				clear++
				x++
				continue
			}
		}
		if clear > 0 {
			fr.flushBlanks(y, x, clear, blankRend)
			clear = 0
			if c.Empty() {
				blankRend = c.Renditions()
				clear = 1
				x++
				continue
			}
		}
		cw := c.Width()
		if wrapThis && x+cw >= w {
			fr.unknown() // force a CUP before the last character (§5 step 4.4)
		}
		fr.silentMove(y, x)
		fr.setRend(c.Renditions(), false)
		fr.drawCell(c, x)
		x += cw
		if x >= w {
			wroteLast = true
		}
	}
	if clear > 0 {
		fr.silentMove(y, x-clear)
		fr.setRend(blankRend, false)
		if fr.canErase() && !wrapThis {
			fr.out = append(fr.out, "\x1b[K"...)
		} else {
			fr.out = appendRepeat(fr.out, ' ', clear)
			fr.advance(clear)
			wroteLast = true
		}
	}
	return fr.endRow(y, wroteLast, wrapThis)
}

// endRow is steps 6–8 of DISPLAY.md §5: after the last column of a row
// that is not the screen's last, either let the terminal wrap into the
// next row (which then starts with a continuation) or go there with CR LF.
func (fr *frame) endRow(y int, wroteLast, wrapThis bool) bool {
	if !wroteLast || y >= fr.f.Height()-1 {
		return false
	}
	fr.cx, fr.cy = 0, y+1
	if wrapThis {
		return true
	}
	fr.out = append(fr.out, "\r\n"...)
	return false
}

// drawCell writes c at column x, where the receiver's cursor is.
func (fr *frame) drawCell(c *term.Cell, x int) {
	if c.Wide() && x == fr.f.Width()-1 {
		// A wide character stored in the last column (the server printed
		// it with auto-wrap off). With auto-wrap on the receiver would put
		// it on the next line instead, so switch auto-wrap off around it.
		// mosh 1.4.0 does not do this and gets the cell wrong.
		fr.out = append(fr.out, "\x1b[?7l"...)
		fr.out = c.AppendGrapheme(fr.out)
		fr.out = append(fr.out, "\x1b[?7h"...)
		fr.unknown()
		return
	}
	fr.out = c.AppendGrapheme(fr.out)
	fr.advance(c.Width())
}

// canErase reports whether an erase would leave the blanks the painter
// wants: with BCE, or with the default renditions.
func (fr *frame) canErase() bool {
	return fr.caps.BCE || fr.rend == term.Renditions{}
}

// flushBlanks paints a run of n blank cells with renditions r that ends
// just before column x (§5 step 4.3).
func (fr *frame) flushBlanks(y, x, n int, r term.Renditions) {
	fr.silentMove(y, x-n)
	fr.setRend(r, false)
	if fr.canErase() && fr.caps.ECH && n > 4 {
		fr.out = append(fr.out, "\x1b["...)
		fr.out = strconv.AppendInt(fr.out, int64(n), 10)
		fr.out = append(fr.out, 'X')
		return
	}
	fr.out = appendRepeat(fr.out, ' ', n)
	fr.advance(n)
}

// unchanged reports whether cell x needs no painting: it equals the old
// cell, and so does the hidden cell after it if it is wide (mosh 1.4.0
// does not look there and misses a row's wrap flag being cleared on that
// hidden last cell). oldWalk is where the painter's walk over the old row
// (left to right, a wide cell covering the next) stands at or after x; if
// it stepped over x, the cell was hidden under a wide character before and
// the receiver holds whatever it reset when it drew that character, not
// necessarily the old cell (ICH, DCH and overlapping wide characters move
// or leave cells there), so it is repainted. mosh 1.4.0 skips it and can
// leave a stale cell.
func unchanged(cells, old []term.Cell, x int, oldWalk *int) bool {
	for *oldWalk < x {
		*oldWalk += old[*oldWalk].Width()
	}
	c := &cells[x]
	if *oldWalk != x || *c != old[x] {
		return false
	}
	return !c.Wide() || x+1 >= len(cells) || cells[x+1] == old[x+1]
}
