package wire

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestFragmentCodec(t *testing.T) {
	tests := []struct {
		f    Fragment
		want string
	}{
		{Fragment{ID: 1, Num: 0, Final: true, Data: []byte{0x78, 0x9c}}, "0000000000000001 8000 789c"},
		{Fragment{ID: 0x0102030405060708, Num: 0x7FFF}, "0102030405060708 7fff"},
		{Fragment{ID: 3, Num: 2, Final: false, Data: []byte("x")}, "0000000000000003 0002 78"},
	}
	for _, tt := range tests {
		got := tt.f.Append(nil)
		if want := unhex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("Append(%+v) = %x, want %x", tt.f, got, want)
		}
		back, err := ParseFragment(got)
		if err != nil || back.ID != tt.f.ID || back.Num != tt.f.Num || back.Final != tt.f.Final || !bytes.Equal(back.Data, tt.f.Data) {
			t.Errorf("ParseFragment(%x) = %+v, %v", got, back, err)
		}
	}
	for n := 0; n < FragmentHeaderLen; n++ {
		if _, err := ParseFragment(make([]byte, n)); err != ErrShortFragment {
			t.Errorf("ParseFragment(%d bytes) err = %v", n, err)
		}
	}
}

// TestSplit is U5: payloads of 1214, 1215, 2428, 2429 bytes at the IPv4
// fragment size.
func TestSplit(t *testing.T) {
	tests := []struct {
		n     int
		sizes []int
	}{
		{1, []int{1}},
		{1214, []int{1214}},
		{1215, []int{1214, 1}},
		{2428, []int{1214, 1214}},
		{2429, []int{1214, 1214, 1}},
		{0, []int{0}},
	}
	for _, tt := range tests {
		payload := make([]byte, tt.n)
		frags := split(7, payload, 1214)
		if len(frags) != len(tt.sizes) {
			t.Errorf("%d bytes: %d fragments, want %d", tt.n, len(frags), len(tt.sizes))
			continue
		}
		for i, f := range frags {
			if f.ID != 7 || int(f.Num) != i || f.Final != (i == len(frags)-1) || len(f.Data) != tt.sizes[i] {
				t.Errorf("%d bytes: fragment %d = id %d num %d final %v len %d", tt.n, i, f.ID, f.Num, f.Final, len(f.Data))
			}
		}
	}
	if frags := split(1, make([]byte, MaxFragmentNum+2), 1); frags != nil {
		t.Errorf("split into %d fragments, want nil", len(frags))
	}
	if frags := split(1, make([]byte, MaxFragmentNum+1), 1); len(frags) != MaxFragmentNum+1 {
		t.Errorf("split into %d fragments, want %d", len(frags), MaxFragmentNum+1)
	}
}

// TestFragmenterIDs checks the id rule of §7.2 step 3.
func TestFragmenterIDs(t *testing.T) {
	base := Instruction{ProtocolVersion: 2, OldNum: 1, NewNum: 2, AckNum: 3, ThrowawayNum: 1, Diff: []byte("d"), Chaff: []byte{1}}
	steps := []struct {
		name    string
		change  func(*Instruction)
		maxData int
		wantID  uint64
	}{
		{"first", func(*Instruction) {}, 1214, 1},
		{"identical", func(*Instruction) {}, 1214, 1},
		{"diff only", func(in *Instruction) { in.Diff = []byte("other") }, 1214, 1},
		{"chaff", func(in *Instruction) { in.Chaff = []byte{2} }, 1214, 2},
		{"same again", func(in *Instruction) { in.Chaff = []byte{2} }, 1214, 2},
		{"fragment size", func(in *Instruction) { in.Chaff = []byte{2} }, 462, 3},
		{"new num", func(in *Instruction) { in.Chaff = []byte{2}; in.NewNum = 3 }, 462, 4},
		{"ack", func(in *Instruction) { in.Chaff = []byte{2}; in.NewNum = 3; in.AckNum = 9 }, 462, 5},
		{"old", func(in *Instruction) { in.Chaff = []byte{2}; in.NewNum = 3; in.AckNum = 9; in.OldNum = 2 }, 462, 6},
		{"throwaway", func(in *Instruction) {
			in.Chaff = []byte{2}
			in.NewNum = 3
			in.AckNum = 9
			in.OldNum = 2
			in.ThrowawayNum = 2
		}, 462, 7},
		{"version", func(in *Instruction) {
			in.Chaff = []byte{2}
			in.NewNum = 3
			in.AckNum = 9
			in.OldNum = 2
			in.ThrowawayNum = 2
			in.ProtocolVersion = 3
		}, 462, 8},
	}
	var f Fragmenter
	for _, s := range steps {
		in := base
		in.Chaff = bytes.Clone(base.Chaff)
		s.change(&in)
		frags := f.Fragments(&in, s.maxData)
		if len(frags) != 1 || frags[0].ID != s.wantID {
			t.Fatalf("%s: fragments %+v, want one with id %d", s.name, frags, s.wantID)
		}
		in.Chaff[0] = 0xFF // the Fragmenter must have kept its own copy
	}
}

// TestRoundTrip sends random instructions through Fragmenter and
// Reassembler, fragments shuffled and duplicated, with seeded randomness.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var f Fragmenter
	var ra Reassembler
	for i := 0; i < 40; i++ {
		diff := make([]byte, r.IntN(20000))
		for j := range diff {
			if r.IntN(4) == 0 { // partly random so it does not compress to nothing
				diff[j] = byte(r.Uint32())
			}
		}
		in := Instruction{ProtocolVersion: 2, OldNum: uint64(i), NewNum: uint64(i + 1), Diff: diff, Chaff: []byte{byte(i)}}
		frags := f.Fragments(&in, []int{1214, 1178, 462, 100}[i%4])
		order := r.Perm(len(frags))
		var got *Instruction
		for k, idx := range order {
			fr := frags[idx]
			if k > 0 && r.IntN(3) == 0 { // a duplicate of one already added
				if _, ok, err := ra.Add(frags[order[r.IntN(k)]]); ok || err != nil {
					t.Fatalf("%d: duplicate: ok=%v err=%v", i, ok, err)
				}
			}
			out, ok, err := ra.Add(fr)
			if err != nil {
				t.Fatalf("%d: Add: %v", i, err)
			}
			if ok != (k == len(order)-1) {
				t.Fatalf("%d: fragment %d/%d: ok = %v", i, k, len(order), ok)
			}
			got = out
		}
		if got == nil || !sameInstruction(got, &in) {
			t.Fatalf("%d: instruction did not survive", i)
		}
	}
}

func frag(id uint64, num uint16, final bool, data string) Fragment {
	return Fragment{ID: id, Num: num, Final: final, Data: []byte(data)}
}

// TestReassemblerRules checks §7.3 and the robust rules of §18.
func TestReassemblerRules(t *testing.T) {
	in := Instruction{ProtocolVersion: 2, NewNum: 1, Diff: []byte("hello")}
	payload := Compress(nil, in.Append(nil))
	a, b := string(payload[:5]), string(payload[5:])
	type step struct {
		f       Fragment
		ok      bool
		errLike string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"in order", []step{{frag(1, 0, false, a), false, ""}, {frag(1, 1, true, b), true, ""}}},
		{"final first", []step{{frag(1, 1, true, b), false, ""}, {frag(1, 0, false, a), true, ""}}},
		{"single", []step{{frag(4, 0, true, a+b), true, ""}}},
		{"redelivery after completion", []step{{frag(4, 0, true, a+b), true, ""}, {frag(4, 0, true, a+b), true, ""}}},
		{"mixed ids abort the first", []step{
			{frag(1, 0, false, a), false, ""}, {frag(2, 1, true, b), false, ""}, {frag(1, 1, true, b), false, ""},
			{frag(1, 0, false, a), true, ""}}},
		{"identical duplicate", []step{{frag(1, 0, false, a), false, ""}, {frag(1, 0, false, a), false, ""}, {frag(1, 1, true, b), true, ""}}},
		{"differing duplicate dropped", []step{
			{frag(1, 0, false, a), false, ""}, {frag(1, 0, false, "zzzzz"), false, "duplicate with different data"},
			{frag(1, 1, true, b), true, ""}}},
		{"final below stored", []step{
			{frag(1, 2, false, "x"), false, ""}, {frag(1, 1, true, b), false, "contradicts"},
			{frag(1, 0, false, a), false, ""}, {frag(1, 1, true, b), true, ""}}},
		{"second final differs", []step{
			{frag(1, 1, true, b), false, ""}, {frag(1, 2, true, "x"), false, "contradicts"},
			{frag(1, 0, false, a), false, ""}, {frag(1, 1, true, b), true, ""}}},
		{"beyond final", []step{{frag(1, 1, true, b), false, ""}, {frag(1, 5, false, "x"), false, "beyond final"}}},
		{"stray high number", []step{{frag(9, 0x7FFF, false, "x"), false, ""}, {frag(1, 0, true, a+b), true, ""}}},
		{"bad zlib", []step{{frag(1, 0, true, "not zlib"), false, "uncompress"}}},
		{"bad protobuf", []step{{frag(1, 0, true, string(Compress(nil, []byte{0x08}))), false, "malformed"}}},
		{"empty data", []step{{frag(1, 0, true, ""), false, "uncompress"}}},
	}
	for _, tt := range tests {
		var r Reassembler
		for i, s := range tt.steps {
			got, ok, err := r.Add(s.f)
			if ok != s.ok || (s.errLike == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), s.errLike)) {
				t.Errorf("%s: step %d: ok=%v err=%v; want ok=%v err like %q", tt.name, i, ok, err, s.ok, s.errLike)
				break
			}
			if err != nil && !strings.HasPrefix(err.Error(), "wire: ") {
				t.Errorf("%s: step %d: error %q lacks the package prefix", tt.name, i, err)
			}
			if ok && !sameInstruction(got, &in) {
				t.Errorf("%s: step %d: got %v", tt.name, i, got)
			}
		}
	}
}

func TestReassemblerByteCap(t *testing.T) {
	var r Reassembler
	chunk := string(make([]byte, 1<<20))
	for i := 0; i < 4; i++ {
		if _, _, err := r.Add(frag(1, uint16(i), false, chunk)); err != nil {
			t.Fatalf("fragment %d: %v", i, err)
		}
	}
	if _, _, err := r.Add(frag(1, 4, false, "x")); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("over the cap: err = %v", err)
	}
	if r.bytes != 0 || len(r.frags) != 0 {
		t.Fatalf("assembly not dropped: %d bytes, %d fragments", r.bytes, len(r.frags))
	}
}

// TestCompress checks the round trip and the zlib header: deflate with a
// 32 KB window, at level 6 (78 9C) as mosh for a short input written like
// C zlib (deflate_small.go), at flate's level 1 (78 01) otherwise
// (PROTOCOL.md §8); the level is only a hint that every inflater ignores.
func TestCompress(t *testing.T) {
	for _, tt := range []struct {
		n     int
		level byte
	}{{0, 0x9c}, {1, 0x9c}, {100, 0x01}, {70000, 0x01}} {
		src := bytes.Repeat([]byte("mosh "), tt.n)
		z := Compress([]byte{1}, src)
		if z[0] != 1 || z[1] != 0x78 || z[2] != tt.level {
			t.Fatalf("Compress header = %x", z[:3])
		}
		back, err := Decompress(z[1:])
		if err != nil || !bytes.Equal(back, src) {
			t.Fatalf("round trip of %d bytes: %v", len(src), err)
		}
	}
}

func TestDecompress(t *testing.T) {
	good := Compress(nil, []byte("hello"))
	badSum := bytes.Clone(good)
	badSum[len(badSum)-1] ^= 1
	tests := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"good", good, true},
		{"zlib level 6 from C (B.1)", unhex(t, "789ce360126090605460d06030e2e0629362d1083090b0620000105301de"), true},
		{"exactly 4 MiB", Compress(nil, make([]byte, MaxInstructionLen)), true},
		{"4 MiB + 1", Compress(nil, make([]byte, MaxInstructionLen+1)), false},
		{"empty", nil, false},
		{"header only", good[:2], false},
		{"truncated", good[:len(good)-1], false},
		{"bad checksum", badSum, false},
		{"raw deflate", good[2:], false},
		{"gzip", unhex(t, "1f8b08000000000000ff"), false},
	}
	for _, tt := range tests {
		_, err := Decompress(tt.in)
		if (err == nil) != tt.ok || (err != nil && !strings.HasPrefix(err.Error(), "wire: uncompress: ")) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

// TestCompressConcurrent compresses from several goroutines at once, so
// that the shared free list of zlib writers is exercised under -race and
// no writer is handed to two callers.
func TestCompressConcurrent(t *testing.T) {
	const workers, rounds = 6, 50
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			src := bytes.Repeat([]byte{byte('a' + w), 'x'}, 3000+w)
			for range rounds {
				back, err := Decompress(Compress(nil, src))
				if err != nil || !bytes.Equal(back, src) {
					errs <- fmt.Errorf("worker %d: round trip: %v", w, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
