package ssp

import (
	"testing"
	"time"
)

// TestSentStatesCap: pushing past 32 erases the element 16 from the end.
func TestSentStatesCap(t *testing.T) {
	s := newSender[*testLog](&testLog{}, 0)
	for i := uint64(1); i <= 32; i++ {
		s.push(time.Duration(i), i, &testLog{})
	}
	if len(s.sent) != 32 {
		t.Fatalf("len = %d, want 32", len(s.sent))
	}
	for i, e := range s.sent {
		want := uint64(i)
		if i >= 17 { // num 17 was 16 places from the end of 33
			want++
		}
		if e.num != want {
			t.Fatalf("sent[%d].num = %d, want %d", i, e.num, want)
		}
	}
	s.processAck(20)
	if s.sent[0].num != 20 || len(s.sent) != 13 {
		t.Errorf("after ack 20: first %d len %d", s.sent[0].num, len(s.sent))
	}
	s.processAck(16) // culled: ignored
	if s.sent[0].num != 20 {
		t.Errorf("ack of a culled state moved the base to %d", s.sent[0].num)
	}
}

// TestReceiverRules covers §10.3 steps 3–8 and the §18 robustness rows.
func TestReceiverRules(t *testing.T) {
	r := newReceiver[*testLog](&testLog{})
	add := func(old, new, thr uint64, diff string) outcome {
		t.Helper()
		o, _ := r.add(0, old, new, thr, []byte(diff))
		return o
	}
	if o := add(0, 1, 0, "a"); o != appended {
		t.Fatalf("state 1: %v", o)
	}
	if o := add(0, 1, 0, "a"); o != ignored {
		t.Errorf("duplicate: %v", o)
	}
	if o := add(77, 78, 0, "x"); o != ignored {
		t.Errorf("unknown base: %v", o)
	}
	if o := add(1, 3, 1, "c"); o != appended {
		t.Errorf("state 3: %v", o)
	}
	if o := add(1, 2, 1, "b"); o != outOfOrder {
		t.Errorf("late state 2: %v", o)
	}
	if got := string(r.newest().state.b); got != "ac" || r.newest().num != 3 {
		t.Errorf("newest = %d %q", r.newest().num, got)
	}
	if r.states[0].num != 1 {
		t.Errorf("throwaway 1 kept state %d", r.states[0].num)
	}
	if o := add(3, 4, 1000, "d"); o != appended || len(r.states) == 0 {
		t.Errorf("throwaway above all: %v, %d states", o, len(r.states))
	}
}

// testLog is a minimal append-only state for internal tests.
type testLog struct{ b []byte }

func (l *testLog) DiffFrom(o *testLog) []byte { return append([]byte(nil), l.b[len(o.b):]...) }
func (l *testLog) Apply(d []byte) error       { l.b = append(l.b, d...); return nil }
func (l *testLog) Equal(o *testLog) bool      { return string(l.b) == string(o.b) }
func (l *testLog) Clone() *testLog            { return &testLog{b: append([]byte(nil), l.b...)} }

// TestReceiverQuench: beyond 1024 held states one more is accepted and
// then instructions are dropped for 15 s (§10.3 step 6).
func TestReceiverQuench(t *testing.T) {
	r := newReceiver[*testLog](&testLog{})
	// A peer that never raises throwaway_num makes the receiver keep
	// every state: hold 1025 (0 and 2..1025).
	for n := uint64(2); n <= 1025; n++ {
		if o, _ := r.add(0, 0, n, 0, nil); o == ignored {
			t.Fatalf("state %d ignored", n)
		}
	}
	if len(r.states) != 1025 {
		t.Fatalf("%d states held", len(r.states))
	}
	if o, _ := r.add(time.Second, 0, 2000, 0, nil); o == ignored {
		t.Fatal("first instruction over the cap dropped; it should start the quench")
	}
	if o, _ := r.add(2*time.Second, 0, 2001, 0, nil); o != ignored {
		t.Error("instruction during the quench accepted")
	}
	if o, _ := r.add(17*time.Second, 0, 2002, 0, nil); o == ignored {
		t.Error("instruction after the 15 s quench dropped")
	}
}
