package term

// Mouse reporting modes (DEC private modes 9, 1000–1003; TERMINAL.md §5.5).
const (
	MouseNone      = 0
	MouseX10       = 9
	MouseVT200     = 1000
	MouseHighlight = 1001
	MouseButton    = 1002
	MouseAny       = 1003
)

// Mouse encodings (DEC private modes 1005, 1006, 1015).
const (
	MouseEncodingDefault = 0
	MouseEncodingUTF8    = 1005
	MouseEncodingSGR     = 1006
	MouseEncodingURXVT   = 1015
)

// SavedCursor is what DECSC saves and DECRC restores (TERMINAL.md §3.9).
type SavedCursor struct {
	Row, Col   int
	Renditions Renditions
	AutoWrap   bool
	Origin     bool
}

// DrawState is the framebuffer's cursor, modes and tab stops (TERMINAL.md
// §3.4). Fields are exported for the frame differ and the state sync;
// change them only through the Emulator unless building a framebuffer by
// hand.
type DrawState struct {
	Width, Height int

	// CursorRow and CursorCol are 0-based and always on screen.
	CursorRow, CursorCol int
	// CombiningRow and CombiningCol locate the cell a following combining
	// character attaches to; -1 means none.
	CombiningRow, CombiningCol int
	// NextPrintWillWrap is the wrap-pending flag: the cursor is logically
	// past the last column.
	NextPrintWillWrap bool

	OriginMode           bool // DECOM (mode ?6)
	AutoWrap             bool // DECAWM (mode ?7)
	InsertMode           bool // IRM (mode 4)
	CursorVisible        bool // DECTCEM (mode ?25)
	ReverseVideo         bool // DECSCNM (mode ?5)
	BracketedPaste       bool // mode ?2004
	ApplicationCursor    bool // DECCKM (mode ?1)
	MouseMode            int  // MouseNone, MouseX10, … MouseAny
	MouseFocusEvent      bool // mode ?1004
	MouseAlternateScroll bool // mode ?1007 (compared, never synchronised)
	MouseEncoding        int  // MouseEncodingDefault, …

	// Tabs[c] is a tab stop at column c; DefaultTabs is true until TBC 3.
	Tabs        []bool
	DefaultTabs bool

	// ScrollTop and ScrollBottom are the scrolling region, inclusive.
	ScrollTop, ScrollBottom int

	// Renditions are the current SGR renditions.
	Renditions Renditions

	Saved SavedCursor
}

// newDrawState returns the initial draw state for a width×height screen.
func newDrawState(width, height int) DrawState {
	ds := DrawState{
		Width: width, Height: height,
		AutoWrap: true, CursorVisible: true,
		DefaultTabs:  true,
		ScrollBottom: height - 1,
		Saved:        SavedCursor{AutoWrap: true},
	}
	ds.Tabs = make([]bool, width)
	for c := 0; c < width; c += 8 {
		ds.Tabs[c] = true
	}
	return ds
}

// Equal compares the fields mosh's draw-state equality compares
// (TERMINAL.md §3.5): size, cursor, cursor visibility, reverse video,
// current renditions, bracketed paste and the mouse modes.
func (d *DrawState) Equal(o *DrawState) bool {
	return d.Width == o.Width && d.Height == o.Height &&
		d.CursorRow == o.CursorRow && d.CursorCol == o.CursorCol &&
		d.CursorVisible == o.CursorVisible && d.ReverseVideo == o.ReverseVideo &&
		d.Renditions == o.Renditions && d.BracketedPaste == o.BracketedPaste &&
		d.MouseMode == o.MouseMode && d.MouseFocusEvent == o.MouseFocusEvent &&
		d.MouseAlternateScroll == o.MouseAlternateScroll && d.MouseEncoding == o.MouseEncoding
}

// limitTop is the top row a cursor may reach (the region top in origin
// mode).
func (d *DrawState) limitTop() int {
	if d.OriginMode {
		return d.ScrollTop
	}
	return 0
}

// limitBottom is the bottom row a cursor may reach.
func (d *DrawState) limitBottom() int {
	if d.OriginMode {
		return d.ScrollBottom
	}
	return d.Height - 1
}

// snap clamps the cursor into the screen (and the region in origin mode).
func (d *DrawState) snap() {
	d.CursorRow = max(d.limitTop(), min(d.CursorRow, d.limitBottom()))
	d.CursorCol = max(0, min(d.CursorCol, d.Width-1))
}

// moveRow is mosh's move_row: absolute rows are relative to limitTop.
func (d *DrawState) moveRow(n int, relative bool) {
	if relative {
		d.CursorRow += n
	} else {
		d.CursorRow = n + d.limitTop()
	}
	d.snap()
	d.CombiningRow, d.CombiningCol = d.CursorRow, d.CursorCol
	d.NextPrintWillWrap = false
}

// moveCol is mosh's explicit move_col.
func (d *DrawState) moveCol(n int, relative bool) {
	if relative {
		d.CursorCol += n
	} else {
		d.CursorCol = n
	}
	d.snap()
	d.CombiningRow, d.CombiningCol = d.CursorRow, d.CursorCol
	d.NextPrintWillWrap = false
}

// advance is mosh's implicit move_col(n) used when printing.
func (d *DrawState) advance(n int) {
	d.CombiningRow, d.CombiningCol = d.CursorRow, d.CursorCol
	d.CursorCol += n
	d.NextPrintWillWrap = d.CursorCol >= d.Width
	d.snap()
}

// nextTab returns the n-th tab stop right of the cursor, or -1.
func (d *DrawState) nextTab(n int) int {
	for c := d.CursorCol + 1; c < d.Width; c++ {
		if d.Tabs[c] {
			n--
			if n == 0 {
				return c
			}
		}
	}
	return -1
}

// prevTab returns the n-th tab stop left of the cursor (scanning down to
// column 1), or 0.
func (d *DrawState) prevTab(n int) int {
	for c := d.CursorCol - 1; c > 0; c-- {
		if d.Tabs[c] {
			n--
			if n == 0 {
				return c
			}
		}
	}
	return 0
}

// resize applies the draw-state part of a resize (TERMINAL.md §10 step 1).
func (d *DrawState) resize(w, h int) {
	if w != d.Width || h != d.Height {
		d.ScrollTop, d.ScrollBottom = 0, h-1
	}
	tabs := make([]bool, w)
	copy(tabs, d.Tabs)
	if d.DefaultTabs {
		for c := d.Width; c < w; c++ {
			tabs[c] = c%8 == 0
		}
	}
	d.Tabs = tabs
	d.Width, d.Height = w, h
	d.snap()
	if d.CombiningRow >= h || d.CombiningCol >= w {
		d.CombiningRow, d.CombiningCol = -1, -1
	}
}
