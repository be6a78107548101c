package term

// eraseDisplay is ED (TERMINAL.md §5.4): 0 below, 1 above, 2 all. Whole
// rows are reset (new gens); partial rows are erased cell by cell.
func (e *Emulator) eraseDisplay(p int) {
	fb := e.fb
	ds := &fb.DS
	bg := ds.Renditions.BG
	switch p {
	case 0:
		e.eraseCellRange(ds.CursorRow, ds.CursorCol, ds.Width-1)
		for y := ds.CursorRow + 1; y < ds.Height; y++ {
			fb.MutableRow(y).reset(bg)
		}
	case 1:
		for y := 0; y < ds.CursorRow; y++ {
			fb.MutableRow(y).reset(bg)
		}
		e.eraseCellRange(ds.CursorRow, 0, ds.CursorCol)
	case 2:
		for y := 0; y < ds.Height; y++ {
			fb.MutableRow(y).reset(bg)
		}
	}
}

// eraseLine is EL: 0 to the end, 1 to the cursor, 2 the whole row (new gen).
func (e *Emulator) eraseLine(p int) {
	ds := &e.fb.DS
	switch p {
	case 0:
		e.eraseCellRange(ds.CursorRow, ds.CursorCol, ds.Width-1)
	case 1:
		e.eraseCellRange(ds.CursorRow, 0, ds.CursorCol)
	case 2:
		e.fb.MutableRow(ds.CursorRow).reset(ds.Renditions.BG)
	}
}

// eraseCells is ECH: n cells from the cursor, cursor unmoved.
func (e *Emulator) eraseCells(n int) {
	ds := &e.fb.DS
	e.eraseCellRange(ds.CursorRow, ds.CursorCol, min(ds.CursorCol+n-1, ds.Width-1))
}

// eraseCellRange resets cells from..to (inclusive) of row y.
func (e *Emulator) eraseCellRange(y, from, to int) {
	if from > to {
		return
	}
	bg := e.fb.DS.Renditions.BG
	row := e.fb.MutableRow(y)
	for x := from; x <= to; x++ {
		row.cells[x].reset(bg)
	}
}

// insertCells is ICH: n blank cells at the cursor, the row's tail falls off.
func (e *Emulator) insertCells(n int) {
	ds := &e.fb.DS
	e.fb.MutableRow(ds.CursorRow).insertCells(ds.CursorCol, n, ds.Renditions.BG)
}

// deleteCells is DCH: n cells at the cursor removed, blanks enter at the end.
func (e *Emulator) deleteCells(n int) {
	ds := &e.fb.DS
	e.fb.MutableRow(ds.CursorRow).deleteCells(ds.CursorCol, n, ds.Renditions.BG)
}
