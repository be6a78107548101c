package term

// Parser states of Paul Williams' DEC ANSI parser (TERMINAL.md §2):
//
//	Ground ─ESC─▶ Escape ─[─▶ CSI_Entry ─digit─▶ CSI_Param ─final─▶ Ground
//	   ▲            │ ]                 └─intermediate─▶ CSI_Intermediate
//	   │            ▼                                      │ 0x30–3F
//	   └─BEL/ST─ OSC_String                               CSI_Ignore
//	                │ P               X ^ _
//	                ▼                  ▼
//	           DCS_Entry … DCS_Passthrough   SOS_PM_APC_String
//
// CAN, SUB and C1 controls lead back to Ground from anywhere; ESC to
// Escape.
const (
	stGround uint8 = iota
	stEscape
	stEscapeIntermediate
	stCSIEntry
	stCSIParam
	stCSIIntermediate
	stCSIIgnore
	stDCSEntry
	stDCSParam
	stDCSIntermediate
	stDCSPassthrough
	stDCSIgnore
	stOSCString
	stSOSPMAPCString
	numStates
)

// Parser actions.
const (
	actNone uint8 = iota
	actIgnore
	actPrint
	actExecute
	actClear
	actCollect
	actParam
	actEscDispatch
	actCSIDispatch
	actHook
	actPut
	actUnhook
	actOSCStart
	actOSCPut
	actOSCEnd
)

// noChange as a transition's next state means "stay, run no entry/exit".
const noChange uint8 = 0xff

// transition is one cell of the table: an action and the next state.
type transition struct{ action, next uint8 }

// classes: code points below 0xA0 index the table directly; every code
// point from 0xA0 up is classified as 'A' (TERMINAL.md §2.1).
const numClasses = 0xa0

// table[state][class] is the transition for that input.
var table = buildTable()

// entryAction and exitAction of each state.
var (
	entryAction = [numStates]uint8{stEscape: actClear, stCSIEntry: actClear, stDCSEntry: actClear,
		stDCSPassthrough: actHook, stOSCString: actOSCStart}
	exitAction = [numStates]uint8{stDCSPassthrough: actUnhook, stOSCString: actOSCEnd}
)

// buildTable writes the rules of TERMINAL.md §2.2 and §2.3 into a table.
func buildTable() *[numStates][numClasses]transition {
	var t [numStates][numClasses]transition
	set := func(s uint8, lo, hi int, action, next uint8) {
		for c := lo; c <= hi; c++ {
			t[s][c] = transition{action, next}
		}
	}
	c0 := func(s uint8, action uint8) { // C0 without CAN, SUB, ESC
		set(s, 0x00, 0x17, action, noChange)
		set(s, 0x19, 0x19, action, noChange)
		set(s, 0x1c, 0x1f, action, noChange)
	}
	for s := uint8(0); s < numStates; s++ {
		set(s, 0, numClasses-1, actIgnore, noChange) // default: ignore, stay
	}

	set(stGround, 0x20, 0x7f, actPrint, noChange)
	c0(stGround, actExecute)

	c0(stEscape, actExecute)
	set(stEscape, 0x20, 0x2f, actCollect, stEscapeIntermediate)
	set(stEscape, 0x30, 0x7e, actEscDispatch, stGround)
	set(stEscape, '[', '[', actNone, stCSIEntry)
	set(stEscape, ']', ']', actNone, stOSCString)
	set(stEscape, 'P', 'P', actNone, stDCSEntry)
	for _, c := range []int{'X', '^', '_'} {
		set(stEscape, c, c, actNone, stSOSPMAPCString)
	}

	c0(stEscapeIntermediate, actExecute)
	set(stEscapeIntermediate, 0x20, 0x2f, actCollect, noChange)
	set(stEscapeIntermediate, 0x30, 0x7e, actEscDispatch, stGround)

	c0(stCSIEntry, actExecute)
	set(stCSIEntry, 0x40, 0x7e, actCSIDispatch, stGround)
	set(stCSIEntry, 0x30, 0x39, actParam, stCSIParam)
	set(stCSIEntry, ';', ';', actParam, stCSIParam)
	set(stCSIEntry, 0x3c, 0x3f, actCollect, stCSIParam)
	set(stCSIEntry, ':', ':', actNone, stCSIIgnore)
	set(stCSIEntry, 0x20, 0x2f, actCollect, stCSIIntermediate)

	c0(stCSIParam, actExecute)
	set(stCSIParam, 0x30, 0x39, actParam, noChange)
	set(stCSIParam, ';', ';', actParam, noChange)
	set(stCSIParam, ':', ':', actNone, stCSIIgnore)
	set(stCSIParam, 0x3c, 0x3f, actNone, stCSIIgnore)
	set(stCSIParam, 0x20, 0x2f, actCollect, stCSIIntermediate)
	set(stCSIParam, 0x40, 0x7e, actCSIDispatch, stGround)

	c0(stCSIIntermediate, actExecute)
	set(stCSIIntermediate, 0x20, 0x2f, actCollect, noChange)
	set(stCSIIntermediate, 0x40, 0x7e, actCSIDispatch, stGround)
	set(stCSIIntermediate, 0x30, 0x3f, actNone, stCSIIgnore)

	c0(stCSIIgnore, actExecute)
	set(stCSIIgnore, 0x40, 0x7e, actNone, stGround)

	set(stDCSEntry, 0x20, 0x2f, actCollect, stDCSIntermediate)
	set(stDCSEntry, ':', ':', actNone, stDCSIgnore)
	set(stDCSEntry, 0x30, 0x39, actParam, stDCSParam)
	set(stDCSEntry, ';', ';', actParam, stDCSParam)
	set(stDCSEntry, 0x3c, 0x3f, actCollect, stDCSParam)
	set(stDCSEntry, 0x40, 0x7e, actNone, stDCSPassthrough)

	set(stDCSParam, 0x30, 0x39, actParam, noChange)
	set(stDCSParam, ';', ';', actParam, noChange)
	set(stDCSParam, ':', ':', actNone, stDCSIgnore)
	set(stDCSParam, 0x3c, 0x3f, actNone, stDCSIgnore)
	set(stDCSParam, 0x20, 0x2f, actCollect, stDCSIntermediate)
	set(stDCSParam, 0x40, 0x7e, actNone, stDCSPassthrough)

	set(stDCSIntermediate, 0x20, 0x2f, actCollect, noChange)
	set(stDCSIntermediate, 0x40, 0x7e, actNone, stDCSPassthrough)
	set(stDCSIntermediate, 0x30, 0x3f, actNone, stDCSIgnore)

	c0(stDCSPassthrough, actPut)
	set(stDCSPassthrough, 0x20, 0x7e, actPut, noChange)

	set(stOSCString, 0x20, 0x7f, actOSCPut, noChange)
	set(stOSCString, 0x07, 0x07, actNone, stGround)

	// "Anywhere" rules override everything (§2.2).
	for s := uint8(0); s < numStates; s++ {
		set(s, 0x18, 0x18, actExecute, stGround)
		set(s, 0x1a, 0x1a, actExecute, stGround)
		set(s, 0x80, 0x8f, actExecute, stGround)
		set(s, 0x91, 0x97, actExecute, stGround)
		set(s, 0x99, 0x9a, actExecute, stGround)
		set(s, 0x9c, 0x9c, actNone, stGround)
		set(s, 0x1b, 0x1b, actNone, stEscape)
		set(s, 0x98, 0x98, actNone, stSOSPMAPCString)
		set(s, 0x9e, 0x9f, actNone, stSOSPMAPCString)
		set(s, 0x90, 0x90, actNone, stDCSEntry)
		set(s, 0x9d, 0x9d, actNone, stOSCString)
		set(s, 0x9b, 0x9b, actNone, stCSIEntry)
	}
	return &t
}

// Limits on collected data (TERMINAL.md §2.5).
const (
	maxIntermediates = 8
	maxParamText     = 100
	maxOSC           = 16 * 1024
	paramMax         = 65535
	maxParams        = maxParamText + 1
)

// parser holds the state machine and the data collected for a dispatch.
type parser struct {
	state uint8

	inter  [maxIntermediates]byte
	ninter int

	params    [maxParams]int32
	nparams   int  // completed pieces
	cur       int  // value of the current piece
	curDigits bool // the current piece has a digit
	curOver   bool // the current piece exceeded paramMax
	textLen   int  // characters of parameter text taken

	osc []rune
}

// clear resets the collected intermediates and parameters.
func (p *parser) clear() {
	p.ninter, p.nparams, p.cur, p.curDigits, p.curOver, p.textLen = 0, 0, 0, false, false, 0
}

// collect appends an intermediate or private marker if it fits.
func (p *parser) collect(ch rune) {
	if p.ninter < maxIntermediates && ch <= 0xff {
		p.inter[p.ninter] = byte(ch)
		p.ninter++
	}
}

// param takes one digit or ';' of parameter text.
func (p *parser) param(ch rune) {
	if p.textLen >= maxParamText {
		return
	}
	p.textLen++
	if ch == ';' {
		p.params[p.nparams] = p.pieceValue()
		p.nparams++
		p.cur, p.curDigits, p.curOver = 0, false, false
		return
	}
	p.curDigits = true
	if !p.curOver {
		p.cur = p.cur*10 + int(ch-'0')
		if p.cur > paramMax {
			p.curOver = true
		}
	}
}

// pieceValue is the value of the current piece: -1 if empty or too large.
func (p *parser) pieceValue() int32 {
	if !p.curDigits || p.curOver {
		return -1
	}
	return int32(p.cur)
}

// finishParams completes the parameter list before a dispatch; there is
// always at least one parameter.
func (p *parser) finishParams() {
	p.params[p.nparams] = p.pieceValue()
	p.nparams++
}

// paramCount is the number of parameters (at least 1 after finishParams).
func (p *parser) paramCount() int { return p.nparams }

// getparam returns parameter n if present and ≥ 1, else def (§2.6).
func (p *parser) getparam(n, def int) int {
	if n < p.nparams && p.params[n] >= 1 {
		return int(p.params[n])
	}
	return def
}

// key packs the collected intermediates and, if it fits, the final
// character into a dispatch key (first character in the low byte).
func (p *parser) key(final rune) uint64 {
	var k uint64
	for i := 0; i < p.ninter; i++ {
		k |= uint64(p.inter[i]) << (8 * i)
	}
	if p.ninter < maxIntermediates && final <= 0xff {
		k |= uint64(final) << (8 * p.ninter)
	}
	return k
}

// oscPut appends to the OSC string while it is shorter than the maximum.
func (p *parser) oscPut(ch rune) {
	if len(p.osc) < maxOSC {
		p.osc = append(p.osc, ch)
	}
}

// actionHandler receives the parser's actions. The emulator implements it;
// tests use a recorder.
type actionHandler interface {
	print(ch rune)
	execute(ch rune)
	escDispatch(p *parser, final rune)
	csiDispatch(p *parser, final rune)
	oscEnd(s []rune)
}

// step feeds one code point through the state machine.
func (p *parser) step(ch rune, h actionHandler) {
	class := ch
	if class >= numClasses {
		class = 'A'
	}
	tr := table[p.state][class]
	if tr.next == noChange {
		p.do(tr.action, ch, h)
		return
	}
	p.do(exitAction[p.state], ch, h)
	p.do(tr.action, ch, h)
	p.state = tr.next
	p.do(entryAction[p.state], ch, h)
}

// do performs one action.
func (p *parser) do(action uint8, ch rune, h actionHandler) {
	switch action {
	case actNone, actIgnore, actHook, actPut, actUnhook:
	case actPrint:
		h.print(ch)
	case actExecute:
		h.execute(ch)
	case actClear:
		p.clear()
	case actCollect:
		p.collect(ch)
	case actParam:
		p.param(ch)
	case actEscDispatch:
		h.escDispatch(p, ch)
	case actCSIDispatch:
		p.finishParams()
		h.csiDispatch(p, ch)
	case actOSCStart:
		p.osc = p.osc[:0]
	case actOSCPut:
		p.oscPut(ch)
	case actOSCEnd:
		h.oscEnd(p.osc)
	}
}
