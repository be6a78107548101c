package term

import "unicode/utf8"

// maxContents is the largest number of bytes a cell can hold: combining
// characters are appended until the contents reach 32 bytes ("full"), and
// the last one appended may be up to 4 bytes long (TERMINAL.md §3.2).
const (
	fullContents = 32
	maxContents  = fullContents + 3
)

// Cell flag bits.
const (
	cellWide     uint8 = 1 << 0
	cellFallback uint8 = 1 << 1
	cellWrap     uint8 = 1 << 2
)

// Cell is one character cell (TERMINAL.md §3.2): a grapheme (one base
// character and any combining characters, UTF-8, stored inline so a cell
// never allocates), its Renditions, and the wide, fallback and wrap bits.
//
// The bytes past the contents are always zero, so two cells are Equal
// exactly when they are ==.
type Cell struct {
	buf   [maxContents]byte
	n     uint8
	flags uint8
	rend  Renditions
}

// BlankCell returns an empty cell with the given background, as an erase
// with that background leaves it.
func BlankCell(bg uint32) Cell { return Cell{rend: Renditions{BG: bg}} }

// NewCell returns a cell holding s (truncated to the cell's capacity at a
// character boundary) with renditions r; wide marks a width-2 character.
// It is meant for tests and for building framebuffers by hand.
func NewCell(s string, r Renditions, wide bool) Cell {
	var c Cell
	for _, ch := range s {
		if int(c.n)+utf8.RuneLen(ch) > maxContents {
			break
		}
		c.appendRune(ch)
	}
	c.rend = r
	if wide {
		c.flags |= cellWide
	}
	return c
}

// Contents returns the cell's UTF-8 contents ("" for an empty cell). It
// allocates; ContentsBytes does not.
func (c *Cell) Contents() string { return string(c.buf[:c.n]) }

// ContentsBytes returns the cell's contents as a slice of the cell's own
// storage; it is valid until the cell changes and must not be modified.
func (c *Cell) ContentsBytes() []byte { return c.buf[:c.n] }

// AppendGrapheme appends what a painter writes for this cell: one space for
// an empty cell, U+00A0 before the contents of a fallback cell, otherwise
// the contents (TERMINAL.md §3.2 "Grapheme output").
func (c *Cell) AppendGrapheme(dst []byte) []byte {
	if c.n == 0 {
		return append(dst, ' ')
	}
	if c.flags&cellFallback != 0 {
		dst = append(dst, 0xc2, 0xa0)
	}
	return append(dst, c.buf[:c.n]...)
}

// Renditions returns the cell's renditions.
func (c *Cell) Renditions() Renditions { return c.rend }

// SetRenditions sets the cell's renditions. Like SetWrap, use it only on a
// cell of a row obtained from Framebuffer.MutableRow: rows reached through
// Framebuffer.Row may be shared with clones.
func (c *Cell) SetRenditions(r Renditions) { c.rend = r }

// Width returns 2 for the left half of a wide character and 1 otherwise.
func (c *Cell) Width() int {
	if c.flags&cellWide != 0 {
		return 2
	}
	return 1
}

// Wide reports whether the cell holds a width-2 character.
func (c *Cell) Wide() bool { return c.flags&cellWide != 0 }

// Fallback reports whether the contents start with a combining character
// that had no base character.
func (c *Cell) Fallback() bool { return c.flags&cellFallback != 0 }

// Wrap reports the cell's wrap bit; it is meaningful only in the last cell
// of a row, where it is the row's wrap flag.
func (c *Cell) Wrap() bool { return c.flags&cellWrap != 0 }

// SetWrap sets or clears the cell's wrap bit.
func (c *Cell) SetWrap(on bool) {
	if on {
		c.flags |= cellWrap
	} else {
		c.flags &^= cellWrap
	}
}

// Empty reports whether the cell has no contents.
func (c *Cell) Empty() bool { return c.n == 0 }

// Full reports whether the cell accepts no more combining characters.
func (c *Cell) Full() bool { return c.n >= fullContents }

// Blank reports whether the cell is empty, a space or U+00A0.
func (c *Cell) Blank() bool {
	return c.n == 0 || (c.n == 1 && c.buf[0] == ' ') ||
		(c.n == 2 && c.buf[0] == 0xc2 && c.buf[1] == 0xa0)
}

// ContentsMatch reports whether both cells are blank or have the same
// contents.
func (c *Cell) ContentsMatch(o *Cell) bool {
	return (c.Blank() && o.Blank()) || (c.n == o.n && c.buf == o.buf)
}

// Equal reports whether contents, fallback, wide, renditions and wrap are
// all equal (TERMINAL.md §3.2).
func (c *Cell) Equal(o *Cell) bool { return *c == *o }

// reset erases the cell: no contents, default renditions with background bg,
// no flags.
func (c *Cell) reset(bg uint32) { *c = Cell{rend: Renditions{BG: bg}} }

// setASCII makes the cell hold the single byte b with renditions r.
func (c *Cell) setASCII(b byte, r Renditions) {
	*c = Cell{rend: r, n: 1}
	c.buf[0] = b
}

// appendRune appends ch; the caller checks capacity (Full).
func (c *Cell) appendRune(ch rune) {
	c.n += uint8(utf8.EncodeRune(c.buf[c.n:], ch))
}
