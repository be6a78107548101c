package overlay

import "ssh-mosh/term"

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
// term's glibc-faithful UTF-8 decoder followed by the DEC state machine,
// keeping its state across reads.
type userParser struct {
	dec   term.UTF8Decoder
	state parserState
}

// feed decodes one byte and appends the resulting actions to out.
func (p *userParser) feed(b byte, out []action) []action {
	cps, n := p.dec.Feed(b)
	for _, c := range cps[:n] {
		out = p.code(c, out)
	}
	return out
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
