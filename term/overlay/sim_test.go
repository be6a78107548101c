package overlay

import (
	"sort"
	"strings"
	"testing"
	"time"

	"ssh-mosh/term"
)

// linkSim is a client and a shell-like server joined by a link with a fixed
// one-way delay, in virtual time: the server echoes each keystroke when it
// arrives and acknowledges it in its echo ack 50 ms later (DISPLAY.md §8),
// or, with lagAck, only in the frame that carries the next echo (as a server
// does whose send interval is longer than the gap between keys).
type linkSim struct {
	lagAck  bool
	p       *Predictor
	server  *term.Emulator
	oneWay  time.Duration
	t0      time.Time
	shown   *term.Framebuffer
	client  *term.Framebuffer // newest server frame the client has
	events  []simEvent
	sent    uint64
	lateAck uint64
}

type simEvent struct {
	at  time.Time
	run func(now time.Time)
}

func (s *linkSim) at(t time.Time, f func(now time.Time)) {
	s.events = append(s.events, simEvent{t, f})
}

// serverInput is what the server's shell does with a keystroke.
func serverInput(em *term.Emulator, k string) {
	switch k {
	case "\r":
		em.WriteString("\r\n$ ")
	case "\f":
		em.WriteString("\x1b[H\x1b[2J$ ")
	default:
		em.WriteString(k)
	}
}

// runUntil processes events in time order up to end.
func (s *linkSim) runUntil(end time.Time) {
	for {
		sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].at.Before(s.events[j].at) })
		if len(s.events) == 0 || s.events[0].at.After(end) {
			return
		}
		e := s.events[0]
		s.events = s.events[1:]
		e.run(e.at)
	}
}

func (s *linkSim) paint(now time.Time) {
	f := s.client.Clone()
	s.p.Cull(f, now)
	s.p.Apply(f)
	s.shown = f
}

// deliver sends the server's current screen and echo ack to the client.
func (s *linkSim) deliver(now time.Time, ack uint64) {
	fb := s.server.Framebuffer().Clone()
	s.at(now.Add(s.oneWay), func(now time.Time) {
		s.client = fb
		if ack > s.lateAck {
			s.lateAck = ack
		}
		s.p.SetLocalFrameLateAcked(s.lateAck)
		s.paint(now)
	})
}

// key types k at now: predicted, then sent as its own client state.
func (s *linkSim) key(now time.Time, k string) {
	s.p.SetLocalFrameSent(s.sent)
	for i := 0; i < len(k); i++ {
		s.p.NewUserByte(k[i], s.shown, now)
	}
	s.sent++
	num := s.sent
	s.paint(now)
	s.at(now.Add(s.oneWay), func(now time.Time) {
		serverInput(s.server, k)
		s.deliver(now.Add(8*time.Millisecond), num-1)
		if !s.lagAck {
			s.at(now.Add(50*time.Millisecond), func(now time.Time) { s.deliver(now, num) })
		}
	})
}

// typeWords types text at gap per key after Enter and Ctrl-L, as the
// benchmark does, and returns how many keys were shown at once and how many
// wrong characters were ever shown on the prompt row.
func typeWords(t *testing.T, tc wordsCase, text string) (shown, wrong int) {
	rtt, pause := tc.rtt, tc.pause
	em := term.New(80, 24)
	promptRow := 1
	if tc.bottom {
		em.WriteString(strings.Repeat("\r\n", 23))
		promptRow = 23
	}
	em.WriteString("$ ")
	s := &linkSim{p: NewPredictor(Adaptive, false), server: em, oneWay: rtt / 2, t0: time.Unix(1000, 0), lagAck: tc.lagAck}
	s.client = em.Framebuffer().Clone()
	s.p.SetSendInterval(max(rtt/2, 20*time.Millisecond))
	s.paint(s.t0)
	now := s.t0
	// A warm-up line so that an epoch has been confirmed, then Enter, Ctrl-L.
	for _, k := range strings.Split("#warm", "") {
		now = now.Add(150 * time.Millisecond)
		s.key(now, k)
		s.runUntil(now)
	}
	now = now.Add(time.Second)
	s.runUntil(now)
	s.key(now, "\r")
	if pause > 0 {
		s.key(now, "\f")
		now = now.Add(pause)
		s.runUntil(now)
	} else {
		// The benchmark's way: wait for the new prompt, then type.
		for i := 0; i < 100 && !(s.client.DS.CursorRow == promptRow && s.client.DS.CursorCol == 2); i++ {
			now = now.Add(5 * time.Millisecond)
			s.runUntil(now)
		}
	}
	for i := 0; i < len(text); i++ {
		s.key(now, text[i:i+1])
		row := s.shown.Row(s.shown.DS.CursorRow).String()
		want := strings.TrimRight("$ "+text[:i+1], " ")
		if row == want {
			shown++
		} else if row != s.client.Row(s.shown.DS.CursorRow).String() && !strings.HasPrefix("$ "+text, row) {
			wrong++
		}
		now = now.Add(120 * time.Millisecond)
		s.runUntil(now)
	}
	return shown, wrong
}

// wordsCase is one run of typeWords: the round trip, the pause after
// Enter and Ctrl-L (0: no Ctrl-L, type as soon as the new prompt shows),
// whether the server's echo ack lags a key, whether the prompt is on the
// bottom row (so Enter scrolls), and how many keys may stay hidden.
type wordsCase struct {
	rtt, pause     time.Duration
	lagAck, bottom bool
	hidden         int
}

// TestWordsAtRTT300 is the benchmark's words scenario in virtual time.
// Without replay (mosh 1.4.0) no key of the line is shown at once at RTT
// 300 ms; with it all but the first four are (about 85 %), none wrongly.
func TestWordsAtRTT300(t *testing.T) {
	const text = "#the quick brown fox jumps"
	for _, tc := range []wordsCase{
		// Typing on at once after Enter and Ctrl-L: the first epoch is
		// predicted from a stale cursor, killed, and replayed.
		{100 * time.Millisecond, 120 * time.Millisecond, false, false, 2},
		{300 * time.Millisecond, 120 * time.Millisecond, false, false, 4},
		// Typing after the cleared screen is back (the benchmark's case):
		// only the keys before the first echo ack stay hidden.
		{100 * time.Millisecond, time.Second, false, false, 2},
		{300 * time.Millisecond, time.Second, false, false, 3},
		// Typing as soon as the prompt after Enter shows.
		{100 * time.Millisecond, 0, false, false, 2},
		{300 * time.Millisecond, 0, false, false, 3},
		// The same with the echo ack of each key arriving only with the
		// next key's echo: culling between Enter and the first key drops
		// older cursor predictions, which must not stop the first key
		// from going after the prompt (that cost every key of the line).
		{100 * time.Millisecond, 0, true, false, 2},
		{300 * time.Millisecond, 0, true, false, 3},
		// After Enter and Ctrl-L with the lagging ack, the replay must
		// skip the key whose echo the frame shows beyond the ack, or
		// every replayed epoch lands one column right and is killed (0
		// of 26 shown); the ack's lag costs one key more than above.
		{100 * time.Millisecond, 120 * time.Millisecond, true, false, 2},
		{300 * time.Millisecond, 120 * time.Millisecond, true, false, 5},
		{300 * time.Millisecond, time.Second, true, false, 3},
		// On the bottom row, where Enter scrolls the screen.
		{300 * time.Millisecond, 0, false, true, 3},
		{300 * time.Millisecond, 0, true, true, 3},
	} {
		shown, wrong := typeWords(t, tc, text)
		t.Logf("%+v: %d of %d shown at once, %d wrong", tc, shown, len(text), wrong)
		if wrong > 0 || shown < len(text)-tc.hidden {
			t.Errorf("%+v: %d of %d shown at once, %d wrong", tc, shown, len(text), wrong)
		}
	}
}
