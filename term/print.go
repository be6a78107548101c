package term

// printASCII prints a run of printable ASCII (0x20–0x7E) in the ground
// state: the fast path of Write. It behaves exactly like calling print for
// each byte, but fills the cells of one row in a single loop.
func (e *Emulator) printASCII(run []byte) {
	fb := e.fb
	ds := &fb.DS
	for len(run) > 0 {
		if ds.AutoWrap && ds.NextPrintWillWrap {
			e.wrapToNextLine()
		}
		if ds.InsertMode {
			e.print(rune(run[0]))
			run = run[1:]
			continue
		}
		y, col := ds.CursorRow, ds.CursorCol
		n := min(len(run), ds.Width-col)
		if y < ds.limitTop() || y > ds.limitBottom() {
			n = 1 // the first advance moves the cursor into the region
		}
		row := fb.rowForWrite(y)
		cells := row.cells[col : col+n]
		r := ds.Renditions
		// Cells from row.used on are all Cell{} (see Row.used), so
		// there only the fields of an ASCII cell need writing; before
		// it the whole cell is replaced. A line printed on a freshly
		// scrolled-in row is all of the first kind.
		old := min(max(row.used-col, 0), n)
		for k := range cells[:old] {
			cells[k].setASCII(run[k], r)
		}
		for k := old; k < n; k++ {
			c := &cells[k]
			c.buf[0], c.n, c.rend = run[k], 1, r
		}
		row.used = max(row.used, col+n)
		ds.CombiningRow, ds.CombiningCol = y, col+n-1
		ds.CursorCol = col + n
		ds.NextPrintWillWrap = ds.CursorCol >= ds.Width
		ds.snap()
		run = run[n:]
	}
}

// wrapToNextLine is step 1 of printing with wrap pending: mark the row as
// wrapped, go to column 0 and index.
func (e *Emulator) wrapToNextLine() {
	ds := &e.fb.DS
	e.fb.MutableRow(ds.CursorRow).setWrap(true)
	ds.moveCol(0, false)
	e.index(1)
}

// print is the Print action for one code point (TERMINAL.md §4.2).
func (e *Emulator) print(ch rune) {
	fb := e.fb
	ds := &fb.DS
	w := Width(ch)
	switch w {
	case -1:
		return
	case 0:
		e.printCombining(ch)
		return
	}
	if ds.AutoWrap && ds.NextPrintWillWrap {
		e.wrapToNextLine()
	} else if ds.AutoWrap && w == 2 && ds.CursorCol == ds.Width-1 {
		row := fb.MutableRow(ds.CursorRow)
		row.cells[ds.CursorCol].reset(ds.Renditions.BG)
		row.setWrap(false)
		ds.moveCol(0, false)
		e.index(1)
	}
	bg := ds.Renditions.BG
	row := fb.rowForWrite(ds.CursorRow)
	row.used = max(row.used, min(ds.CursorCol+2, ds.Width))
	if ds.InsertMode {
		row.used = ds.Width
		row.insertCells(ds.CursorCol, w, bg)
	}
	c := &row.cells[ds.CursorCol]
	c.reset(bg)
	c.appendRune(ch)
	if w == 2 {
		c.flags |= cellWide
	}
	c.rend = ds.Renditions
	if w == 2 && ds.CursorCol+1 < ds.Width {
		row.cells[ds.CursorCol+1].reset(bg)
	}
	ds.advance(w)
}

// printCombining attaches a width-0 character to the combining position.
func (e *Emulator) printCombining(ch rune) {
	fb := e.fb
	ds := &fb.DS
	y, x := ds.CombiningRow, ds.CombiningCol
	if y < 0 || x < 0 || y >= ds.Height || x >= ds.Width {
		return
	}
	c := &fb.MutableRow(y).cells[x]
	if c.Empty() {
		c.flags |= cellFallback
		ds.advance(1)
	}
	if !c.Full() {
		c.appendRune(ch)
	}
}
