package client

import (
	"errors"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/ssp"
	"ssh-mosh/ssp/udp"
	"ssh-mosh/term"
	"ssh-mosh/term/overlay"
)

// run sets the session up and runs the loop; the caller restores the
// terminal and prints the exit messages.
func (s *session) run() error {
	cols, rows, err := s.scr.tty.Size()
	if err != nil || cols <= 0 || rows <= 0 {
		cols, rows = 80, 24
	}
	if err := s.scr.open(); err != nil {
		return err
	}
	now := time.Now()
	s.start = now
	s.afterNewline = true
	s.pred = overlay.NewPredictor(s.cfg.Mode, s.cfg.Overwrite)
	s.notes = overlay.NewNotifier(now)
	s.notes.SetQuitHint(s.cfg.Escape.QuitHint())
	if !s.cfg.TitleNoPrefix {
		s.title.Prefix = overlay.DefaultTitlePrefix
	}
	blank := term.NewFramebuffer(cols, rows)
	s.scr.repaint = true
	s.scr.paint(blank)

	s.t, err = ssp.New[*statesync.UserStream, *statesync.Complete](
		ssp.Config{Key: s.cfg.Key, Side: ssp.Client, Remote: s.cfg.Server, Logf: s.logf},
		statesync.NewUserStream(), statesync.NewComplete(cols, rows, statesync.CompleteOptions{}), now)
	if err != nil {
		return err
	}
	s.conn, err = udp.Dial(s.cfg.Server)
	if err != nil {
		return err
	}
	defer s.conn.Close()
	s.pushResize(cols, rows)
	err = s.loop()
	s.farewell(time.Now())
	return err
}

// farewell paints the last frame: no bar, no title prefix (DISPLAY.md §7.6).
func (s *session) farewell(now time.Time) {
	s.notes.Clear()
	s.notes.ServerHeard(now)
	s.title.Prefix = ""
	s.paint(now)
}

// loop is the main loop of PROTOCOL.md §14.2.
func (s *session) loop() error {
	stdin := make(chan []byte)
	go readStdin(s.cfg.Stdin, stdin, s.logf)
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGWINCH, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGPIPE, syscall.SIGCONT)
	defer signal.Stop(sigs)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	packets := s.conn.Packets()
	for {
		now := time.Now()
		s.paint(now)
		timer.Reset(s.wait(now))
		select {
		case p, ok := <-packets:
			if !ok {
				return errors.New("client: sockets closed")
			}
			s.receive(time.Now(), p)
		case b, ok := <-stdin:
			if !ok {
				stdin = nil
				s.inputEnded(time.Now())
				break
			}
			s.userInput(time.Now(), b)
		case sig := <-sigs:
			s.signal(time.Now(), sig)
		case <-timer.C:
		}
		now = time.Now()
		if s.finished(now) {
			return nil
		}
		s.connecting(now)
		s.tick(now)
	}
}

// wait returns how long to sleep: until the earliest deadline of the
// transport and the overlays, at most 250 ms while connecting.
func (s *session) wait(now time.Time) time.Duration {
	next := s.t.NextDeadline(now)
	for _, d := range []time.Time{s.pred.Deadline(now), s.notes.Deadline(now)} {
		if !d.IsZero() && (next.IsZero() || d.Before(next)) {
			next = d
		}
	}
	wait := time.Hour
	if !next.IsZero() {
		wait = max(next.Sub(now), 0)
	}
	if !s.connected {
		wait = min(wait, connectingWake)
	}
	return wait
}

// paint draws the newest server screen with the overlays (PREDICTION.md §1).
func (s *session) paint(now time.Time) {
	f := s.t.RemoteState().Framebuffer().Clone()
	s.pred.Cull(f, now)
	s.pred.Apply(f)
	s.notes.AdjustMessage(now)
	s.notes.Apply(f, now)
	s.title.Apply(f)
	if b := s.scr.paint(f); len(b) > 0 {
		s.logf("paint %q", b)
	}
}

// receive hands one datagram to the transport and the news to the overlays.
func (s *session) receive(now time.Time, p udp.Packet) {
	newState, err := s.t.ReceiveECN(now, p.From, p.Data, p.Congested)
	switch {
	case err == nil:
	case errors.Is(err, crypto.ErrIntegrity):
		s.notes.Set("Crypto exception: Packet failed integrity check.", false, true, now)
	case errors.Is(err, crypto.ErrShortDatagram):
		s.notes.Set("Crypto exception: Ciphertext must contain nonce and tag.", false, true, now)
	case errors.Is(err, ssp.ErrVersion):
		if !s.t.ShutdownInProgress() {
			s.notes.SetNetworkError("mosh protocol version mismatch: Success", now)
		}
	default:
		s.logf("client: %v", err)
	}
	if newState {
		s.connected = true
		s.logf("state %d echo ack %d srtt %v", s.t.RemoteStateNum(), s.t.RemoteState().EchoAck(), s.t.SRTT())
	}
	s.notes.ServerHeard(s.t.RemoteStateTime())
	s.notes.ServerAcked(s.t.AckedSentTime())
	s.pred.SetLocalFrameAcked(s.t.AckedNum())
	s.pred.SetSendInterval(s.t.SendInterval())
	s.pred.SetLocalFrameLateAcked(s.t.RemoteState().EchoAck())
}

// finished reports whether the loop should end, and whether cleanly.
func (s *session) finished(now time.Time) bool {
	switch {
	case s.t.ShutdownInProgress() && s.t.ShutdownAcknowledged():
		s.clean = true
		return true
	case !s.t.ShutdownInProgress() && s.t.CounterpartyShutdownAckSent():
		s.clean = true
		return true
	case s.t.ShutdownInProgress() && s.t.ShutdownAckTimedOut(now):
		return true
	}
	return false
}

// connecting shows the "Nothing received" message while no state has come,
// and gives up after 15 s.
func (s *session) connecting(now time.Time) {
	nothing := "Nothing received from server on UDP port " + strconv.Itoa(int(s.cfg.Server.Port())) + "."
	if s.connected {
		if s.notes.Message() == nothing {
			s.notes.Clear()
		}
		return
	}
	if s.t.ShutdownInProgress() {
		return
	}
	elapsed := now.Sub(s.start)
	switch {
	case elapsed > connectTimeout:
		s.notes.Set("Timed out waiting for server...", true, true, now)
		s.t.StartShutdown(now)
	case elapsed > connectingWake:
		s.notes.Set(nothing, false, true, now)
	}
}

// tick sends what the transport has due and follows its port hops.
func (s *session) tick(now time.Time) {
	for _, d := range s.t.Tick(now) {
		if err := s.conn.Send(d); err != nil {
			s.t.SendFailed(now, err)
		}
		s.logf("sent %d bytes, state %d", len(d.Data), s.t.LastSentNum())
	}
	if err := s.conn.Sync(s.t.Sockets()); err != nil && !s.t.ShutdownInProgress() {
		s.notes.SetNetworkError(err.Error(), now)
	}
	if e := s.t.SendError(); e != "" {
		s.notes.SetNetworkError(e, now)
	} else {
		s.notes.ClearNetworkError(now)
	}
}

// signal handles SIGWINCH, SIGCONT and the signals that end the session.
func (s *session) signal(now time.Time, sig os.Signal) {
	switch sig {
	case syscall.SIGWINCH:
		cols, rows, err := s.scr.tty.Size()
		if err != nil || cols <= 0 || rows <= 0 {
			return
		}
		if !s.t.ShutdownInProgress() {
			s.pushResize(cols, rows)
		}
		s.pred.Reset()
	case syscall.SIGCONT:
		s.resume()
	default:
		if !s.t.ShutdownInProgress() {
			s.notes.Set("Signal received, shutting down...", true, true, now)
			s.t.StartShutdown(now)
		}
	}
}

// inputEnded handles EOF or an error on stdin.
func (s *session) inputEnded(now time.Time) {
	if !s.t.ShutdownInProgress() {
		s.notes.Set("Exiting...", true, true, now)
		s.t.StartShutdown(now)
	}
}

func (s *session) pushResize(cols, rows int) {
	u := s.t.CurrentState().Clone()
	u.PushResize(cols, rows)
	s.t.SetCurrentState(u)
}

// readStdin pumps reads of the user's terminal into out, and closes it at
// EOF or on an error. logf (safe for concurrent use) sees each read, so a
// trace shows how long a key waited for the loop.
func readStdin(f *os.File, out chan<- []byte, logf func(string, ...any)) {
	defer close(out)
	for {
		buf := make([]byte, stdinReadSize)
		n, err := f.Read(buf)
		if n > 0 {
			logf("stdin read %d bytes", n)
			out <- buf[:n]
		}
		if err != nil {
			return
		}
	}
}
