package term

// altScreen holds the main screen while an application shows the
// alternate screen (modes 47, 1047, 1049 with Options.AltScreen). mosh
// 1.4.0 has no alternate screen; this is our extension, used only on the
// server side, where the diff to the client simply repaints.
type altScreen struct {
	rows  []*Row
	saved SavedCursor // the cursor saved by 1049
	mode  int         // the mode that entered the alternate screen
}

// switchScreen enters (on) or leaves the alternate screen. Entering saves
// the main screen's rows (and for 1049 the cursor, as DECSC does) and
// shows a blank screen; leaving puts the main rows back (and for 1049
// restores the cursor). Entering twice or leaving twice does nothing.
func (e *Emulator) switchScreen(mode int, on bool) {
	fb := e.fb
	ds := &fb.DS
	if on == (fb.alt != nil) {
		return
	}
	if on {
		a := &altScreen{rows: fb.rows, mode: mode}
		if mode == 1049 {
			a.saved = SavedCursor{Row: ds.CursorRow, Col: ds.CursorCol,
				Renditions: ds.Renditions, AutoWrap: ds.AutoWrap, Origin: ds.OriginMode}
		}
		fb.alt = a
		fb.rows = make([]*Row, ds.Height)
		clear(fb.owned)
		blank := newBlankRow(ds.Width, ds.Renditions.BG)
		for y := range fb.rows {
			fb.rows[y] = blank
		}
		return
	}
	a := fb.alt
	fb.alt = nil
	fb.rows = a.rows
	clear(fb.owned) // the saved rows may be shared with clones
	if mode == 1049 {
		ds.CursorRow, ds.CursorCol = a.saved.Row, a.saved.Col
		ds.Renditions = a.saved.Renditions
		ds.AutoWrap, ds.OriginMode = a.saved.AutoWrap, a.saved.Origin
		ds.snap()
		ds.CombiningRow, ds.CombiningCol = ds.CursorRow, ds.CursorCol
	}
	ds.NextPrintWillWrap = false
}

// AltScreenActive reports whether the alternate screen is shown.
func (fb *Framebuffer) AltScreenActive() bool { return fb.alt != nil }
