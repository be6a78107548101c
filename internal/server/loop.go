package server

import (
	"errors"
	"net/netip"
	"os"
	"syscall"
	"time"

	"ssh-mosh/crypto"
)

// Loop timing constants (PROTOCOL.md §14.1, Appendix A).
const (
	// unconnectedCap bounds a wait while no client state has arrived or a
	// shutdown is in progress.
	unconnectedCap = 5 * time.Second
	// noClientLimit ends a server no client contacted.
	noClientLimit = 60 * time.Second
	// trimAfter is how long output must have paused after a burst of at
	// least trimBurst bytes before the loop hands freed memory back to the
	// operating system (see loop.trim).
	trimAfter = time.Second
	trimBurst = 1 << 20
	// utmpDetachAfter marks the session detached in utmp once the newest
	// client state is this old (§15.7).
	utmpDetachAfter = 30 * time.Second
)

// transport is what the loop needs of the SSP core; *ssp.Transport
// provides it once its state types are fixed (see session.go).
type transport interface {
	Receive(now time.Time, from netip.AddrPort, datagram []byte) (newState bool, err error)
	Tick(now time.Time) []datagram
	NextDeadline(now time.Time) time.Time
	SendFailed(now time.Time, err error)
	StartShutdown(now time.Time)
	ShutdownInProgress() bool
	ShutdownAcknowledged() bool
	CounterpartyShutdownAckSent() bool
	ShutdownAckTimedOut(now time.Time) bool
	RemoteStateNum() uint64
	RemoteStateTime() time.Time
	HasRemoteAddr() bool
	RemoteAddr() netip.AddrPort
	// Hurry marks the current state as the answer to fresh input;
	// HurryNow also says it is complete (no collection delay).
	Hurry()
	HurryNow()
	// Pending reports whether a published state is still waiting to be
	// sent.
	Pending() bool
}

// datagram is one datagram to send.
type datagram struct {
	to   netip.AddrPort
	data []byte
}

// event is one user event of the client's stream (§11.4): keystroke bytes,
// or a resize when cols > 0.
type event struct {
	bytes      []byte
	cols, rows int
}

// host is the server's terminal state: the emulator that absorbs the
// application's output, and the client's events beyond those processed.
type host interface {
	// Write feeds application output and returns the emulator's answers
	// to queries (DA, DSR) for the pty.
	Write(b []byte) (replies []byte)
	// Keystrokes translates user bytes for the application (§13.10).
	Keystrokes(b []byte) []byte
	// Resize resizes the emulator.
	Resize(cols, rows int)
	// SetEchoAck sets the echo ack of the published state.
	SetEchoAck(n uint64)
	// Publish makes the transport's current state a copy of the emulator.
	Publish()
	// NewEvents returns the events of the newest client state beyond
	// those already returned, and marks them processed. ok is false when
	// the newest state does not extend the processed stream (it is then
	// adopted as processed without replaying anything).
	NewEvents() (events []event, ok bool)
}

// ptyIO is the loop's view of the pty and the child.
type ptyIO interface {
	// Write queues bytes for the application's input.
	Write(b []byte)
	// Resize sets the window size.
	Resize(cols, rows int) error
	// Release starts the child (see loop.release).
	Release() error
	// SetUtmp records the session's utmp host; "" = detached.
	SetUtmp(connectedTo string)
}

// packet is one datagram read from the socket.
type packet struct {
	from netip.AddrPort
	data []byte
}

// loop is the state of one session's event loop. All its fields belong to
// the goroutine running run.
type loop struct {
	t    transport
	h    host
	pty  ptyIO
	logf func(string, ...any)
	send func(to netip.AddrPort, b []byte) error

	networkTimeout, signalTimeout time.Duration

	start   time.Time
	echo    echoAck
	lastNum uint64 // newest client state whose events were processed
	dirty   bool   // emulator changed since the last Publish
	// holdUntil is when the transport was due to send the last published
	// state. While that state is still pending, further changes are held
	// (not copied to the transport) until then, so a flood of output costs
	// one snapshot per frame sent rather than one per pty read.
	holdUntil time.Time
	// lastKeys is when keystrokes were last written to the pty; output
	// soon after is taken as their echo and hurried (ssp.Transport.Hurry).
	lastKeys time.Time
	// awaitEcho is set when keystrokes are written and cleared by the
	// first output after them, which is published at once, not held
	// behind an earlier pending state (see ptyRead).
	awaitEcho  bool
	ptyEOF     bool
	term, usr1 bool
	utmpAddr   netip.AddrPort
	utmpOn     bool
	done       bool

	// trace, if set, logs every datagram sent and received (-v).
	trace func(string, ...any)
	// pause, if set, sleeps after the eleventh and every later network
	// error (§14.1); netErrors counts them over the process's life.
	pause     func(time.Duration)
	netErrors int

	// trim, if set, returns freed memory to the operating system; it runs
	// once output has paused for trimAfter after at least trimBurst bytes,
	// so a session that printed a flood goes back to its idle footprint.
	trim       func()
	burstBytes int
	lastOutput time.Time
}

// clock abstracts the wall clock and the loop's single timer so tests can
// run the loop in virtual time.
type clock interface {
	Now() time.Time
	// Reset arms the timer for d (d ≤ 0 fires at once).
	Reset(d time.Duration)
	// C fires when the timer expires.
	C() <-chan time.Time
	Stop()
}

// inputs are the channels the pumps feed; ptyData carries one read and
// ptyErr the end of the pty.
type inputs struct {
	packets <-chan packet
	ptyData <-chan []byte
	ptyDone chan<- []byte // returns a read buffer to the pty pump
	ptyErr  <-chan error
	signals <-chan os.Signal
	ptyWErr <-chan error
}

// run is the event loop (PROTOCOL.md §14.1). It returns when the session
// is over.
func (l *loop) run(c clock, in inputs) {
	l.start = c.Now()
	l.release()
	ptyData := in.ptyData
	for !l.done {
		now := c.Now()
		c.Reset(l.wait(now))
		if l.t.ShutdownInProgress() || l.ptyEOF {
			ptyData = nil // not reading the application while shutting down
		}
		select {
		case p := <-in.packets:
			l.receive(c.Now(), p)
		case b := <-ptyData:
			l.ptyRead(c.Now(), b)
			in.ptyDone <- b
		case err := <-in.ptyErr:
			if errors.Is(err, syscall.EIO) {
				l.logf("server: the shell has exited")
			} else {
				l.logf("server: reading the pty: %v", err)
			}
			l.ptyEOF = true
			if l.lastNum > 0 {
				l.shutdown(c.Now())
			}
		case err := <-in.ptyWErr:
			l.logf("server: writing to the pty: %v", err)
			l.shutdown(c.Now())
		case s := <-in.signals:
			if s == syscall.SIGUSR1 {
				l.usr1 = true
			} else {
				l.term = true // SIGTERM, SIGINT
			}
		case <-c.C():
		}
		l.afterWake(c.Now())
	}
	c.Stop()
}

// wait is how long the loop may sleep at now (§14.1 step 1).
func (l *loop) wait(now time.Time) time.Duration {
	l.publish(now)
	next := l.t.NextDeadline(now)
	earliest := func(d time.Time) {
		if !d.IsZero() && (next.IsZero() || d.Before(next)) {
			next = d
		}
	}
	earliest(l.echo.deadline())
	if l.dirty {
		earliest(l.holdUntil)
	}
	if l.lastNum == 0 || l.t.ShutdownInProgress() {
		earliest(now.Add(unconnectedCap))
	}
	if l.networkTimeout > 0 && l.lastNum > 0 {
		earliest(l.t.RemoteStateTime().Add(l.networkTimeout))
	}
	if l.trim != nil && l.burstBytes >= trimBurst {
		earliest(l.lastOutput.Add(trimAfter))
	}
	if next.IsZero() {
		return time.Hour // nothing scheduled: sleep until an input arrives
	}
	return next.Sub(now)
}

// receive handles one datagram (§14.1 step 3).
func (l *loop) receive(now time.Time, p packet) {
	newState, err := l.t.Receive(now, p.from, p.data)
	if l.trace != nil {
		l.trace("server: received %d bytes from %v: newest client state %d", len(p.data), p.from, l.t.RemoteStateNum())
	}
	if err != nil {
		l.logError(err)
	}
	if !newState || l.t.RemoteStateNum() == l.lastNum {
		return
	}
	events, ok := l.h.NewEvents()
	if !ok {
		l.logf("server: client state %d does not extend the input stream; ignored", l.t.RemoteStateNum())
	}
	l.lastNum = l.t.RemoteStateNum()
	l.apply(events, now)
	if l.ptyEOF && !l.t.ShutdownInProgress() {
		l.shutdown(now) // the child ended before the client came
	}
}

// release starts the child on the pty; run calls it once, before it waits
// for anything, so it needs no guard against a second call.
//
// Deviation from mosh, on purpose: mosh-server holds its child until the
// first client state arrives (PROTOCOL.md §15.6), so the shell's start-up
// sits between the client's first datagram and the first prompt. Nothing
// on the wire depends on that: the emulator sees the same bytes in the
// same order (the release newline, as "\r\n", then the child's output),
// only earlier, and the client's first state still resizes the pty and the
// emulator (the child gets SIGWINCH, as with mosh when the client's size
// differs from the invoking tty's). A child that ends before any client
// comes is not the end of the session: the loop waits for the client (up
// to noClientLimit) so it still sees the last screen and the shutdown; and
// a session no client reaches ends after noClientLimit as before, hanging
// up the shell like any other end.
func (l *loop) release() {
	if err := l.pty.Release(); err != nil {
		l.logf("%v", err)
	}
}

// apply processes user events (§11.4): keystrokes to the pty, the last of
// each run of resizes to the pty and the emulator.
func (l *loop) apply(events []event, now time.Time) {
	if len(events) == 0 {
		return
	}
	for i, e := range events {
		if e.cols <= 0 {
			if b := l.h.Keystrokes(e.bytes); len(b) > 0 {
				l.pty.Write(b)
				l.lastKeys = now
				l.awaitEcho = true
			}
			continue
		}
		if i+1 < len(events) && events[i+1].cols > 0 {
			continue // only the last of consecutive resizes counts
		}
		if err := l.pty.Resize(e.cols, e.rows); err != nil {
			l.logf("%v", err)
			l.shutdown(now)
			continue
		}
		l.h.Resize(e.cols, e.rows)
	}
	l.echo.record(l.lastNum, now)
	if !l.t.ShutdownInProgress() {
		l.dirty = true
	}
}

// ptyRead handles one read of the pty at now. Output within echoWindow
// of keystrokes is taken as their echo: the transport is hurried (with no
// collection delay for a read of at most echoCompleteMax bytes, see
// ssp.Transport.HurryNow), and the
// first such read after the keystrokes also ends any hold on publishing
// (loop.holdUntil), so the echo is not kept waiting behind an earlier,
// still unsent change such as a new echo ack, which at 300 ms RTT may be
// paced 150 ms out. Later reads within the window are hurried but held as
// usual, so a flood that follows a keystroke (Ctrl-C during `yes`, a
// command's output) still costs one snapshot per frame sent.
func (l *loop) ptyRead(now time.Time, b []byte) {
	l.ptyOutput(b)
	if !l.lastKeys.IsZero() && now.Sub(l.lastKeys) < echoWindow {
		if len(b) <= echoCompleteMax {
			l.t.HurryNow()
		} else {
			l.t.Hurry()
		}
		if l.awaitEcho {
			l.awaitEcho = false
			l.holdUntil = time.Time{}
		}
	}
	l.burstBytes += len(b)
	l.lastOutput = now
}

// ptyOutput feeds one read of application output to the emulator (§14.1
// step 4) and queues its answers for the pty.
func (l *loop) ptyOutput(b []byte) {
	if replies := l.h.Write(b); len(replies) > 0 {
		l.pty.Write(replies)
	}
	l.dirty = true
}

// shutdown starts the shutdown exchange, or ends the loop at once when no
// client is there to tell (§14.1 step 7).
func (l *loop) shutdown(now time.Time) {
	if l.t.ShutdownInProgress() {
		return
	}
	if !l.t.HasRemoteAddr() {
		l.done = true
		return
	}
	if l.dirty {
		l.h.Publish() // the final state carries the last screen
		l.dirty = false
	}
	l.t.StartShutdown(now)
}

// afterWake runs the checks of §14.1 steps 6–12 and sends what is due.
func (l *loop) afterWake(now time.Time) {
	idle := false
	sinceClient := now.Sub(l.t.RemoteStateTime())
	if l.networkTimeout > 0 && l.lastNum > 0 && sinceClient >= l.networkTimeout {
		l.logf("Network idle for %d seconds.", int(sinceClient/time.Second))
		idle = true
	}
	if l.usr1 {
		l.usr1 = false
		if l.signalTimeout == 0 || (l.lastNum > 0 && sinceClient >= l.signalTimeout) {
			l.logf("Network idle for %d seconds when SIGUSR1 received", int(sinceClient/time.Second))
			idle = true
		}
	}
	if l.term || idle {
		if l.t.HasRemoteAddr() && !l.t.ShutdownInProgress() {
			l.shutdown(now)
			l.term = false
		} else {
			l.done = true
			return
		}
	}
	if l.t.ShutdownAcknowledged() || l.t.ShutdownAckTimedOut(now) || l.t.CounterpartyShutdownAckSent() {
		l.done = true
		return
	}
	l.updateUtmp(now, sinceClient)
	if l.echo.update(now) {
		l.h.SetEchoAck(l.echo.value)
		if !l.t.ShutdownInProgress() {
			l.dirty = true
		}
	}
	if l.lastNum == 0 && now.Sub(l.start) >= noClientLimit {
		l.logf("No connection within 60 seconds.")
		l.done = true
		return
	}
	l.publish(now)
	if l.trim != nil && l.burstBytes >= trimBurst && now.Sub(l.lastOutput) >= trimAfter {
		l.burstBytes = 0
		l.trim()
	}
	ds := l.t.Tick(now)
	for _, d := range ds {
		err := l.send(d.to, d.data)
		if l.trace != nil {
			l.trace("server: sent %d bytes to %v (error: %v)", len(d.data), d.to, err)
		}
		if err != nil {
			l.t.SendFailed(now, err)
			l.logError(err)
		}
	}
	if l.t.CounterpartyShutdownAckSent() {
		l.done = true
	}
}

// echoWindow is how soon after keystrokes pty output counts as their echo.
const echoWindow = 100 * time.Millisecond

// echoCompleteMax is the largest read after keystrokes that is sent with
// no collection delay at all (ssp.Transport.HurryNow). readPty drains the
// pty before it hands a read over, so a short read is all the shell had
// written: a keystroke's echo, or readline's redisplay of the line. A
// larger one is more likely a screen redraw that a full-screen program
// writes in several pieces a moment apart (ncurses flushes in buffer-sized
// writes); that keeps the 1 ms collection of Hurry, so the client is not
// shown half a redraw for the 20 ms until the next frame.
const echoCompleteMax = 256

// maxHold bounds how long a change may wait behind an earlier published
// one (the longest send interval, §10.4.3).
const maxHold = 250 * time.Millisecond

// publish hands the emulator's state to the transport when it changed,
// unless an earlier published state is still waiting to be sent and its
// send is not due yet (see loop.holdUntil). Only a pending state holds:
// a publish that changed nothing the peer sees (the transport's state equal
// to the last one sent) must not delay the next change, such as the echo
// of a keystroke that arrives a moment later.
func (l *loop) publish(now time.Time) {
	if !l.dirty || (l.t.Pending() && now.Before(l.holdUntil)) {
		return
	}
	l.h.Publish()
	l.dirty = false
	l.holdUntil = now.Add(maxHold)
	if d := l.t.NextDeadline(now); !d.IsZero() && d.Before(l.holdUntil) {
		l.holdUntil = d
	}
}

// networkErrorGrace is how many network errors pass before each further
// one also pauses the loop for networkErrorPause (§14.1).
const (
	networkErrorGrace = 10
	networkErrorPause = 100 * time.Millisecond
)

// logError logs an error of a received or sent datagram. A datagram that
// fails authentication is a crypto error, logged and ignored; anything
// else is a network error, and from the eleventh on each one also pauses
// the loop (§14.1), so a flood of bad datagrams cannot keep it busy.
func (l *loop) logError(err error) {
	if errors.Is(err, crypto.ErrIntegrity) || errors.Is(err, crypto.ErrShortDatagram) {
		l.logf("Crypto exception: %v", err)
		return
	}
	l.logf("%v", err)
	l.netErrors++
	if l.netErrors > networkErrorGrace && l.pause != nil {
		l.pause(networkErrorPause)
	}
}

// updateUtmp keeps the utmp host in step with the client (§15.7).
func (l *loop) updateUtmp(now time.Time, sinceClient time.Duration) {
	if l.lastNum == 0 {
		return
	}
	addr := l.t.RemoteAddr()
	switch {
	case sinceClient < utmpDetachAfter && l.t.HasRemoteAddr() && (!l.utmpOn || addr != l.utmpAddr):
		l.utmpOn, l.utmpAddr = true, addr
		l.pty.SetUtmp(addr.Addr().String())
	case sinceClient >= utmpDetachAfter && l.utmpOn:
		l.utmpOn = false
		l.pty.SetUtmp("")
	}
}
