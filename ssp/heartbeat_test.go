package ssp_test

import (
	"testing"
	"time"

	"ssh-mosh/internal/wire"
)

// TestIdleHeartbeatSize pins the size of idle heartbeats to what mosh
// 1.4.0 sends for the same instruction (PROTOCOL.md §3, §8, §10.4.4): an
// empty-diff instruction with 0–16 bytes of chaff, compressed as C zlib's
// compress() does it, one final fixed-Huffman block (stored if that is
// no longer), inside the 38 bytes of datagram overhead. The expected size
// is worked out here from the instruction alone, independently of
// package wire's encoder.
func TestIdleHeartbeatSize(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		p := newPair(t, seed, nil)
		p.net.Links[0].Delay = 30 * time.Millisecond
		p.net.Links[1].Delay = 30 * time.Millisecond
		log := p.record(t)
		p.c.SetCurrentState(p.c.CurrentState().Append([]byte("resize")))
		p.net.Kick()
		p.net.Advance(60*time.Second, 100000)
		var beats, bytes int
		for _, s := range *log {
			if s.in == nil || len(s.in.Diff) != 0 || s.in.NewNum == wire.ShutdownNum {
				continue
			}
			ser := s.in.Append(nil)
			if repeats3(ser) {
				continue // zlib could find a match; no exact size to expect
			}
			want := 38 + zlibLiteralLen(ser) // 38 bytes of overhead: PROTOCOL.md §3
			if s.len != want {
				t.Errorf("seed %d: heartbeat %s at %v: %d bytes, mosh sends %d", seed, s.in, s.at, s.len, want)
			}
			beats++
			bytes += s.len
		}
		if beats < 30 {
			t.Fatalf("seed %d: only %d idle heartbeats in a minute each way", seed, beats)
		}
		t.Logf("seed %d: %d heartbeats, %.1f bytes each", seed, beats, float64(bytes)/float64(beats))
	}
}

// zlibLiteralLen is the length of C zlib's stream for src when zlib finds
// no match: header (2), one final block, Adler-32 (4). The block is fixed
// Huffman (3 header bits, 8 bits per byte below 144 and 9 above, 7 bits
// of end of block, rounded up) unless a stored block's data and length
// fields (len+4) are no longer, when it is stored (1+4+len).
func zlibLiteralLen(src []byte) int {
	bits := 3 + 7
	for _, c := range src {
		bits += 8
		if c >= 144 {
			bits++
		}
	}
	block := (bits + 7) / 8
	if len(src)+4 <= block {
		block = 1 + 4 + len(src)
	}
	return 2 + block + 4
}

// repeats3 reports whether a 3-byte string occurs twice in b.
func repeats3(b []byte) bool {
	seen := map[string]bool{}
	for i := 0; i+3 <= len(b); i++ {
		if seen[string(b[i:i+3])] {
			return true
		}
		seen[string(b[i:i+3])] = true
	}
	return false
}
