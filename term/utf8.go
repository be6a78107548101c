package term

// UTF8Decoder turns bytes into code points the way glibc's mbrtowc does in
// a UTF-8 locale, including its treatment of invalid input (TERMINAL.md
// §1): 5- and 6-byte forms are accepted, overlong forms and surrogates are
// detected only once a sequence is complete, and an invalid buffer yields
// one U+FFFD for all but its last byte, which is then examined again. The
// Emulator decodes the host's bytes with it; term/overlay decodes the
// user's keystrokes with it. The zero value is ready to use.
type UTF8Decoder struct {
	buf [8]byte
	n   int
}

// minValue[len] is the smallest code point a sequence of len bytes may
// encode without being overlong.
var minValue = [7]rune{0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000}

// seqLen returns the sequence length announced by lead byte b, or 0 if b
// cannot start a sequence.
func seqLen(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b < 0xc2:
		return 0
	case b < 0xe0:
		return 2
	case b < 0xf0:
		return 3
	case b < 0xf8:
		return 4
	case b < 0xfc:
		return 5
	case b < 0xfe:
		return 6
	}
	return 0
}

// classify results.
const (
	utfIncomplete = iota
	utfComplete
	utfInvalid
)

// classify examines the pending buffer.
func (d *UTF8Decoder) classify() (int, rune) {
	n := seqLen(d.buf[0])
	if n == 0 {
		return utfInvalid, 0
	}
	for i := 1; i < d.n; i++ {
		if d.buf[i]&0xc0 != 0x80 {
			return utfInvalid, 0
		}
	}
	if d.n < n {
		return utfIncomplete, 0
	}
	if n == 1 {
		return utfComplete, rune(d.buf[0])
	}
	ch := rune(d.buf[0]) & (0x7f >> n)
	for i := 1; i < n; i++ {
		ch = ch<<6 | rune(d.buf[i]&0x3f)
	}
	if ch < minValue[n] || (ch >= 0xd800 && ch <= 0xdfff) {
		return utfInvalid, 0
	}
	return utfComplete, ch
}

// Feed adds byte b and returns the code points that result, at most two,
// after the post-filter of §1.1 step 3. (The Emulator passes a lone ASCII
// byte on an empty buffer straight to its parser instead.)
func (d *UTF8Decoder) Feed(b byte) (out [2]rune, n int) {
	d.buf[d.n] = b
	d.n++
	for d.n > 0 {
		kind, ch := d.classify()
		switch kind {
		case utfIncomplete:
			return out, n
		case utfComplete:
			d.n = 0
			if ch > 0x10ffff {
				ch = 0xfffd
			}
			out[n] = ch
			return out, n + 1
		default:
			out[n] = 0xfffd
			n++
			if d.n == 1 {
				d.n = 0
				return out, n
			}
			d.buf[0] = d.buf[d.n-1]
			d.n = 1
		}
	}
	return out, n
}
