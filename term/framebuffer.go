package term

import "strings"

// Size limits applied to New and Resize so that a hostile or buggy peer
// cannot make the emulator allocate without bound: a full screen of this
// size holds about 100 MiB of cells. Larger requests are clamped.
const (
	MaxWidth  = 2048
	MaxHeight = 1024
)

// Framebuffer is the terminal's complete state (TERMINAL.md §3.5): rows of
// cells, the draw state, window title, icon name, clipboard, bell count and
// whether a title was ever set.
//
// Rows are shared copy-on-write between a framebuffer and its clones, so
// Clone is cheap and a framebuffer that changed one line since its clone
// owns one new row. Rows returned by Row are read-only.
type Framebuffer struct {
	rows  []*Row
	owned []bool // owned[y]: rows[y] belongs to this framebuffer alone

	// DS is the draw state: cursor, modes, tabs, region, renditions.
	DS DrawState

	// Title and IconName are the window title and icon name (OSC 2/1/0).
	Title, IconName string
	// TitleInitialized is set by the first OSC 0/1/2 and never cleared.
	TitleInitialized bool
	// Clipboard is the OSC 52 "c" selection, verbatim (normally base64).
	Clipboard string
	// BellCount counts executed BELs (or, on a client, frames with bells).
	BellCount uint64

	alt *altScreen // the saved main screen while the alternate one shows
}

// NewFramebuffer returns a blank width×height framebuffer (sizes clamped to
// 1…MaxWidth and 1…MaxHeight) whose rows are all one shared blank row.
func NewFramebuffer(width, height int) *Framebuffer {
	width, height = clampSize(width, height)
	fb := &Framebuffer{DS: newDrawState(width, height)}
	fb.rows = make([]*Row, height)
	fb.owned = make([]bool, height)
	blank := newBlankRow(width, 0)
	for y := range fb.rows {
		fb.rows[y] = blank
	}
	return fb
}

// clampSize keeps a size inside 1…MaxWidth × 1…MaxHeight.
func clampSize(w, h int) (int, int) {
	return max(1, min(w, MaxWidth)), max(1, min(h, MaxHeight))
}

// Width returns the number of columns.
func (fb *Framebuffer) Width() int { return fb.DS.Width }

// Height returns the number of rows.
func (fb *Framebuffer) Height() int { return fb.DS.Height }

// Row returns row y (0-based), read-only. It panics if y is out of range.
func (fb *Framebuffer) Row(y int) *Row { return fb.rows[y] }

// Cell returns the cell at row y, column x, read-only.
func (fb *Framebuffer) Cell(y, x int) *Cell { return &fb.rows[y].cells[x] }

// MutableRow returns row y for writing, copying it first if it is shared.
// The copy keeps the row's gen.
func (fb *Framebuffer) MutableRow(y int) *Row {
	r := fb.rowForWrite(y)
	r.used = len(r.cells) // the caller may write anywhere
	return r
}

// rowForWrite is MutableRow for callers that keep Row.used up to date
// themselves.
func (fb *Framebuffer) rowForWrite(y int) *Row {
	if !fb.owned[y] {
		fb.rows[y] = fb.rows[y].clone()
		fb.owned[y] = true
	}
	return fb.rows[y]
}

// Clone returns an independent copy that shares rows with fb until either
// is written.
func (fb *Framebuffer) Clone() *Framebuffer {
	c := *fb
	c.rows = append([]*Row(nil), fb.rows...)
	c.owned = make([]bool, len(fb.rows))
	clear(fb.owned)
	if fb.alt != nil {
		a := *fb.alt
		a.rows = append([]*Row(nil), fb.alt.rows...)
		c.alt = &a
	}
	return &c
}

// Equal is mosh's framebuffer equality (TERMINAL.md §3.5): rows (gen and
// cells), title, clipboard, bell count and the compared draw-state fields.
// The icon name is deliberately not compared.
func (fb *Framebuffer) Equal(o *Framebuffer) bool {
	if !fb.DS.Equal(&o.DS) || fb.Title != o.Title || fb.Clipboard != o.Clipboard ||
		fb.BellCount != o.BellCount || len(fb.rows) != len(o.rows) {
		return false
	}
	for y := range fb.rows {
		if !fb.rows[y].Equal(o.rows[y]) {
			return false
		}
	}
	return true
}

// Resize changes the size as mosh does (TERMINAL.md §10): no reflow, rows
// removed from or added at the bottom, cells truncated or extended, the
// cursor snapped, wrap-pending untouched. Sizes are clamped to
// 1…MaxWidth × 1…MaxHeight.
func (fb *Framebuffer) Resize(width, height int) {
	width, height = clampSize(width, height)
	oldW, oldH := fb.DS.Width, fb.DS.Height
	if width == oldW && height == oldH {
		fb.DS.resize(width, height)
		return
	}
	bg := fb.DS.Renditions.BG
	fb.DS.resize(width, height)
	fb.rows, fb.owned = resizeRows(fb.rows, fb.owned, oldW, width, height, bg)
	if fb.alt != nil {
		fb.alt.rows, _ = resizeRows(fb.alt.rows, make([]bool, len(fb.alt.rows)), oldW, width, height, bg)
	}
}

// resizeRows applies steps 2 and 3 of TERMINAL.md §10 to a row slice:
// rows are cut or one shared blank row (new width, background bg) is
// appended; then each pre-existing row is copied with its gen kept, its
// wrap flag cleared and its cells cut or extended.
func resizeRows(rows []*Row, owned []bool, oldW, w, h int, bg uint32) ([]*Row, []bool) {
	oldH := len(rows)
	rows, owned = rows[:min(h, oldH):min(h, oldH)], owned[:min(h, oldH):min(h, oldH)]
	if w != oldW {
		done := make(map[*Row]*Row, len(rows)) // keeps shared rows shared
		for y, r := range rows {
			nr, ok := done[r]
			if !ok {
				nr = &Row{gen: r.gen, cells: make([]Cell, w), used: w}
				n := copy(nr.cells, r.cells)
				if n == len(r.cells) {
					nr.cells[n-1].SetWrap(false)
				}
				for x := n; x < w; x++ {
					nr.cells[x].rend.BG = bg
				}
				done[r] = nr
			}
			rows[y] = nr
			owned[y] = false
		}
	}
	if h > oldH {
		blank := newBlankRow(w, bg)
		for len(rows) < h {
			rows = append(rows, blank)
			owned = append(owned, false)
		}
	}
	return rows, owned
}

// String renders the screen as text, one line per row with trailing
// spaces trimmed, for tests and logs.
func (fb *Framebuffer) String() string {
	var b strings.Builder
	for y, r := range fb.rows {
		if y > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.String())
	}
	return b.String()
}
