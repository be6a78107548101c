package crypto

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

const testKey = "QUJDREVGR0hJSktMTU5PUA" // "ABCDEFGHIJKLMNOP", PROTOCOL.md Appendix B

// TestParseKey is U1 of INTEROP-TESTS.md §1.
func TestParseKey(t *testing.T) {
	tests := []struct {
		in, msg string
	}{
		{testKey, ""},
		{"QUJDREVGR0hJSktMTU5PU", "Key must be 22 letters long."},
		{"QUJDREVGR0hJSktMTU5PUAA", "Key must be 22 letters long."},
		{"", "Key must be 22 letters long."},
		{"QUJDREVGR0hJSktMTU5PU=", "Key must be well-formed base64."},
		{"QUJDREVGR0hJSktMTU5PU-", "Key must be well-formed base64."},
		{"QUJDREVGR0hJSktMTU5P_A", "Key must be well-formed base64."},
		{"QUJDREVGR0hJSktMTU5P\nA", "Key must be well-formed base64."},
		{"QUJDREVGR0hJSktMTU5PUB", "Base64 key was not encoded 128-bit key."},
		{"AAAAAAAAAAAAAAAAAAAAAw", ""},
		{"AAAAAAAAAAAAAAAAAAAAAx", "Base64 key was not encoded 128-bit key."},
	}
	for _, tt := range tests {
		k, err := ParseKey(tt.in)
		if tt.msg == "" {
			if err != nil || k.String() != tt.in {
				t.Errorf("ParseKey(%q) = %v, %v", tt.in, k, err)
			}
			continue
		}
		var ke *KeyError
		if !errors.As(err, &ke) || ke.Msg != tt.msg || err.Error() != "crypto: "+tt.msg {
			t.Errorf("ParseKey(%q) err = %v, want message %q", tt.in, err, tt.msg)
		}
	}
	k, _ := ParseKey(testKey)
	if string(k[:]) != "ABCDEFGHIJKLMNOP" {
		t.Errorf("key bytes = %q", k[:])
	}
}

func TestGenerateKey(t *testing.T) {
	r := rand.NewChaCha8([32]byte{1})
	for i := 0; i < 100; i++ {
		k, err := GenerateKey(r)
		if err != nil {
			t.Fatal(err)
		}
		s := k.String()
		if len(s) != KeyLen || !strings.ContainsRune("AQgw", rune(s[21])) {
			t.Fatalf("key %q: bad printable form", s)
		}
		if k2, err := ParseKey(s); err != nil || k2 != k {
			t.Fatalf("ParseKey(%q) = %v, %v", s, k2, err)
		}
	}
	if _, err := GenerateKey(strings.NewReader("short")); err == nil || !strings.HasPrefix(err.Error(), "crypto: ") {
		t.Errorf("GenerateKey(short reader) err = %v", err)
	}
}

// appendixB holds the datagrams of PROTOCOL.md Appendix B (U3).
var appendixB = []struct {
	name      string
	dir       Direction
	seq       uint64
	plaintext string
	datagram  string
}{
	{"B.1", ToServer, 0,
		"1234ffff00000000000000018000789ce360126090605460d06030e2e0629362d1083090b0620000105301de",
		"00000000000000009e72218b6f5cc2be616477e90a28b8ca2cf219fe51af16ef6f3c21c415f859709907f6c7c2076d5914b042f33bd3b9216672136e23c97e5a8482a544"},
	{"B.2", ToClient, 0,
		"12401234 0000000000000001 8000 789ce360126090605460d46030e2e6e214625762f548cdc9c9b76200001a66033b",
		"800000000000000063baf79264392f07229a71e8896d06f29221ebf682818123b4fecabacd51d0e0e6d78974b08ffb68bd38b245d2c607ea8d953833363b38897792d62c0106a5"},
	{"B.3", ToServer, 5,
		"20001ff0 0000000000000003 8000 789ce360126094605260d4603462e762156256624cb4626664620600128b01a4",
		"0000000000000005f906c59230e94405e347c670faf8ea4843bd2d49f26d4ebe68e8bafec630629219675c3473a43db1209b9f4b52f66846fe7f07a9a87ad6a1ee8dc385be68"},
	{"B.4", ToServer, 9,
		"3000ffff 0000000000000007 8000 789ce360126092f80f038c0a8c1a4c460c560c00850309e4",
		"00000000000000097f5ea0ef9cbb3c948430e99a016cd975d73cbb5a6d1f011ee1f2d9f9a56df29fede41075835e6bc01971e53d53ec39a9020782d0739b"},
}

func testSession(t testing.TB) *Session {
	k, err := ParseKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return NewSession(k)
}

func TestAppendixB(t *testing.T) {
	s := testSession(t)
	for _, tt := range appendixB {
		t.Run(tt.name, func(t *testing.T) {
			p, want := unhex(t, tt.plaintext), unhex(t, tt.datagram)
			got := s.Seal([]byte{0xAA}, tt.dir, tt.seq, p)
			if got[0] != 0xAA || !bytes.Equal(got[1:], want) {
				t.Fatalf("Seal = %x\nwant   %x", got[1:], want)
			}
			if len(want) != len(p)+Overhead {
				t.Fatalf("datagram length %d, plaintext %d", len(want), len(p))
			}
			dir, seq, pt, err := s.Open(nil, want)
			if err != nil || dir != tt.dir || seq != tt.seq || !bytes.Equal(pt, p) {
				t.Fatalf("Open = %v %d %x %v", dir, seq, pt, err)
			}
		})
	}
}

func TestOpenRejects(t *testing.T) {
	s := testSession(t)
	good := unhex(t, appendixB[1].datagram)
	other := NewSession(Key{1})
	tests := []struct {
		name string
		dg   []byte
		want error
	}{
		{"empty", nil, ErrShortDatagram},
		{"1 byte", []byte{0}, ErrShortDatagram},
		{"8 bytes", good[:8], ErrShortDatagram},
		{"23 bytes", good[:23], ErrShortDatagram},
		{"24 bytes", good[:24], ErrIntegrity},
		{"minus last byte", good[:len(good)-1], ErrIntegrity},
		{"minus tag", good[:len(good)-16], ErrIntegrity},
		{"other key", other.Seal(nil, ToClient, 0, []byte("hello")), ErrIntegrity},
	}
	for i := range good {
		for _, bit := range []byte{0x01, 0x80} {
			b := bytes.Clone(good)
			b[i] ^= bit
			tests = append(tests, struct {
				name string
				dg   []byte
				want error
			}{"flip", b, ErrIntegrity})
		}
	}
	for _, tt := range tests {
		if _, _, pt, err := s.Open(nil, tt.dg); !errors.Is(err, tt.want) || pt != nil {
			t.Errorf("%s: Open err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestSealOpenRoundTrip covers both directions, the sequence-number mask
// and lengths around block boundaries, with a reused buffer.
func TestSealOpenRoundTrip(t *testing.T) {
	s := testSession(t)
	r := rand.New(rand.NewPCG(1, 2))
	var buf, out []byte
	for i := 0; i < 300; i++ {
		p := make([]byte, r.IntN(70))
		for j := range p {
			p[j] = byte(r.Uint32())
		}
		dir := Direction(r.IntN(2))
		seq := r.Uint64()
		buf = s.Seal(buf[:0], dir, seq, p)
		if len(buf) != len(p)+Overhead || buf[0]>>7 != byte(dir) {
			t.Fatalf("bad datagram %x", buf)
		}
		d, sq, pt, err := s.Open(out[:0], buf)
		if err != nil || d != dir || sq != seq&MaxSeq || !bytes.Equal(pt, p) {
			t.Fatalf("round trip %d: %v %d %v", i, d, sq, err)
		}
		out = pt
	}
}

func TestBlocksSealed(t *testing.T) {
	s := testSession(t)
	want := uint64(0)
	for _, n := range []int{0, 1, 16, 17, 32, 1300} {
		s.Seal(nil, ToServer, 0, make([]byte, n))
		want += uint64((n + 15) / 16)
		if got := s.BlocksSealed(); got != want {
			t.Fatalf("after %d bytes: BlocksSealed = %d, want %d", n, got, want)
		}
	}
}

// BenchmarkSealOpen seals and opens a 1300-byte datagram with reused
// buffers; it must report 0 allocs/op.
func BenchmarkSealOpen(b *testing.B) {
	s := NewSession(Key{1, 2, 3})
	p := make([]byte, 1300-Overhead)
	dg := make([]byte, 0, 2048)
	pt := make([]byte, 0, 2048)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	var seq uint64
	for b.Loop() {
		dg = s.Seal(dg[:0], ToClient, seq, p)
		var err error
		if _, _, pt, err = s.Open(pt[:0], dg); err != nil {
			b.Fatal(err)
		}
		seq++
	}
}
