package overlay

import (
	"math"
	"time"

	"ssh-mosh/term"
)

// Thresholds of the triggers (PREDICTION.md §6), compared with the
// transport's send interval or with how long a prediction has been pending.
const (
	srttTriggerHigh         = 30 * time.Millisecond
	srttTriggerLow          = 20 * time.Millisecond
	flagTriggerHigh         = 80 * time.Millisecond
	flagTriggerLow          = 50 * time.Millisecond
	glitchThreshold         = 250 * time.Millisecond
	glitchRepairCount       = 10
	glitchRepairMinInterval = 150 * time.Millisecond
	glitchFlagThreshold     = 5000 * time.Millisecond
	timingWake              = 50 * time.Millisecond
)

const noFrame = math.MaxUint64

// conditional is what cell and cursor predictions share (§4): the client
// state whose echo must be acknowledged before it is judged, the epoch it
// belongs to and when it was last touched.
type conditional struct {
	expirationFrame uint64
	col             int
	active          bool
	tentativeUntil  uint64
	predictionTime  time.Time
}

func (c *conditional) tentative(confirmed uint64) bool { return c.tentativeUntil > confirmed }

func (c *conditional) expire(frame uint64, now time.Time) {
	c.expirationFrame = frame
	c.predictionTime = now
}

func (c *conditional) resetBase() {
	c.expirationFrame = noFrame
	c.tentativeUntil = noFrame
	c.active = false
}

// cursorPrediction is where the cursor is predicted to be.
type cursorPrediction struct {
	conditional
	row int
}

// cellPrediction is what one cell is predicted to show.
type cellPrediction struct {
	conditional
	replacement term.Cell
	unknown     bool
	original    []term.Cell
}

func (c *cellPrediction) reset() {
	c.unknown = false
	c.original = c.original[:0]
	c.resetBase()
}

func (c *cellPrediction) resetWithOrig() {
	if !c.active || c.unknown {
		c.reset()
		return
	}
	c.original = append(c.original, c.replacement)
	c.resetBase()
}

// rowPrediction is one row's cell predictions, one per column.
type rowPrediction struct {
	rowNum int
	cells  []cellPrediction
}

// validity is the verdict of judging a prediction against a frame (§8).
type validity uint8

const (
	pending validity = iota
	correct
	correctNoCredit
	incorrectOrExpired
	inactive
)

// Predictor is mosh's prediction engine (PREDICTION.md §3–§11): it guesses
// the screen effect of each keystroke, judges the guesses against the
// server's frames once the echo ack covers them, and draws the confirmed ones
// onto the frame being painted. It is not safe for concurrent use.
type Predictor struct {
	mode      Mode
	overwrite bool

	localFrameSent, localFrameAcked, localFrameLateAcked uint64
	sendInterval                                         time.Duration

	lastByte byte
	parser   userParser
	actions  []action

	predictionEpoch, confirmedEpoch uint64
	flagging, srttTrigger           bool
	glitchTrigger                   int
	lastQuickConfirmation           time.Time

	lastWidth, lastHeight int

	cursors []cursorPrediction
	rows    []rowPrediction

	inFlight      []typed // see replay.go
	doneTail      []rune  // see skipShown
	replayPending bool
	cursorLost    bool   // see loseCursor
	freshLine     uint64 // see promptColumn: the epoch of a newline's cursor, or 0
	scrolledRow   string // see promptColumn: the bottom row when Enter scrolls
}

// NewPredictor returns an engine in mode; overwrite makes typed characters
// replace the cell under the cursor instead of shifting the line right
// (MOSH_PREDICTION_OVERWRITE=yes).
func NewPredictor(mode Mode, overwrite bool) *Predictor {
	return &Predictor{
		mode:            mode,
		overwrite:       overwrite,
		sendInterval:    250 * time.Millisecond,
		predictionEpoch: 1,
	}
}

// SetLocalFrameSent records the number of the newest client state sent; a
// keystroke predicted now travels in a later one.
func (p *Predictor) SetLocalFrameSent(n uint64) { p.localFrameSent = n }

// SetLocalFrameAcked records the newest client state the server acknowledged
// (kept as mosh does, though nothing uses it).
func (p *Predictor) SetLocalFrameAcked(n uint64) { p.localFrameAcked = n }

// SetLocalFrameLateAcked records the echo ack of the newest server state:
// its screen shows the effect of client states up to n.
func (p *Predictor) SetLocalFrameLateAcked(n uint64) { p.localFrameLateAcked = n }

// SetSendInterval records the transport's send interval, ⌈SRTT/2⌉ within
// 20–250 ms, which drives the triggers (§6).
func (p *Predictor) SetSendInterval(d time.Duration) { p.sendInterval = d }

// Flagging reports whether shown predictions are underlined.
func (p *Predictor) Flagging() bool { return p.flagging }

// Reset throws every prediction away and starts a new, tentative epoch
// (after a paste or a resize, §11).
func (p *Predictor) Reset() {
	p.inFlight = p.inFlight[:0]
	p.doneTail = p.doneTail[:0]
	p.replayPending = false
	p.freshLine = 0
	p.scrolledRow = ""
	p.cursors = p.cursors[:0]
	p.rows = p.rows[:0]
	p.becomeTentative()
}

func (p *Predictor) becomeTentative() {
	if p.mode != Experimental {
		p.predictionEpoch++
	}
}

// active reports whether any prediction is outstanding.
func (p *Predictor) active() bool {
	if len(p.cursors) > 0 {
		return true
	}
	for i := range p.rows {
		for j := range p.rows[i].cells {
			if p.rows[i].cells[j].active {
				return true
			}
		}
	}
	return false
}

// Deadline returns when the engine needs the loop to wake up and cull again:
// 50 ms from now while it still has timing to measure, else the zero time.
func (p *Predictor) Deadline(now time.Time) time.Time {
	if !(p.glitchTrigger > 0 && p.flagging) && p.active() {
		return now.Add(timingWake)
	}
	return time.Time{}
}

func (p *Predictor) cursor() *cursorPrediction { return &p.cursors[len(p.cursors)-1] }

// initCursor makes sure the current epoch has a cursor prediction (§10).
func (p *Predictor) initCursor(d *term.Framebuffer) {
	if len(p.cursors) == 0 {
		p.cursors = append(p.cursors, p.newCursor(d.DS.CursorRow, d.DS.CursorCol))
		return
	}
	if last := p.cursor(); last.tentativeUntil != p.predictionEpoch {
		row, col := last.row, last.col
		if p.cursorLost {
			row, col = d.DS.CursorRow, d.DS.CursorCol
		}
		p.cursors = append(p.cursors, p.newCursor(row, col))
	}
	p.cursorLost = false
}

// promptColumn is an addition to mosh 1.4.0: the first character typed on
// the line after a predicted newline goes where the application put the
// cursor on that line (after its prompt) once the frame on display shows the
// cursor there, rather than in column 0, where mosh predicts it and is
// wrong behind every prompt. Before the application has answered the
// newline, the frame's cursor is still on the old line and mosh's guess
// stands. On the bottom row, where the cursor stays put, the answer is told
// by the line typed on showing one row up, scrolled. It only moves a
// tentative epoch's cursor, recognised by its epoch (culling may drop older
// cursors from the list between the newline and the key, so its place in
// the list says nothing).
func (p *Predictor) promptColumn(d *term.Framebuffer) {
	e := p.freshLine
	p.freshLine = 0
	cur := p.cursor()
	if e == 0 || e != p.predictionEpoch || cur.tentativeUntil != e || !cur.tentative(p.confirmedEpoch) {
		return
	}
	answered := d.DS.CursorRow == cur.row
	if h := d.Height(); cur.row == h-1 {
		// On the bottom row the cursor is there before and after the
		// answer; the answer scrolls the line typed on up a row.
		answered = answered && h > 1 && p.scrolledRow != "" && d.Row(h-2).String() == p.scrolledRow
	}
	if cur.col == 0 && answered && d.DS.CursorCol < d.Width() {
		cur.col = d.DS.CursorCol
	}
}

// loseCursor starts a tentative epoch after a key whose effect on the
// cursor is not predicted (a control other than CR, an escape sequence other
// than ←/→, a wide or combining character). An addition to mosh 1.4.0,
// which carries the last predicted cursor into the next epoch even then:
// here the next epoch starts from the cursor of the frame on display, which
// is right whenever the application has already answered that key (the
// usual case after Ctrl-L or Tab followed by a pause), and no worse than
// mosh's guess otherwise. Either way the new epoch is shown only once
// confirmed.
func (p *Predictor) loseCursor() {
	p.becomeTentative()
	p.cursorLost = true
}

func (p *Predictor) newCursor(row, col int) cursorPrediction {
	c := cursorPrediction{row: row}
	c.col = col
	c.active = true
	c.expirationFrame = p.localFrameSent + 1
	c.tentativeUntil = p.predictionEpoch
	return c
}

// getOrMakeRow returns the predictions of row r, creating them if needed.
func (p *Predictor) getOrMakeRow(r, width int) *rowPrediction {
	for i := range p.rows {
		if p.rows[i].rowNum == r {
			return &p.rows[i]
		}
	}
	row := rowPrediction{rowNum: r, cells: make([]cellPrediction, width)}
	for i := range row.cells {
		c := &row.cells[i]
		c.col = i
		c.tentativeUntil = p.predictionEpoch
	}
	p.rows = append(p.rows, row)
	return &p.rows[len(p.rows)-1]
}

// newlineCarriageReturn predicts a CR LF; at the bottom it predicts a blank
// last line instead of a scroll (§10).
func (p *Predictor) newlineCarriageReturn(d *term.Framebuffer, now time.Time) {
	p.initCursor(d)
	cur := p.cursor()
	cur.col = 0
	if cur.row != d.Height()-1 {
		cur.row++
		p.freshLine = cur.tentativeUntil
		return
	}
	p.freshLine = cur.tentativeUntil
	p.scrolledRow = d.Row(d.Height() - 1).String()
	row := p.getOrMakeRow(d.Height()-1, d.Width())
	for i := range row.cells {
		c := &row.cells[i]
		c.active = true
		c.tentativeUntil = p.predictionEpoch
		c.expire(p.localFrameSent+1, now)
		keep := c.replacement
		c.replacement = term.NewCell("", keep.Renditions(), keep.Wide())
		c.replacement.SetWrap(keep.Wrap())
	}
}

// killEpoch forgets every prediction of epoch e and later (§10).
func (p *Predictor) killEpoch(e uint64, f *term.Framebuffer) {
	kept := p.cursors[:0]
	for _, c := range p.cursors {
		if c.tentativeUntil < e {
			kept = append(kept, c)
		}
	}
	p.cursors = append(kept, p.newCursor(f.DS.CursorRow, f.DS.CursorCol))
	for i := range p.rows {
		for j := range p.rows[i].cells {
			if c := &p.rows[i].cells[j]; c.tentativeUntil >= e {
				c.reset()
			}
		}
	}
	p.becomeTentative()
	p.replayPending = p.mode != Experimental
}

// Apply draws the predictions that may be shown onto f (§9).
func (p *Predictor) Apply(f *term.Framebuffer) {
	if p.mode == Never || !(p.srttTrigger || p.glitchTrigger > 0 || p.mode == Always || p.mode == Experimental) {
		return
	}
	for i := range p.cursors {
		c := &p.cursors[i]
		if c.active && !c.tentative(p.confirmedEpoch) && c.row < f.Height() && c.col < f.Width() {
			f.DS.CursorRow, f.DS.CursorCol = c.row, c.col
		}
	}
	for i := range p.rows {
		r := &p.rows[i]
		if r.rowNum < 0 || r.rowNum >= f.Height() {
			continue
		}
		for j := range r.cells {
			c := &r.cells[j]
			if !c.active || c.col >= f.Width() || c.tentative(p.confirmedEpoch) {
				continue
			}
			p.applyCell(f, r.rowNum, c)
		}
	}
}

func (p *Predictor) applyCell(f *term.Framebuffer, row int, c *cellPrediction) {
	cur := f.Cell(row, c.col)
	flag := p.flagging && !(c.replacement.Blank() && cur.Blank())
	if c.unknown {
		if flag && c.col != f.Width()-1 {
			cell := *cur
			underline(&cell)
			f.MutableRow(row).SetCell(c.col, cell)
		}
		return
	}
	if cur.Equal(&c.replacement) {
		return
	}
	cell := c.replacement
	if flag {
		underline(&cell)
	}
	f.MutableRow(row).SetCell(c.col, cell)
}

func underline(c *term.Cell) {
	r := c.Renditions()
	r.Attrs |= term.Underline
	c.SetRenditions(r)
}
