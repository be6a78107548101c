package term

import "unicode/utf8"

// Options select behaviour beyond mosh 1.4.0. The zero value is exactly
// mosh 1.4.0, which a client's copy of the server's screen must use.
type Options struct {
	// AltScreen makes modes 47, 1047 and 1049 switch to a real alternate
	// screen and back, so leaving a full-screen program restores the
	// shell's screen. mosh 1.4.0 ignores these modes. Use it only on the
	// server: the client copy just applies the diffs.
	AltScreen bool
}

// Emulator applies host output to a Framebuffer the way mosh 1.4.0 does
// (TERMINAL.md). It is not safe for concurrent use.
type Emulator struct {
	fb    *Framebuffer
	opts  Options
	dec   UTF8Decoder
	p     parser
	reply []byte
	keys  uint8   // state of the user-key translator (§9)
	one   [1]*Row // scratch for recycling one scrolled-out row
	// slide is the longer backing store the live framebuffer's row
	// slices move along when the whole screen scrolls (see scrollWhole).
	slide slideStore
	// gens supplies the gens of rows scrolled in; never shared with a
	// clone (see genSource).
	gens genSource
}

// New returns an emulator with a blank width×height framebuffer (sizes
// clamped to 1…MaxWidth × 1…MaxHeight) and mosh 1.4.0 behaviour.
func New(width, height int) *Emulator {
	return NewWithOptions(width, height, Options{})
}

// NewWithOptions is New with options.
func NewWithOptions(width, height int, o Options) *Emulator {
	return &Emulator{fb: NewFramebuffer(width, height), opts: o}
}

// NewFromFramebuffer returns an emulator that continues from fb (which it
// then owns), in the parser's ground state.
func NewFromFramebuffer(fb *Framebuffer, o Options) *Emulator {
	return &Emulator{fb: fb, opts: o}
}

// Framebuffer returns the live framebuffer. It changes with every Write;
// Clone it to keep a snapshot.
func (e *Emulator) Framebuffer() *Framebuffer { return e.fb }

// Clone returns an independent emulator: the framebuffer is cloned
// (copy-on-write) and the decoder, parser and key-translator state copied.
func (e *Emulator) Clone() *Emulator {
	c := *e
	c.fb = e.fb.Clone()
	c.p.osc = append([]rune(nil), e.p.osc...)
	c.reply = nil
	c.slide = slideStore{}
	c.gens = genSource{}
	return &c
}

// Resize changes the screen size (TERMINAL.md §10).
func (e *Emulator) Resize(width, height int) { e.fb.Resize(width, height) }

// Write feeds host output to the emulator and returns the bytes the
// terminal answers to the host (TERMINAL.md §8), or nil. The result is a
// new slice each time. Partial UTF-8 sequences and escape sequences carry
// over to the next Write.
func (e *Emulator) Write(data []byte) []byte {
	for i := 0; i < len(data); {
		b := data[i]
		if b < 0x80 && e.dec.n == 0 {
			if b >= 0x20 && b < 0x7f && e.p.state == stGround {
				j := i + 1
				for j < len(data) && data[j] >= 0x20 && data[j] < 0x7f {
					j++
				}
				e.printASCII(data[i:j])
				i = j
				continue
			}
			if b < 0x20 && b != 0x1b && e.p.state == stGround {
				// The table's transition for a C0 control in the ground
				// state: execute and stay (CAN and SUB "go" to ground,
				// which has no exit or entry action). CR and LF of every
				// line take this path.
				e.execute(rune(b))
				i++
				continue
			}
			e.p.step(rune(b), e)
			i++
			continue
		}
		if e.dec.n == 0 && b >= 0xc2 && b < 0xf5 {
			// Well-formed UTF-8 decodes the same in Go and in glibc; only
			// invalid input, 5- and 6-byte forms and sequences split
			// across writes need the glibc-faithful decoder.
			if ch, size := utf8.DecodeRune(data[i:]); size > 1 {
				if ch >= 0xa0 && e.p.state == stGround {
					e.print(ch) // what the table does for it, without the lookup
				} else {
					e.p.step(ch, e)
				}
				i += size
				continue
			}
		}
		e.feedByte(b)
		i++
	}
	r := e.reply
	e.reply = nil
	return r
}

// feedByte is the general path of Write for one byte: the glibc-faithful
// UTF-8 decoder, then the parser table for each code point it yields (the
// decoder already turns surrogates into U+FFFD).
func (e *Emulator) feedByte(b byte) {
	out, n := e.dec.Feed(b)
	for _, ch := range out[:n] {
		e.p.step(ch, e)
	}
}

// WriteString is Write for a string.
func (e *Emulator) WriteString(s string) []byte { return e.Write([]byte(s)) }
