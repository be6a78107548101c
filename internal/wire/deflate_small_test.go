package wire

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestCompressLikeZlib checks that short inputs with no repeated string
// compress to exactly the bytes of C zlib's compress() at level 6
// (PROTOCOL.md §8). The expected streams were made with Python's
// zlib.compress, which calls the same C function.
func TestCompressLikeZlib(t *testing.T) {
	tests := []struct {
		name, src, zlib string
	}{
		{"empty", "", "789c030000000001"},
		{"heartbeat, no chaff", "0802100418052004280432003a00",
			"789ce360126091605560d1603162b062000005fd00f8"},
		{"heartbeat, 1 byte of chaff", "0802102818292027282832003a01a5",
			"789ce36012d090d05450d7d03062b0625c0a000ca4022d"},
		{"heartbeat, 8 bytes of chaff", "0802102818292027282832003a084dca182530bb1d6d",
			"789ce36012d090d05450d7d03062b0e2f03d25a16ab05b36170023c50458"},
		{"heartbeat, 16 bytes of chaff", "0802102818292027282832003a10132cded6237b2ed91e3f721fcb197117",
			"789ce36012d090d05450d7d03062b01210d6b9774db95aefa69c7d91fc69c942710059760789"},
		{"stored: 16 bytes of 9-bit literals", "909192939495969798999a9b9c9d9e9f",
			"789c011000efff909192939495969798999a9b9c9d9e9f4f380979"},
		{"stored: 64 bytes of 9-bit literals",
			"909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
			"789c014000bfff909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf3d2b2be1"},
		// PROTOCOL.md Appendix B.1-B.3: the compressed payloads real mosh sent.
		{"B.1 client resize", "080210001801200028003208" + "0a061a04285030183a00",
			"789ce360126090605460d06030e2e0629362d1083090b0620000105301de"},
		{"B.2 host Hello", "0802100018012001280032" + "0b0a09120722054865" + "6c6c6f3a00",
			"789ce360126090605460d46030e2e6e214625762f548cdc9c9b76200001a66033b"},
		{"B.3 keystroke with chaff", "08021001180220012801320" + "70a0512032201613a03010203",
			"789ce360126094605260d4603462e762156256624cb4626664620600128b01a4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, want := unhex(t, tt.src), unhex(t, tt.zlib)
			if hasRepeat(src) {
				t.Fatalf("test input repeats a 3-byte string")
			}
			if got := Compress(nil, src); !bytes.Equal(got, want) {
				t.Fatalf("Compress = %x\nwant       %x", got, want)
			}
		})
	}
}

// TestCompressSmallRoundTrip compresses random short inputs of every
// length up to past smallMax, with and without repeats and 9-bit
// literals, and inflates them back; a short input is never longer than
// zlib's choice between one fixed-Huffman block and a stored one.
func TestCompressSmallRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= smallMax+8; n++ {
		for _, span := range []int{2, 16, 144, 256} {
			src := make([]byte, n)
			for i := range src {
				src[i] = byte(r.IntN(span))
			}
			z := Compress(nil, src)
			back, err := Decompress(z)
			if err != nil || !bytes.Equal(back, src) {
				t.Fatalf("n=%d span=%d: round trip: %v", n, span, err)
			}
			// zlib's rule takes the stored block when its data and length
			// fields are no longer than the fixed block, so its 3-bit
			// header's byte may make it one byte longer.
			if limit := 6 + min(fixedBlockLen(src)+1, n+5); n <= smallMax && len(z) > limit {
				t.Fatalf("n=%d span=%d: %d bytes, more than %d", n, span, len(z), limit)
			}
		}
	}
}

func TestHasRepeat(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"", false},
		{"ab", false},
		{"abc", false},
		{"aaa", false},
		{"aaaa", true},
		{"abcabc", true},
		{"abcab", false},
		{"xabcyzabc", true},
	}
	for _, tt := range tests {
		if got := hasRepeat([]byte(tt.src)); got != tt.want {
			t.Errorf("hasRepeat(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func BenchmarkCompressHeartbeat(b *testing.B) {
	src := unhex(b, "0802102818292027282832003a084dca182530bb1d6d")
	buf := make([]byte, 0, 64)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		buf = Compress(buf[:0], src)
	}
}
