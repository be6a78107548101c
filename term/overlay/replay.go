package overlay

import (
	"time"

	"ssh-mosh/term"
)

// maxReplay bounds the keystrokes kept for replay.
const maxReplay = 512

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
		}
		p.inFlight = append(p.inFlight, typed{kind: a.kind, ch: a.ch, frame: p.localFrameSent + 1, when: now})
	default:
		p.inFlight = p.inFlight[:0]
	}
}

// forgetProcessed drops the keystrokes the server's screen already shows.
func (p *Predictor) forgetProcessed() {
	i := 0
	for i < len(p.inFlight) && p.inFlight[i].frame <= p.localFrameLateAcked {
		i++
	}
	if i > 0 {
		p.inFlight = p.inFlight[:copy(p.inFlight, p.inFlight[i:])]
	}
}

// replay predicts the keystrokes still in flight again, on f, after an
// epoch was killed.
func (p *Predictor) replay(f *term.Framebuffer) {
	p.replayPending = false
	p.forgetProcessed()
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
