package client

import (
	"syscall"
	"time"
)

// userInput handles one read from the user's terminal (PREDICTION.md §1
// step 4 and §13): every byte goes to the prediction engine first, then
// through the escape-key logic, and the rest is sent to the server.
func (s *session) userInput(now time.Time, b []byte) {
	s.pred.SetLocalFrameSent(s.t.LastSentNum())
	s.logf("input %q after state %d", b, s.t.LastSentNum())
	if len(b) > pasteThreshold {
		s.pred.Reset()
	}
	s.pending = s.pending[:0]
	for _, c := range b {
		if len(b) <= pasteThreshold {
			s.pred.NewUserByte(c, s.scr.local, now)
		}
		if s.escapeByte(now, c) {
			break
		}
	}
	if len(s.pending) > 0 && !s.t.ShutdownInProgress() {
		u := s.t.CurrentState().Clone()
		u.PushBytes(s.pending)
		s.t.SetCurrentState(u)
		if len(b) <= pasteThreshold {
			// Typing, not a paste: send it in this loop iteration,
			// without the SRTT/2 pacing or a collection delay
			// (ssp.Transport.HurryNow). One read is all the terminal
			// had; a key typed later is a later state anyway. The
			// transport's 20 ms floor between new states still holds.
			s.t.HurryNow()
		}
	}
	if s.quitRequested {
		s.quitRequested = false
		s.notes.Set("Exiting on user request...", true, true, now)
		s.t.StartShutdown(now)
	}
}

// escapeByte runs the escape-key logic on one byte, queueing what is to be
// sent; true means the rest of the read is to be ignored.
func (s *session) escapeByte(now time.Time, c byte) bool {
	e := s.cfg.Escape
	if s.escActive {
		s.escActive = false
		stop := false
		switch {
		case c == '.':
			if !s.t.ShutdownInProgress() {
				s.quitRequested = true
				stop = true
			} else {
				s.inputEnded(now)
			}
		case c == 0x1A:
			s.suspend()
		case c == e.Pass || c == e.Pass2:
			s.pending = append(s.pending, e.Key)
		default:
			s.pending = append(s.pending, e.Key, c)
		}
		if s.notes.Message() == e.HelpText() {
			s.notes.Clear()
		}
		return stop
	}
	if e.Enabled && c == e.Key && (e.control() || s.afterNewline) {
		s.escActive = true
		s.afterNewline = false
		s.notes.Set(e.HelpText(), true, false, now)
		return false
	}
	s.afterNewline = c == '\n' || c == '\r'
	if c == 0x0C {
		s.scr.repaint = true
	}
	s.pending = append(s.pending, c)
	return false
}

// suspend gives the terminal back and stops the process group until it is
// continued (DISPLAY.md §7.5).
func (s *session) suspend() {
	s.scr.close()
	s.scr.write([]byte(suspendedNotice))
	syscall.Kill(0, syscall.SIGSTOP) // best effort
	s.resume()
}

// resume takes the terminal again after a stop and repaints everything.
func (s *session) resume() {
	if err := s.scr.open(); err != nil {
		s.logf("client: %v", err)
	}
	s.scr.repaint = true
}
