package term

// CSI keys: private markers/intermediates then the final, first character
// in the low byte (parser.key).
const (
	keyDECSET = '?' | 'h'<<8
	keyDECRST = '?' | 'l'<<8
	keyDA2    = '>' | 'c'<<8
	keyDECSTR = '!' | 'p'<<8
)

// csiDispatch runs a control sequence (TERMINAL.md §5.4). Unknown
// sequences only clear wrap-pending; known ones clear it first unless they
// are HT-like, TBC, DECSET/DECRST or SGR.
func (e *Emulator) csiDispatch(p *parser, final rune) {
	ds := &e.fb.DS
	key := p.key(final)
	switch key {
	case 'I', 'Z', 'g', keyDECSET, keyDECRST, 'm':
	default:
		ds.NextPrintWillWrap = false
	}
	n := p.getparam(0, 1)
	switch key {
	case '@':
		e.insertCells(n)
	case 'A':
		ds.moveRow(-n, true)
	case 'B':
		ds.moveRow(n, true)
	case 'C':
		ds.moveCol(n, true)
	case 'D':
		ds.moveCol(-n, true)
	case 'G', '`':
		ds.moveCol(n-1, false)
	case 'H', 'f':
		ds.moveRow(p.getparam(0, 1)-1, false)
		ds.moveCol(p.getparam(1, 1)-1, false)
	case 'd':
		ds.moveRow(n-1, false)
	case 'I':
		e.tab(n)
	case 'Z':
		wp := ds.NextPrintWillWrap
		ds.moveCol(ds.prevTab(n), false)
		ds.NextPrintWillWrap = wp
	case 'J':
		e.eraseDisplay(p.getparam(0, 0))
	case 'K':
		e.eraseLine(p.getparam(0, 0))
	case 'L':
		e.insertLines(ds.CursorRow, n)
		ds.moveCol(0, false)
	case 'M':
		e.deleteLines(ds.CursorRow, n)
		ds.moveCol(0, false)
	case 'P':
		e.deleteCells(n)
	case 'S':
		e.scroll(n)
	case 'T':
		e.scroll(-n)
	case 'X':
		e.eraseCells(n)
	case 'c':
		e.reply = append(e.reply, replyDA1...)
	case keyDA2:
		e.reply = append(e.reply, replyDA2...)
	case 'g':
		e.clearTabs(p.getparam(0, 0))
	case 'h', 'l':
		for i := 0; i < p.paramCount(); i++ {
			if p.getparam(i, 0) == 4 {
				ds.InsertMode = key == 'h'
			}
		}
	case keyDECSET, keyDECRST:
		for i := 0; i < p.paramCount(); i++ {
			e.setPrivateMode(p.getparam(i, 0), key == keyDECSET)
		}
	case 'm':
		e.selectGraphicRendition(p)
	case 'n':
		e.deviceStatus(p.getparam(0, 0))
	case keyDECSTR:
		e.softReset()
	case 'r':
		e.setScrollingRegion(p.getparam(0, 1), p.getparam(1, ds.Height))
	}
}

// setScrollingRegion is DECSTBM with 1-based top t and bottom b.
func (e *Emulator) setScrollingRegion(t, b int) {
	ds := &e.fb.DS
	if b <= t || t > ds.Height {
		return
	}
	ds.ScrollTop, ds.ScrollBottom = t-1, min(b, ds.Height)-1
	ds.moveRow(0, false)
	ds.moveCol(0, false)
}
