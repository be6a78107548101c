package term

// execute runs a C0 or C1 control (TERMINAL.md §5.1, §5.2). Every control
// except HT clears wrap-pending, whether or not it does anything else.
func (e *Emulator) execute(ch rune) {
	ds := &e.fb.DS
	if ch == 0x09 {
		e.tab(1)
		return
	}
	ds.NextPrintWillWrap = false
	switch ch {
	case 0x07: // BEL
		e.fb.BellCount++
	case 0x08: // BS
		ds.moveCol(-1, true)
	case 0x0a, 0x0b, 0x0c: // LF, VT, FF
		e.index(1)
	case 0x0d: // CR
		ds.moveCol(0, false)
	case 0x84: // IND
		e.index(1)
	case 0x85: // NEL
		ds.moveCol(0, false)
		e.index(1)
	case 0x88: // HTS
		e.setTab(ds.CursorCol, true)
	case 0x8d: // RI
		e.index(-1)
	}
}

// Escape-sequence keys: intermediates then final, first in the low byte.
const (
	keyDECSC  = '7'
	keyDECRC  = '8'
	keyRIS    = 'c'
	keyDECALN = '#' | '8'<<8
)

// escDispatch handles ESC sequences (TERMINAL.md §2.7, §5.3). Finals
// 0x40–0x5F without intermediates become C1 controls.
func (e *Emulator) escDispatch(p *parser, final rune) {
	if p.ninter == 0 && final >= 0x40 && final <= 0x5f {
		e.execute(final + 0x40)
		return
	}
	ds := &e.fb.DS
	ds.NextPrintWillWrap = false
	switch p.key(final) {
	case keyDECSC:
		ds.Saved = SavedCursor{Row: ds.CursorRow, Col: ds.CursorCol,
			Renditions: ds.Renditions, AutoWrap: ds.AutoWrap, Origin: ds.OriginMode}
	case keyDECRC:
		e.restoreCursor()
	case keyRIS:
		e.fullReset()
	case keyDECALN:
		e.alignmentTest()
	}
}

// restoreCursor is DECRC (§3.9).
func (e *Emulator) restoreCursor() {
	ds := &e.fb.DS
	s := ds.Saved
	ds.CursorRow, ds.CursorCol = s.Row, s.Col
	ds.Renditions = s.Renditions
	ds.AutoWrap, ds.OriginMode = s.AutoWrap, s.Origin
	ds.snap()
	ds.CombiningRow, ds.CombiningCol = ds.CursorRow, ds.CursorCol
}

// fullReset is RIS (§3.10): fresh draw state and rows; title and
// clipboard emptied; icon name, title_initialized and bell count kept.
func (e *Emulator) fullReset() {
	fb := e.fb
	w, h := fb.DS.Width, fb.DS.Height
	fb.DS = newDrawState(w, h)
	blank := newBlankRow(w, 0)
	for y := range fb.rows {
		fb.rows[y], fb.owned[y] = blank, false
	}
	fb.Title, fb.Clipboard = "", ""
	fb.alt = nil
}

// alignmentTest is DECALN: every cell reset (current background) and
// filled with 'E'; cursor and region unchanged.
func (e *Emulator) alignmentTest() {
	fb := e.fb
	r := Renditions{BG: fb.DS.Renditions.BG}
	for y := range fb.rows {
		row := fb.MutableRow(y)
		for x := range row.cells {
			row.cells[x].setASCII('E', r)
		}
	}
}

// softReset is DECSTR (§3.10).
func (e *Emulator) softReset() {
	ds := &e.fb.DS
	ds.InsertMode, ds.OriginMode = false, false
	ds.CursorVisible, ds.ApplicationCursor = true, false
	ds.ScrollTop, ds.ScrollBottom = 0, ds.Height-1
	ds.Renditions = Renditions{}
	ds.Saved = SavedCursor{AutoWrap: true}
}
