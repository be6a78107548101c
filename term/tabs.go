package term

// Tab stops (TERMINAL.md §3.8): HT, CHT and CBT move; HTS and TBC set and
// clear. DrawState.Tabs may be shared with clones, so it is replaced,
// never changed in place.

// tab moves to the n-th next tab stop or the last column, keeping
// wrap-pending (HT, CHT).
func (e *Emulator) tab(n int) {
	ds := &e.fb.DS
	wp := ds.NextPrintWillWrap
	c := ds.nextTab(n)
	if c < 0 {
		c = ds.Width - 1
	}
	ds.moveCol(c, false)
	ds.NextPrintWillWrap = wp
}

// setTab sets or clears the tab stop at column c. The tab slice may be
// shared with clones, so it is copied before the change.
func (e *Emulator) setTab(c int, on bool) {
	ds := &e.fb.DS
	if c < 0 || c >= len(ds.Tabs) || ds.Tabs[c] == on {
		return
	}
	t := append([]bool(nil), ds.Tabs...)
	t[c] = on
	ds.Tabs = t
}

// clearTabs is TBC: 0 clears the stop at the cursor, 3 clears all.
func (e *Emulator) clearTabs(p int) {
	ds := &e.fb.DS
	switch p {
	case 0:
		e.setTab(ds.CursorCol, false)
	case 3:
		ds.Tabs = make([]bool, ds.Width)
		ds.DefaultTabs = false
	}
}
