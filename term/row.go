package term

import "sync/atomic"

// genCounter is the one ever-increasing source of row identities
// (TERMINAL.md §3.3). It is shared by every framebuffer in the process, as
// mosh's is, so that rows of different framebuffers never collide.
var genCounter atomic.Uint64

// newGen returns a fresh row generation.
func newGen() uint64 { return genCounter.Add(1) }

// genBlockSize is how many gens a genSource reserves at once.
const genBlockSize = 1024

// genSource hands out gens from blocks reserved on genCounter, one atomic
// add per block instead of one per row: scrolling takes a gen for every
// line of output, and on a busy machine the atomic add was the largest
// single cost of a scroll. Gens stay unique across every framebuffer of
// the process; only their order across framebuffers changes, and nothing
// compares gens except for equality (TERMINAL.md §3.3). The zero value is
// ready to use. A copied genSource would hand out the same gens twice, so
// each owner (an Emulator) starts from the zero value.
type genSource struct{ next, end uint64 }

// newGen returns a fresh row generation.
func (s *genSource) newGen() uint64 {
	if s.next == s.end {
		s.end = genCounter.Add(genBlockSize)
		s.next = s.end - genBlockSize
	}
	s.next++
	return s.next
}

// Row is one line of cells plus its identity ("gen", TERMINAL.md §3.3).
// Rows may be shared between framebuffers (copy-on-write); a Row reached
// through Framebuffer.Row must be treated as read-only.
type Row struct {
	cells []Cell
	gen   uint64
	// used bounds the cells that may be non-zero: cells[used:] are all
	// Cell{}. It lets a row be cleared in time proportional to what was
	// written, which is most of the cost of scrolling short lines. Paths
	// that do not track it precisely set it to len(cells).
	used int
}

// newBlankRow returns a row of width blank cells with background bg and a
// new gen.
func newBlankRow(width int, bg uint32) *Row {
	return newBlankRowGen(width, bg, newGen())
}

// newBlankRowGen is newBlankRow with the given gen.
func newBlankRowGen(width int, bg uint32, gen uint64) *Row {
	r := &Row{cells: make([]Cell, width), gen: gen}
	r.fillBG(bg)
	return r
}

// NewRow returns a row holding cells (copied) with a fresh gen; for tests
// and for building framebuffers by hand.
func NewRow(cells []Cell) *Row {
	return &Row{cells: append([]Cell(nil), cells...), gen: newGen(), used: len(cells)}
}

// clone returns a deep copy that keeps the gen.
func (r *Row) clone() *Row {
	return &Row{cells: append([]Cell(nil), r.cells...), gen: r.gen, used: r.used}
}

// Width returns the number of cells.
func (r *Row) Width() int { return len(r.cells) }

// Cell returns cell x (0-based). It panics if x is out of range.
func (r *Row) Cell(x int) *Cell { return &r.cells[x] }

// Cells returns the row's cells; read-only.
func (r *Row) Cells() []Cell { return r.cells }

// Gen returns the row's identity; see TERMINAL.md §3.3.
func (r *Row) Gen() uint64 { return r.gen }

// Wrap reports whether the row continues on the next row (the wrap bit of
// its last cell).
func (r *Row) Wrap() bool {
	return len(r.cells) > 0 && r.cells[len(r.cells)-1].Wrap()
}

// setWrap sets the wrap bit of the last cell.
func (r *Row) setWrap(on bool) {
	if len(r.cells) > 0 {
		r.cells[len(r.cells)-1].SetWrap(on)
	}
}

// Equal reports row equality: same gen and all cells equal. Identical
// pointers are equal without looking at the cells.
func (r *Row) Equal(o *Row) bool {
	if r == o {
		return true
	}
	if r.gen != o.gen || len(r.cells) != len(o.cells) {
		return false
	}
	for i := range r.cells {
		if r.cells[i] != o.cells[i] {
			return false
		}
	}
	return true
}

// reset erases every cell with background bg and gives the row a new gen.
func (r *Row) reset(bg uint32) {
	r.clearCells(bg)
	r.gen = newGen()
}

// clearCells erases every cell with background bg, keeping the gen.
func (r *Row) clearCells(bg uint32) {
	clear(r.cells[:r.used])
	r.used = 0
	r.fillBG(bg)
}

// fillBG gives every cell of a cleared row the background bg.
func (r *Row) fillBG(bg uint32) {
	if bg == 0 {
		return
	}
	for i := range r.cells {
		r.cells[i].rend.BG = bg
	}
	r.used = len(r.cells)
}

// insertCells inserts n blank cells at col; the last n cells drop off. It
// is the same as n single insertions (wrap bits move with their cells).
func (r *Row) insertCells(col, n int, bg uint32) {
	n = min(n, len(r.cells)-col)
	copy(r.cells[col+n:], r.cells[col:len(r.cells)-n])
	for x := col; x < col+n; x++ {
		r.cells[x].reset(bg)
	}
}

// deleteCells removes n cells at col; n blank cells enter at the end.
func (r *Row) deleteCells(col, n int, bg uint32) {
	n = min(n, len(r.cells)-col)
	copy(r.cells[col:], r.cells[col+n:])
	for x := len(r.cells) - n; x < len(r.cells); x++ {
		r.cells[x].reset(bg)
	}
}

// String returns the row's text: each non-continuation cell's grapheme
// (an empty cell as a space), trailing spaces trimmed. For tests and logs.
func (r *Row) String() string {
	var b []byte
	for x := 0; x < len(r.cells); {
		c := &r.cells[x]
		b = c.AppendGrapheme(b)
		x += c.Width()
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b)
}

// SetCell replaces cell x. Use it on a row from Framebuffer.MutableRow,
// for building framebuffers by hand (tests, property checks).
func (r *Row) SetCell(x int, c Cell) {
	r.cells[x] = c
	r.used = len(r.cells)
}
