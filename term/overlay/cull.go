package overlay

import (
	"time"

	"ssh-mosh/term"
)

// Cull judges the predictions against f, the server's frame (or, while
// typing, the frame on display), at now (PREDICTION.md §8): confirmed ones
// confirm their epoch and are dropped, wrong ones kill their epoch or, if
// they were being shown, everything; it also updates the triggers.
func (p *Predictor) Cull(f *term.Framebuffer, now time.Time) {
	p.cull(f, now, true)
}

// cull is Cull; early allows confirming an epoch from the echo on f before
// the echo ack (see earlyConfirm), which only the server's own frame may do.
func (p *Predictor) cull(f *term.Framebuffer, now time.Time, early bool) {
	if p.mode == Never {
		return
	}
	if f.Width() != p.lastWidth || f.Height() != p.lastHeight {
		p.lastWidth, p.lastHeight = f.Width(), f.Height()
		p.Reset()
	}
	p.updateTriggers()
	if !p.cullCells(f, now, early) {
		return
	}
	p.cullCursors(f)
	if p.replayPending {
		p.replay(f)
	}
}

// updateTriggers applies the hysteresis of §6 to the send interval.
func (p *Predictor) updateTriggers() {
	if p.sendInterval > srttTriggerHigh {
		p.srttTrigger = true
	} else if p.srttTrigger && p.sendInterval <= srttTriggerLow && !p.active() {
		p.srttTrigger = false
	}
	if p.sendInterval > flagTriggerHigh {
		p.flagging = true
	} else if p.sendInterval <= flagTriggerLow {
		p.flagging = false
	}
	if p.glitchTrigger > glitchRepairCount {
		p.flagging = true
	}
}

// cullCells judges the cell predictions; false means everything was reset
// and culling stops.
func (p *Predictor) cullCells(f *term.Framebuffer, now time.Time, early bool) bool {
	for i := 0; i < len(p.rows); {
		r := &p.rows[i]
		if r.rowNum < 0 || r.rowNum >= f.Height() {
			p.rows = append(p.rows[:i], p.rows[i+1:]...)
			continue
		}
		for j := range r.cells {
			if !p.judgeCell(f, r, j, now, early) {
				return false
			}
		}
		i++
	}
	return true
}

// judgeCell acts on the verdict for cell j of r; false means a shown
// prediction was wrong and everything was reset.
func (p *Predictor) judgeCell(f *term.Framebuffer, r *rowPrediction, j int, now time.Time, early bool) bool {
	c := &r.cells[j]
	switch p.cellValidity(f, r.rowNum, c) {
	case incorrectOrExpired:
		switch {
		case p.mode == Experimental:
			c.reset()
		case c.tentative(p.confirmedEpoch):
			p.killEpoch(c.tentativeUntil, f)
		default:
			p.Reset()
			return false
		}
	case correct:
		if c.tentativeUntil > p.confirmedEpoch {
			p.confirmedEpoch = c.tentativeUntil
		}
		if now.Sub(c.predictionTime) < glitchThreshold && p.glitchTrigger > 0 &&
			!now.Add(-glitchRepairMinInterval).Before(p.lastQuickConfirmation) {
			p.glitchTrigger--
			p.lastQuickConfirmation = now
		}
		rend := f.Cell(r.rowNum, c.col).Renditions()
		for k := j; k < len(r.cells); k++ {
			r.cells[k].replacement.SetRenditions(rend)
		}
		c.reset()
	case correctNoCredit:
		c.reset()
	case pending:
		if early {
			p.earlyConfirm(f, r.rowNum, c)
		}
		age := now.Sub(c.predictionTime)
		if age >= glitchFlagThreshold {
			p.glitchTrigger = 2 * glitchRepairCount
		} else if age >= glitchThreshold && p.glitchTrigger < glitchRepairCount {
			p.glitchTrigger = glitchRepairCount
		}
	}
	return true
}

// cellValidity judges one cell prediction against f (§8 step 6).
func (p *Predictor) cellValidity(f *term.Framebuffer, row int, c *cellPrediction) validity {
	switch {
	case !c.active:
		return inactive
	case row >= f.Height() || c.col >= f.Width():
		return incorrectOrExpired
	case p.localFrameLateAcked < c.expirationFrame:
		return pending
	case c.unknown, c.replacement.Blank():
		return correctNoCredit
	}
	if !f.Cell(row, c.col).ContentsMatch(&c.replacement) {
		return incorrectOrExpired
	}
	for i := range c.original {
		if c.replacement.ContentsMatch(&c.original[i]) {
			return correctNoCredit
		}
	}
	return correct
}

// cursorValidity judges one cursor prediction against f (§8 step 7).
func (p *Predictor) cursorValidity(f *term.Framebuffer, c *cursorPrediction) validity {
	switch {
	case !c.active:
		return inactive
	case c.row >= f.Height() || c.col >= f.Width():
		return incorrectOrExpired
	case p.localFrameLateAcked >= c.expirationFrame:
		if f.DS.CursorRow == c.row && f.DS.CursorCol == c.col {
			return correct
		}
		return incorrectOrExpired
	}
	return pending
}

// cullCursors judges the cursor predictions (§8 steps 7–8).
func (p *Predictor) cullCursors(f *term.Framebuffer) {
	if len(p.cursors) > 0 && p.cursorValidity(f, p.cursor()) == incorrectOrExpired {
		if p.mode != Experimental {
			p.Reset()
			return
		}
		p.cursors = p.cursors[:0]
	}
	kept := p.cursors[:0]
	for i := range p.cursors {
		if p.cursorValidity(f, &p.cursors[i]) == pending {
			kept = append(kept, p.cursors[i])
		}
	}
	p.cursors = kept
}

// earlyConfirm is an addition to mosh 1.4.0: a pending prediction of a
// tentative epoch whose character the server's screen already shows, in a
// cell that showed something else when it was predicted, confirms its epoch
// at once instead of after the echo ack (which trails the echo by 50 ms and
// a frame interval, several keystrokes at 120 ms a key). The cell itself is
// still judged when the echo ack comes, like any other; a password that is
// not echoed never confirms anything.
func (p *Predictor) earlyConfirm(f *term.Framebuffer, row int, c *cellPrediction) {
	if !c.tentative(p.confirmedEpoch) || c.unknown || c.replacement.Blank() ||
		row >= f.Height() || c.col >= f.Width() || !f.Cell(row, c.col).ContentsMatch(&c.replacement) {
		return
	}
	for i := range c.original {
		if c.replacement.ContentsMatch(&c.original[i]) {
			return
		}
	}
	p.confirmedEpoch = c.tentativeUntil
}
