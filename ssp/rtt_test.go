package ssp

import (
	"testing"
	"time"
)

func TestRTTEstimator(t *testing.T) {
	tests := []struct {
		name         string
		samples      []float64
		srtt, rttvar float64
		rto, send    time.Duration
	}{
		{"initial", nil, 1000, 500, 1000 * time.Millisecond, 250 * time.Millisecond},
		{"first sample", []float64{100}, 100, 50, 300 * time.Millisecond, 50 * time.Millisecond},
		{"second sample", []float64{100, 200}, 112.5, 62.5, 363 * time.Millisecond, 57 * time.Millisecond},
		{"tiny rtt clamps", []float64{1}, 1, 0.5, 50 * time.Millisecond, 20 * time.Millisecond},
		{"huge sample ignored", []float64{100, 5000}, 100, 50, 300 * time.Millisecond, 50 * time.Millisecond},
		{"4999 accepted as first", []float64{4999}, 4999, 2499.5, 1000 * time.Millisecond, 250 * time.Millisecond},
		{"zero", []float64{0}, 0, 0, 50 * time.Millisecond, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRTTEstimate()
			for _, s := range tt.samples {
				e = e.sample(s)
			}
			if e.srtt != tt.srtt || e.rttvar != tt.rttvar {
				t.Errorf("srtt, rttvar = %v, %v; want %v, %v", e.srtt, e.rttvar, tt.srtt, tt.rttvar)
			}
			if got := e.rto(); got != tt.rto {
				t.Errorf("rto = %v, want %v", got, tt.rto)
			}
			if got := e.sendInterval(); got != tt.send {
				t.Errorf("sendInterval = %v, want %v", got, tt.send)
			}
		})
	}
}

func TestRTTSampleWraps(t *testing.T) {
	if got := rttSampleMS(5, 65530); got != 11 {
		t.Errorf("sample across the wrap = %v, want 11", got)
	}
}

func TestTimestampEcho(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name      string
		ts        uint16
		congested bool
		held      time.Duration
		want      uint16
	}{
		{"advanced by hold time", 47354, false, 97 * ms, 47451},
		{"zero hold", 100, false, 0, 100},
		{"wraps", 65530, false, 10 * ms, 4},
		{"expired at 1000 ms", 100, false, 1000 * ms, 0xFFFF},
		{"999 ms still echoed", 100, false, 999 * ms, 1099},
		{"none is not saved", 0xFFFF, false, 0, 0xFFFF},
		{"congestion costs 500 ms", 1000, true, 0, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e tsEcho
			e.save(tt.ts, 5*time.Second, tt.congested)
			if got := e.reply(5*time.Second + tt.held); got != tt.want {
				t.Errorf("reply = %d, want %d", got, tt.want)
			}
			if got := e.reply(5*time.Second + tt.held); got != 0xFFFF {
				t.Errorf("second reply = %d, want none (echoed once)", got)
			}
		})
	}
}

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
