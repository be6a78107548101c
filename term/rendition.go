package term

import "strconv"

// Attribute bits of a Renditions (TERMINAL.md §3.1).
const (
	Bold      uint8 = 1 << 0
	Faint     uint8 = 1 << 1 // exists in mosh's model, never set by SGR
	Italic    uint8 = 1 << 2
	Underline uint8 = 1 << 3
	Blink     uint8 = 1 << 4
	Inverse   uint8 = 1 << 5
	Invisible uint8 = 1 << 6
)

// Colour encodings of Renditions.FG and Renditions.BG (TERMINAL.md §3.1).
const (
	// ColorDefault is the terminal's default colour.
	ColorDefault uint32 = 0
	// ColorTrue is the flag bit of a 24-bit colour 0x1RRGGBB.
	ColorTrue uint32 = 1 << 24
	// colorMask keeps a colour to mosh's 25 bits.
	colorMask uint32 = 1<<25 - 1
)

// Renditions are the graphic attributes of a cell or of the cursor.
//
// FG is 0 (default), 30+i for palette index i (0–255), or ColorTrue|RGB.
// BG is the same with 40+i. Two Renditions are equal when all three fields
// are equal, so == works.
type Renditions struct {
	FG, BG uint32
	Attrs  uint8
}

// Has reports whether all the attribute bits in a are set.
func (r Renditions) Has(a uint8) bool { return r.Attrs&a == a }

// FGIndex returns the palette index of the foreground and true, or false
// when the foreground is the default or a true colour.
func (r Renditions) FGIndex() (int, bool) {
	if r.FG == 0 || r.FG&ColorTrue != 0 {
		return 0, false
	}
	return int(r.FG - 30), true
}

// BGIndex is FGIndex for the background.
func (r Renditions) BGIndex() (int, bool) {
	if r.BG == 0 || r.BG&ColorTrue != 0 {
		return 0, false
	}
	return int(r.BG - 40), true
}

// PaletteFG returns the stored foreground value for palette index i.
func PaletteFG(i int) uint32 { return uint32(30 + i) }

// PaletteBG returns the stored background value for palette index i.
func PaletteBG(i int) uint32 { return uint32(40 + i) }

// RGB returns the stored value of a 24-bit colour.
func RGB(r, g, b uint8) uint32 {
	return ColorTrue | uint32(r)<<16 | uint32(g)<<8 | uint32(b)
}

// SGR returns the escape sequence that sets exactly these renditions, in
// mosh's form: "\x1b[0" then ";1" ";3" ";4" ";5" ";7" ";8" for the
// attributes, then the foreground and background, then "m"
// (TERMINAL.md §3.1 "Serialising renditions").
func (r Renditions) SGR() string {
	return string(r.AppendSGR(make([]byte, 0, 32)))
}

// AppendSGR appends r.SGR() to dst without allocating a string.
func (r Renditions) AppendSGR(dst []byte) []byte {
	dst = append(dst, "\x1b[0"...)
	for _, a := range [...]struct {
		bit  uint8
		code string
	}{{Bold, ";1"}, {Italic, ";3"}, {Underline, ";4"}, {Blink, ";5"}, {Inverse, ";7"}, {Invisible, ";8"}} {
		if r.Attrs&a.bit != 0 {
			dst = append(dst, a.code...)
		}
	}
	dst = appendColor(dst, r.FG, 30, "38")
	dst = appendColor(dst, r.BG, 40, "48")
	return append(dst, 'm')
}

// appendColor appends one colour of AppendSGR; base is 30 or 40.
func appendColor(dst []byte, c, base uint32, ext string) []byte {
	switch {
	case c == 0:
		return dst
	case c&ColorTrue != 0:
		dst = append(dst, ';')
		dst = append(dst, ext...)
		dst = append(dst, ";2;"...)
		dst = strconv.AppendUint(dst, uint64(c>>16&0xff), 10)
		dst = append(dst, ';')
		dst = strconv.AppendUint(dst, uint64(c>>8&0xff), 10)
		dst = append(dst, ';')
		return strconv.AppendUint(dst, uint64(c&0xff), 10)
	case c > base+7:
		dst = append(dst, ';')
		dst = append(dst, ext...)
		dst = append(dst, ";5;"...)
		return strconv.AppendUint(dst, uint64(c-base), 10)
	default:
		dst = append(dst, ';')
		return strconv.AppendUint(dst, uint64(c), 10)
	}
}
