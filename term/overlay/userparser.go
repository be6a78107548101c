package overlay

import "unicode/utf8"

// actionKind is what the prediction engine's private parser hands on for one
// code point of the user's input (PREDICTION.md §7 step 6). Only the four
// kinds the engine acts on are produced; everything else is dropped.
type actionKind uint8

const (
	actPrint actionKind = iota + 1
	actExecute
	actEscDispatch
	actCSIDispatch
)

// action is one parser action: the code point printed or executed, or the
// final character of a dispatched sequence.
type action struct {
	kind actionKind
	ch   rune
}

// parserState is a state of the DEC ANSI parser (TERMINAL.md §2). The DCS
// states are folded into one "swallow until ST" state, since the engine
// ignores everything inside a DCS.
type parserState uint8

const (
	stGround parserState = iota
	stEscape
	stEscapeInter
	stCSIEntry
	stCSIParam
	stCSIInter
	stCSIIgnore
	stDCS
	stOSC
	stString
)

// userParser turns the user's bytes into the actions of TERMINAL.md §1–§2:
// a UTF-8 decoder with glibc's classification followed by the DEC state
// machine, keeping its state across reads.
type userParser struct {
	pending []byte
	state   parserState
}

// feed decodes one byte and appends the resulting actions to out.
func (p *userParser) feed(b byte, out []action) []action {
	if len(p.pending) == 0 && b < 0x80 {
		return p.code(rune(b), out)
	}
	p.pending = append(p.pending, b)
	for len(p.pending) > 0 {
		r, n, status := classify(p.pending)
		switch status {
		case utfIncomplete:
			return out
		case utfValid:
			p.pending = p.pending[:copy(p.pending, p.pending[n:])]
			if r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
				r = utf8.RuneError
			}
			out = p.code(r, out)
		default: // invalid
			if len(p.pending) > 1 {
				last := p.pending[len(p.pending)-1]
				out = p.code(utf8.RuneError, out)
				p.pending = append(p.pending[:0], last)
				if last < 0x80 {
					p.pending = p.pending[:0]
					out = p.code(rune(last), out)
				}
			} else {
				p.pending = p.pending[:0]
				out = p.code(utf8.RuneError, out)
			}
		}
	}
	return out
}

const (
	utfValid = iota
	utfIncomplete
	utfInvalid
)

// classify applies glibc's mbrtowc rules (TERMINAL.md §1.2) to the start of b.
func classify(b []byte) (r rune, n int, status int) {
	lead := b[0]
	var need int
	var min rune
	switch {
	case lead < 0x80:
		return rune(lead), 1, utfValid
	case lead < 0xC2:
		return 0, 1, utfInvalid
	case lead < 0xE0:
		need, r, min = 2, rune(lead&0x1F), 0x80
	case lead < 0xF0:
		need, r, min = 3, rune(lead&0x0F), 0x800
	case lead < 0xF8:
		need, r, min = 4, rune(lead&0x07), 0x10000
	case lead < 0xFC:
		need, r, min = 5, rune(lead&0x03), 0x200000
	case lead < 0xFE:
		need, r, min = 6, rune(lead&0x01), 0x4000000
	default:
		return 0, 1, utfInvalid
	}
	for i := 1; i < need; i++ {
		if i >= len(b) {
			return 0, 0, utfIncomplete
		}
		if b[i]&0xC0 != 0x80 {
			return 0, i, utfInvalid
		}
		r = r<<6 | rune(b[i]&0x3F)
	}
	if r < min || (r >= 0xD800 && r <= 0xDFFF) {
		return 0, need, utfInvalid
	}
	return r, need, utfValid
}

// code runs one code point through the state machine.
func (p *userParser) code(c rune, out []action) []action {
	// "Anywhere" transitions (TERMINAL.md §2.2).
	switch {
	case c == 0x18 || c == 0x1A || (c >= 0x80 && c <= 0x8F) || (c >= 0x91 && c <= 0x97) || c == 0x99 || c == 0x9A:
		p.state = stGround
		return append(out, action{actExecute, c})
	case c == 0x9C:
		p.state = stGround
		return out
	case c == 0x1B:
		p.state = stEscape
		return out
	case c == 0x98 || c == 0x9E || c == 0x9F:
		p.state = stString
		return out
	case c == 0x90:
		p.state = stDCS
		return out
	case c == 0x9D:
		p.state = stOSC
		return out
	case c == 0x9B:
		p.state = stCSIEntry
		return out
	}
	k := c
	if k >= 0xA0 {
		k = 'A'
	}
	c0 := k < 0x20
	switch p.state {
	case stGround:
		if c0 {
			return append(out, action{actExecute, c})
		}
		if k >= 0x20 {
			return append(out, action{actPrint, c})
		}
	case stEscape:
		switch {
		case c0:
			return append(out, action{actExecute, c})
		case k >= 0x20 && k <= 0x2F:
			p.state = stEscapeInter
		case k == '[':
			p.state = stCSIEntry
		case k == ']':
			p.state = stOSC
		case k == 'P':
			p.state = stDCS
		case k == 'X' || k == '^' || k == '_':
			p.state = stString
		case k >= 0x30 && k <= 0x7E:
			p.state = stGround
			return append(out, action{actEscDispatch, c})
		}
	case stEscapeInter:
		switch {
		case c0:
			return append(out, action{actExecute, c})
		case k >= 0x30 && k <= 0x7E:
			p.state = stGround
			return append(out, action{actEscDispatch, c})
		}
	case stCSIEntry, stCSIParam, stCSIInter, stCSIIgnore:
		return p.csi(c, k, out)
	case stOSC:
		if k == 0x07 {
			p.state = stGround
		}
	}
	return out
}

// csi handles a code point in one of the CSI states.
func (p *userParser) csi(c, k rune, out []action) []action {
	if k < 0x20 {
		return append(out, action{actExecute, c})
	}
	final := k >= 0x40 && k <= 0x7E
	switch p.state {
	case stCSIEntry:
		switch {
		case final:
			p.state = stGround
			return append(out, action{actCSIDispatch, c})
		case k == ':':
			p.state = stCSIIgnore
		case k >= 0x30 && k <= 0x3F:
			p.state = stCSIParam
		case k >= 0x20 && k <= 0x2F:
			p.state = stCSIInter
		}
	case stCSIParam:
		switch {
		case final:
			p.state = stGround
			return append(out, action{actCSIDispatch, c})
		case k == ':' || (k >= 0x3C && k <= 0x3F):
			p.state = stCSIIgnore
		case k >= 0x20 && k <= 0x2F:
			p.state = stCSIInter
		}
	case stCSIInter:
		switch {
		case final:
			p.state = stGround
			return append(out, action{actCSIDispatch, c})
		case k >= 0x30 && k <= 0x3F:
			p.state = stCSIIgnore
		}
	case stCSIIgnore:
		if final {
			p.state = stGround
		}
	}
	return out
}
