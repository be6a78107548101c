package term

// index moves the cursor down by n (up for negative n), scrolling the
// region when the cursor is inside it and would leave it (TERMINAL.md §3.7
// "index-by-N"). LF, IND, NEL, RI and wrapping use it.
func (e *Emulator) index(n int) {
	ds := &e.fb.DS
	row := ds.CursorRow
	if n == 1 && row == len(e.fb.rows)-1 && ds.ScrollBottom == row && ds.ScrollTop == 0 && e.scrollWhole() {
		// A line feed on the bottom row of a screen without margins, the
		// commonest index of all: the cursor stays where it is, as the
		// general path's two row moves leave it.
		ds.CombiningRow, ds.CombiningCol = row, ds.CursorCol
		ds.NextPrintWillWrap = false
		return
	}
	if row >= ds.ScrollTop && row <= ds.ScrollBottom {
		if row+n > ds.ScrollBottom {
			k := row + n - ds.ScrollBottom
			e.scroll(k)
			ds.moveRow(-k, true)
		} else if row+n < ds.ScrollTop {
			k := row + n - ds.ScrollTop
			e.scroll(k)
			ds.moveRow(-k, true)
		}
	}
	ds.moveRow(n, true)
}

// scroll moves the region's content up by k lines (down for negative k).
func (e *Emulator) scroll(k int) {
	if k >= 0 {
		e.deleteLines(e.fb.DS.ScrollTop, k)
	} else {
		e.insertLines(e.fb.DS.ScrollTop, -k)
	}
}

// fillBlank fills rows with what behaves as one shared blank row of the
// current background: a single new gen. Rows this framebuffer owns alone
// are recycled (cleared and given the new gen) instead of allocated, so
// scrolling does not allocate; that is indistinguishable from mosh's
// sharing, because row equality only looks at gens and cells.
func (e *Emulator) fillBlank(rows []*Row, owned []bool, recycled []*Row) {
	fb := e.fb
	bg := fb.DS.Renditions.BG
	gen := e.gens.newGen()
	var shared *Row
	for i := range rows {
		if i < len(recycled) && recycled[i] != nil && len(recycled[i].cells) == fb.DS.Width {
			r := recycled[i]
			r.clearCells(bg)
			r.gen = gen
			rows[i], owned[i] = r, true
			continue
		}
		if len(rows) == 1 { // nothing to share with: this row is ours alone
			rows[i], owned[i] = newBlankRowGen(fb.DS.Width, bg, gen), true
			continue
		}
		if shared == nil {
			shared = newBlankRowGen(fb.DS.Width, bg, gen)
		}
		rows[i], owned[i] = shared, false
	}
}

// maxRecycle bounds the scratch list of recycled rows.
const maxRecycle = 64

// takeOwned collects the rows in [from, to) that this framebuffer owns
// alone, for recycling; others are dropped.
func (e *Emulator) takeOwned(from, to int) []*Row {
	fb := e.fb
	n := min(to-from, maxRecycle)
	var buf [maxRecycle]*Row
	out := buf[:0]
	for y := from; y < from+n; y++ {
		if fb.owned[y] {
			out = append(out, fb.rows[y])
		} else {
			out = append(out, nil)
		}
	}
	return append([]*Row(nil), out...)
}

// insertLines inserts n blank lines at row r inside the scrolling region;
// the lines at the bottom of the region fall out (§3.7).
func (e *Emulator) insertLines(r, n int) {
	fb := e.fb
	top, bottom := fb.DS.ScrollTop, fb.DS.ScrollBottom
	if r < top || r > bottom+1 || n <= 0 {
		return
	}
	s := min(n, bottom+1-r)
	if s <= 0 {
		return
	}
	out := e.takeOwned(bottom+1-s, bottom+1)
	copy(fb.rows[r+s:bottom+1], fb.rows[r:bottom+1-s])
	copy(fb.owned[r+s:bottom+1], fb.owned[r:bottom+1-s])
	e.fillBlank(fb.rows[r:r+s], fb.owned[r:r+s], out)
}

// deleteLines removes n lines at row r inside the scrolling region; blank
// lines appear at the bottom of the region (§3.7).
func (e *Emulator) deleteLines(r, n int) {
	fb := e.fb
	top, bottom := fb.DS.ScrollTop, fb.DS.ScrollBottom
	if r < top || r > bottom || n <= 0 {
		return
	}
	s := min(n, bottom+1-r)
	if s <= 0 {
		return
	}
	if s == 1 && r == 0 && top == 0 && bottom == len(fb.rows)-1 && e.scrollWhole() {
		return
	}
	var out []*Row
	if s == 1 && fb.owned[r] {
		out = e.one[:]
		e.one[0] = fb.rows[r]
	} else {
		out = e.takeOwned(r, r+s)
	}
	copy(fb.rows[r:bottom+1-s], fb.rows[r+s:bottom+1])
	copy(fb.owned[r:bottom+1-s], fb.owned[r+s:bottom+1])
	e.fillBlank(fb.rows[bottom+1-s:bottom+1], fb.owned[bottom+1-s:bottom+1], out)
}

// slideStore holds the backing arrays of the live framebuffer's rows and
// owned slices, slideFactor times the screen height long: scrolling the
// whole screen by one line then moves the slices one slot forward instead
// of shifting every row pointer, and they go back to the start only when
// they reach the end.
type slideStore struct {
	rows  []*Row
	owned []bool
}

// slideFactor is how many screens long a slideStore is.
const slideFactor = 8

// holds reports whether fb's slices live in the store (they end where the
// store ends).
func (st *slideStore) holds(fb *Framebuffer) bool {
	if len(st.rows) == 0 || cap(fb.rows) == 0 || cap(fb.owned) == 0 {
		return false
	}
	return &fb.rows[:cap(fb.rows)][cap(fb.rows)-1] == &st.rows[len(st.rows)-1] &&
		&fb.owned[:cap(fb.owned)][cap(fb.owned)-1] == &st.owned[len(st.owned)-1]
}

// scrollWhole scrolls the whole screen up by one line (the common case of
// output at the bottom of a screen without margins), recycling the row
// that leaves as deleteLines does. It reports false, having done nothing,
// when the screen is too small to bother.
func (e *Emulator) scrollWhole() bool {
	fb := e.fb
	h := len(fb.rows)
	if h < 2 {
		return false
	}
	st := &e.slide
	if !st.holds(fb) || len(st.rows) < 2*h {
		st.rows = make([]*Row, slideFactor*h)
		st.owned = make([]bool, slideFactor*h)
		copy(st.rows, fb.rows)
		copy(st.owned, fb.owned)
		fb.rows, fb.owned = st.rows[:h], st.owned[:h]
	} else if cap(fb.rows) < h+1 {
		// At the end: back to the start, dropping stale pointers.
		copy(st.rows, fb.rows)
		copy(st.owned, fb.owned)
		clear(st.rows[h:])
		fb.rows, fb.owned = st.rows[:h], st.owned[:h]
	}
	top := fb.rows[0]
	recycle := fb.owned[0] && len(top.cells) == fb.DS.Width
	fb.rows[0] = nil
	fb.rows, fb.owned = fb.rows[1:h+1], fb.owned[1:h+1]
	if recycle {
		// fillBlank's recycling, without its generality.
		top.clearCells(fb.DS.Renditions.BG)
		top.gen = e.gens.newGen()
		fb.rows[h-1], fb.owned[h-1] = top, true
		return true
	}
	e.fillBlank(fb.rows[h-1:], fb.owned[h-1:], nil)
	return true
}
