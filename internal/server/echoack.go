package server

import "time"

// echoTimeout is how long a client state must have been on the server
// before the screen counts as showing the echo of its keystrokes
// (ECHO_TIMEOUT, PROTOCOL.md §12.2, DISPLAY.md §8.1).
const echoTimeout = 50 * time.Millisecond

// echoAck keeps the history of client states that carried input and
// decides the echo ack to publish. It is pure: time comes in as arguments.
type echoAck struct {
	history []echoEntry
	value   uint64
}

type echoEntry struct {
	num uint64
	at  time.Time
}

// record notes that client state num, holding at least one event, was
// processed at now.
func (e *echoAck) record(num uint64, now time.Time) {
	e.history = append(e.history, echoEntry{num, now})
}

// update runs once per loop iteration: the newest entry at least
// echoTimeout old becomes the ack, older entries are dropped (the chosen
// one stays, so the ack never falls back to 0), and it reports whether the
// ack changed.
func (e *echoAck) update(now time.Time) (changed bool) {
	newest, found := uint64(0), -1
	for i, h := range e.history {
		if !h.at.After(now.Add(-echoTimeout)) {
			newest, found = h.num, i
		}
	}
	if found > 0 {
		e.history = append(e.history[:0], e.history[found:]...)
	}
	if found < 0 || newest == e.value {
		return false
	}
	e.value = newest
	return true
}

// deadline is when update next has something to do: echoTimeout after the
// oldest entry not yet acknowledged; zero when there is none. (mosh wakes
// only for the second entry, so the very first keystroke's ack waits for
// some other wake-up; waking for it too costs nothing while idle.)
func (e *echoAck) deadline() time.Time {
	for _, h := range e.history {
		if h.num != e.value {
			return h.at.Add(echoTimeout)
		}
	}
	return time.Time{}
}
