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
