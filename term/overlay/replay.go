package overlay

import (
	"time"
	"unicode/utf8"

	"ssh-mosh/term"
)

// maxReplay bounds the keystrokes kept for replay.
const maxReplay = 512

// maxDoneTail bounds the processed characters kept to align a replay
// (see skipShown).
const maxDoneTail = 8

// typed is one predictable keystroke still in flight: a printed character,
// DEL, or the final character of → / ←, with the client state it travels in.
type typed struct {
	kind  actionKind // actPrint or actCSIDispatch
	ch    rune
	frame uint64
	when  time.Time
}

// An addition to mosh 1.4.0 (not in PREDICTION.md): when the server's
// screen shows that a tentative epoch was predicted in the wrong place (the
// typical case is a new epoch whose cursor was carried over from a newline
// prediction while the application moved the cursor elsewhere, as after
// Ctrl-L), mosh kills the epoch and starts the next one from the server's
// lagging cursor, so every keystroke typed while the echo is in flight lands
// in the wrong place again and the whole burst stays hidden. Instead, the
// engine remembers the printable keystrokes, DEL and ←/→ typed since the last
// uncertain key, and after killing an epoch predicts the ones the server has
// not yet processed again, from the server's frame. The replayed predictions
// are a new tentative epoch, so they are still shown only once the first of
// them is confirmed by the echo: nothing unconfirmed is ever displayed.

// remember records a keystroke for replay; any other kind of input ends the
// replayable run.
func (p *Predictor) remember(a action, now time.Time) {
	switch {
	case p.mode == Experimental:
		return
	case a.kind == actPrint && (a.ch == 0x7F || (a.ch >= 0x20 && term.WCWidth(a.ch) == 1)),
		a.kind == actCSIDispatch && (a.ch == 'C' || a.ch == 'D'):
		if len(p.inFlight) >= maxReplay {
			p.inFlight = p.inFlight[:copy(p.inFlight, p.inFlight[1:])]
			p.doneTail = p.doneTail[:0] // the run's start is lost
		}
		p.inFlight = append(p.inFlight, typed{kind: a.kind, ch: a.ch, frame: p.localFrameSent + 1, when: now})
	default:
		p.inFlight = p.inFlight[:0]
		p.doneTail = p.doneTail[:0]
	}
}

// forgetProcessed drops the keystrokes the echo ack says the server's
// screen already shows.
func (p *Predictor) forgetProcessed() {
	i := 0
	for i < len(p.inFlight) && p.inFlight[i].frame <= p.localFrameLateAcked {
		i++
	}
	p.dropInFlight(i)
}

// dropInFlight moves the first n keystrokes in flight to the processed
// ones, keeping the printed characters typed since the last other key in
// doneTail (the newest maxDoneTail of them).
func (p *Predictor) dropInFlight(n int) {
	if n == 0 {
		return
	}
	for _, k := range p.inFlight[:n] {
		if !k.plain() {
			p.doneTail = p.doneTail[:0]
			continue
		}
		if len(p.doneTail) == maxDoneTail {
			p.doneTail = p.doneTail[:copy(p.doneTail, p.doneTail[1:])]
		}
		p.doneTail = append(p.doneTail, k.ch)
	}
	p.inFlight = p.inFlight[:copy(p.inFlight, p.inFlight[n:])]
}

// plain reports whether k is a printed character (not DEL, ← or →): one
// that, typed after the others, ends up just left of the cursor.
func (k typed) plain() bool { return k.kind == actPrint && k.ch != 0x7F }

// skipShown returns how many keystrokes in flight f already shows beyond
// the echo ack, which can trail the echo: a server acknowledges a
// keystroke only some time after echoing it, and a frame carrying the
// echo of the next key may be the first to carry the ack. Replaying such a
// key would put it, and every key after it, one column too far right, and
// each such epoch would be killed in turn.
//
// Hypothesis j (0 ≤ j ≤ the leading printed characters in flight) holds
// when the cells just left of f's cursor show the processed characters
// (doneTail) followed by the first j in flight. The answer is the one j
// that holds; when none or several do (a repeated pattern such as "abab"
// can fit two), it is 0, which is what the echo ack says. A wrong j only
// misplaces a tentative epoch, which is shown only once confirmed.
func (p *Predictor) skipShown(f *term.Framebuffer) int {
	if len(p.doneTail) == 0 {
		return 0
	}
	row, col := f.DS.CursorRow, f.DS.CursorCol
	if row < 0 || row >= f.Height() || col > f.Width() {
		return 0
	}
	found, n := 0, 0
	for j := 0; j <= len(p.inFlight) && j <= col; j++ {
		if j > 0 && !p.inFlight[j-1].plain() {
			break
		}
		if p.showsBefore(f, row, col, j) {
			found, n = j, n+1
		}
	}
	if n != 1 {
		return 0
	}
	return found
}

// showsBefore reports whether row shows doneTail and then the first j
// keystrokes in flight, ending just left of column col.
func (p *Predictor) showsBefore(f *term.Framebuffer, row, col, j int) bool {
	start := col - j - len(p.doneTail)
	if start < 0 {
		return false
	}
	for i, ch := range p.doneTail {
		if !cellShows(f, row, start+i, ch) {
			return false
		}
	}
	start += len(p.doneTail)
	for i, k := range p.inFlight[:j] {
		if !cellShows(f, row, start+i, k.ch) {
			return false
		}
	}
	return true
}

// cellShows reports whether the cell at (row, col) of f holds exactly ch.
func cellShows(f *term.Framebuffer, row, col int, ch rune) bool {
	var buf [utf8.UTFMax]byte
	return string(f.Cell(row, col).ContentsBytes()) == string(buf[:utf8.EncodeRune(buf[:], ch)])
}

// replay predicts the keystrokes still in flight again, on f, after an
// epoch was killed.
func (p *Predictor) replay(f *term.Framebuffer) {
	p.replayPending = false
	p.forgetProcessed()
	p.dropInFlight(p.skipShown(f))
	if len(p.inFlight) == 0 {
		return
	}
	sent := p.localFrameSent
	for _, k := range p.inFlight {
		p.localFrameSent = k.frame - 1
		if k.kind == actPrint {
			p.print(k.ch, f, k.when)
		} else {
			p.csi(k.ch, f, k.when)
		}
	}
	p.localFrameSent = sent
}
