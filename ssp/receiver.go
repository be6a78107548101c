package ssp

import (
	"fmt"
	"slices"
	"time"
)

// Receiver constants (PROTOCOL.md §10.3).
const (
	receivedStatesCap = 1024
	receiveQuench     = 15000 * time.Millisecond
)

// receivedState is one peer state held by the receiver.
type receivedState[R State[R]] struct {
	at    time.Duration // arrival
	num   uint64
	state R
}

// receiver is the receiving half of SSP (§10.3): the peer's states,
// sorted by number; the application consumes the last one.
type receiver[R State[R]] struct {
	states      []receivedState[R] // never empty
	quenchUntil time.Duration
}

func newReceiver[R State[R]](initial R) *receiver[R] {
	return &receiver[R]{states: []receivedState[R]{{at: 0, num: 0, state: initial}}}
}

func (r *receiver[R]) newest() *receivedState[R] { return &r.states[len(r.states)-1] }

// find returns the index of the state numbered num, or -1.
func (r *receiver[R]) find(num uint64) int {
	for i := range r.states {
		if r.states[i].num == num {
			return i
		}
	}
	return -1
}

// outcome says what add did with an instruction.
type outcome int

const (
	ignored    outcome = iota // duplicate, unknown base, or quenched
	outOfOrder                // stored, but an even newer state is held
	appended                  // became the newest state
)

// add applies steps 3–8 of §10.3 to one instruction. It never panics on a
// hostile instruction: a bad diff or a throwaway number above every held
// state is dropped or ignored.
func (r *receiver[R]) add(now time.Duration, oldNum, newNum, throwaway uint64, diff []byte) (outcome, error) {
	if r.find(newNum) >= 0 {
		return ignored, nil
	}
	ref := r.find(oldNum)
	if ref < 0 {
		return ignored, nil
	}
	refState := r.states[ref].state // kept even if discarded below
	r.throwAway(throwaway)
	if len(r.states) > receivedStatesCap {
		if now < r.quenchUntil {
			return ignored, nil
		}
		r.quenchUntil = now + receiveQuench
	}
	st := refState.Clone()
	if len(diff) > 0 {
		if err := st.Apply(diff); err != nil {
			return ignored, fmt.Errorf("ssp: state %d: diff from %d rejected: %w", newNum, oldNum, err)
		}
	}
	rs := receivedState[R]{at: now, num: newNum, state: st}
	for i := range r.states {
		if r.states[i].num > newNum {
			r.states = slices.Insert(r.states, i, rs)
			return outOfOrder, nil
		}
	}
	r.states = append(r.states, rs)
	return appended, nil
}

// throwAway discards held states numbered below n, unless that would
// leave none (a non-compliant peer; mosh would abort).
func (r *receiver[R]) throwAway(n uint64) {
	i := 0
	for i < len(r.states) && r.states[i].num < n {
		i++
	}
	if i == 0 || i == len(r.states) {
		return
	}
	r.states = slices.Delete(r.states, 0, i)
}
