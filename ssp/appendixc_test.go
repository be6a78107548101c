package ssp_test

import (
	"fmt"
	"testing"
	"time"

	"ssh-mosh/ssp/ssptest"
)

// TestAppendixCNumbers replays the start of the annotated real session of
// PROTOCOL.md Appendix C in virtual time (1 ms each way) and checks that
// every instruction carries the same old/new/ack/throwaway numbers as
// mosh's did.
func TestAppendixCNumbers(t *testing.T) {
	p := newPair(t, 30, nil)
	p.net.Links[0].Delay = time.Millisecond
	p.net.Links[1].Delay = time.Millisecond
	log := p.record(t)
	at := func(ms int) { p.net.Run(testStart.Add(time.Duration(ms)*time.Millisecond), 10000, nil) }

	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("resize")))
	p.net.Kick()
	at(250)
	p.s.SetCurrentState(ssptest.NewValue([]byte("echoack 1; $ ")))
	p.net.Kick()
	at(1521)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("e")))
	p.net.Kick()
	at(1522) // the keystroke arrives; the shell echoes it at once
	p.s.SetCurrentState(ssptest.NewValue([]byte("echoack 1; $ e")))
	p.net.Kick()
	at(1572) // 50 ms after arrival: the echo ack (sent 8 ms later)
	p.s.SetCurrentState(ssptest.NewValue([]byte("echoack 3; $ e")))
	p.net.Kick()
	at(1581)
	p.c.SetCurrentState(p.c.CurrentState().Append([]byte("c")))
	p.net.Kick()
	at(1584)

	want := []string{
		"C>S 0→1 ack 0 thr 0",
		"S>C 0→1 ack 1 thr 0", // empty ack
		"S>C 0→2 ack 1 thr 0", // prompt, sent from the acked state 0
		"C>S 1→2 ack 2 thr 1", // delayed ack, 100 ms
		"C>S 1→3 ack 2 thr 1", // keystroke "e"
		"S>C 2→3 ack 3 thr 2", // echo
		"S>C 2→4 ack 3 thr 2", // echo ack, re-sent from the acked state
		"C>S 3→4 ack 4 thr 3", // keystroke "c"
	}
	var got []string
	for _, d := range *log {
		dir := "C>S"
		if d.dir == ssptest.ToClient {
			dir = "S>C"
		}
		got = append(got, fmt.Sprintf("%s %d→%d ack %d thr %d", dir, d.in.OldNum, d.in.NewNum, d.in.AckNum, d.in.ThrowawayNum))
	}
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("instruction %d: got %q, want %q", i, g, w)
		}
	}
}
