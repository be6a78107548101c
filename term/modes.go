package term

// setPrivateMode applies one DECSET (on) or DECRST (off) parameter
// (TERMINAL.md §5.5).
func (e *Emulator) setPrivateMode(mode int, on bool) {
	ds := &e.fb.DS
	switch mode {
	case 1:
		ds.ApplicationCursor = on
	case 3: // DECCOLM: clear, home; the width does not change
		ds.moveRow(0, false)
		ds.moveCol(0, false)
		for y := range e.fb.rows {
			e.fb.MutableRow(y).reset(ds.Renditions.BG)
		}
	case 5:
		ds.ReverseVideo = on
	case 6:
		ds.moveRow(0, false)
		ds.moveCol(0, false)
		ds.OriginMode = on
	case 7:
		ds.AutoWrap = on
	case 25:
		ds.CursorVisible = on
	case MouseX10, MouseVT200, MouseHighlight, MouseButton, MouseAny:
		if on {
			ds.MouseMode = mode
		} else {
			ds.MouseMode = MouseNone
		}
	case 1004:
		ds.MouseFocusEvent = on
	case MouseEncodingUTF8, MouseEncodingSGR, MouseEncodingURXVT:
		if on {
			ds.MouseEncoding = mode
		} else {
			ds.MouseEncoding = MouseEncodingDefault
		}
	case 1007:
		ds.MouseAlternateScroll = on
	case 2004:
		ds.BracketedPaste = on
	case 47, 1047, 1049:
		if e.opts.AltScreen {
			e.switchScreen(mode, on)
		}
	}
}
