package term

// selectGraphicRendition is SGR (TERMINAL.md §3.1): parameters left to
// right, with 38/48;5;n and 38/48;2;r;g;b extended colours.
func (e *Emulator) selectGraphicRendition(p *parser) {
	r := &e.fb.DS.Renditions
	count := p.paramCount()
	for i := 0; i < count; i++ {
		v := p.getparam(i, 0)
		if v == 38 || v == 48 {
			if count-i >= 3 && p.getparam(i+1, -1) == 5 {
				idx := p.getparam(i+2, 0)
				if idx >= 0 && idx <= 255 {
					if v == 38 {
						r.FG = PaletteFG(idx)
					} else {
						r.BG = PaletteBG(idx)
					}
				}
				i += 2
				continue
			}
			if count-i >= 5 && p.getparam(i+1, -1) == 2 {
				c := (ColorTrue | uint32(p.getparam(i+2, 0))<<16 |
					uint32(p.getparam(i+3, 0))<<8 | uint32(p.getparam(i+4, 0))) & colorMask
				if v == 38 {
					r.FG = c
				} else {
					r.BG = c
				}
				i += 4
				continue
			}
		}
		applySGR(r, v)
	}
}

// applySGR applies one single-valued SGR parameter.
func applySGR(r *Renditions, v int) {
	switch {
	case v == 0:
		*r = Renditions{}
	case v == 1:
		r.Attrs |= Bold
	case v == 22:
		r.Attrs &^= Bold
	case v == 3:
		r.Attrs |= Italic
	case v == 23:
		r.Attrs &^= Italic
	case v == 4:
		r.Attrs |= Underline
	case v == 24:
		r.Attrs &^= Underline
	case v == 5:
		r.Attrs |= Blink
	case v == 25:
		r.Attrs &^= Blink
	case v == 7:
		r.Attrs |= Inverse
	case v == 27:
		r.Attrs &^= Inverse
	case v == 8:
		r.Attrs |= Invisible
	case v == 28:
		r.Attrs &^= Invisible
	case v >= 30 && v <= 37:
		r.FG = PaletteFG(v - 30)
	case v == 39:
		r.FG = ColorDefault
	case v >= 40 && v <= 47:
		r.BG = PaletteBG(v - 40)
	case v == 49:
		r.BG = ColorDefault
	case v >= 90 && v <= 97:
		r.FG = PaletteFG(v - 90 + 8)
	case v >= 100 && v <= 107:
		r.BG = PaletteBG(v - 100 + 8)
	}
}
