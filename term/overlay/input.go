package overlay

import (
	"time"

	"ssh-mosh/term"
)

// NewUserByte predicts the effect of one byte the user typed, given d, the
// frame on display (PREDICTION.md §7). Call SetLocalFrameSent first: the
// byte will travel in a later client state.
func (p *Predictor) NewUserByte(b byte, d *term.Framebuffer, now time.Time) {
	if p.mode == Never {
		return
	}
	if p.mode == Experimental {
		p.predictionEpoch = p.confirmedEpoch
	}
	p.cull(d, now, false)
	if p.lastByte == 0x1B && b == 'O' {
		b = '['
	}
	p.lastByte = b
	p.actions = p.parser.feed(b, p.actions[:0])
	for _, a := range p.actions {
		p.remember(a, now)
		if a.kind != actPrint || a.ch == 0x7F {
			p.freshLine = 0
		}
		switch a.kind {
		case actPrint:
			p.print(a.ch, d, now)
		case actExecute:
			if a.ch == '\r' {
				p.becomeTentative()
				p.newlineCarriageReturn(d, now)
			} else {
				p.loseCursor()
			}
		case actEscDispatch:
			p.loseCursor()
		case actCSIDispatch:
			p.csi(a.ch, d, now)
		}
	}
}

// csi predicts the cursor keys → and ←; other sequences only make later
// predictions tentative.
func (p *Predictor) csi(final rune, d *term.Framebuffer, now time.Time) {
	switch final {
	case 'C':
		p.initCursor(d)
		if c := p.cursor(); c.col < d.Width()-1 {
			c.col++
			c.expire(p.localFrameSent+1, now)
		}
	case 'D':
		p.initCursor(d)
		if c := p.cursor(); c.col > 0 {
			c.col--
			c.expire(p.localFrameSent+1, now)
		}
	default:
		p.loseCursor()
	}
}

// touch makes cell c a fresh prediction of the current epoch.
func (p *Predictor) touch(c *cellPrediction, now time.Time) {
	c.resetWithOrig()
	c.active = true
	c.tentativeUntil = p.predictionEpoch
	c.expire(p.localFrameSent+1, now)
}

// print predicts a printed character or, for DEL, a backspace.
func (p *Predictor) print(ch rune, d *term.Framebuffer, now time.Time) {
	p.initCursor(d)
	if ch == 0x7F {
		p.backspace(d, now)
		return
	}
	if ch < 0x20 || term.WCWidth(ch) != 1 {
		p.loseCursor()
		return
	}
	p.promptColumn(d)
	w := d.Width()
	cur := p.cursor()
	if cur.row < 0 || cur.row >= d.Height() || cur.col >= w {
		p.loseCursor()
		return
	}
	row := p.getOrMakeRow(cur.row, w)
	if cur.col+1 >= w {
		p.becomeTentative()
	}
	right := w - 1
	if p.overwrite {
		right = cur.col
	}
	for i := right; i > cur.col; i-- {
		c := &row.cells[i]
		p.touch(c, now)
		c.original = append(c.original, *d.Cell(cur.row, i))
		prev := &row.cells[i-1]
		switch {
		case i == w-1:
			c.unknown = true
		case prev.active:
			c.unknown = prev.unknown
			if !c.unknown {
				c.replacement = prev.replacement
			}
		default:
			c.unknown = false
			c.replacement = *d.Cell(cur.row, i-1)
		}
	}
	c := &row.cells[cur.col]
	p.touch(c, now)
	rend := d.DS.Renditions
	if cur.col > 0 {
		if prev := &row.cells[cur.col-1]; prev.active && !prev.unknown {
			rend = prev.replacement.Renditions()
		} else {
			rend = d.Cell(cur.row, cur.col-1).Renditions()
		}
	}
	old := c.replacement
	c.replacement = term.NewCell(string(ch), rend, old.Wide())
	c.replacement.SetWrap(old.Wrap())
	c.original = append(c.original, *d.Cell(cur.row, cur.col))
	cur.expire(p.localFrameSent+1, now)
	if cur.col < w-1 {
		cur.col++
		return
	}
	p.becomeTentative()
	p.newlineCarriageReturn(d, now)
}

// backspace predicts DEL: the cursor moves left and, in insert mode, the
// rest of the line shifts left with it.
func (p *Predictor) backspace(d *term.Framebuffer, now time.Time) {
	w := d.Width()
	cur := p.cursor()
	if cur.row < 0 || cur.row >= d.Height() || cur.col > w {
		return
	}
	row := p.getOrMakeRow(cur.row, w)
	if cur.col <= 0 {
		return
	}
	cur.col--
	cur.expire(p.localFrameSent+1, now)
	if p.overwrite {
		c := &row.cells[cur.col]
		p.touch(c, now)
		o := *d.Cell(d.DS.CursorRow, d.DS.CursorCol)
		c.original = append(c.original, o)
		c.replacement = term.NewCell(" ", o.Renditions(), o.Wide())
		c.replacement.SetWrap(o.Wrap())
		return
	}
	for i := cur.col; i < w; i++ {
		c := &row.cells[i]
		p.touch(c, now)
		c.original = append(c.original, *d.Cell(cur.row, i))
		if i+2 < w {
			if n := &row.cells[i+1]; n.active {
				c.unknown = n.unknown
				if !c.unknown {
					c.replacement = n.replacement
				}
			} else {
				c.unknown = false
				c.replacement = *d.Cell(cur.row, i+1)
			}
		} else {
			c.unknown = true
		}
	}
}
