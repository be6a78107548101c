package ocb

import (
	"bytes"
	"crypto/aes"
	"encoding/hex"
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

// TestRFC7253SampleResults checks the sample results of RFC 7253 Appendix A
// (key 000102…0F, 16-byte tag).
func TestRFC7253SampleResults(t *testing.T) {
	seq := "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F2021222324252627"
	tests := []struct {
		nonce string
		adLen int // bytes of seq used as associated data
		pLen  int // bytes of seq used as plaintext
		out   string
	}{
		{"BBAA99887766554433221100", 0, 0, "785407BFFFC8AD9EDCC5520AC9111EE6"},
		{"BBAA99887766554433221101", 8, 8, "6820B3657B6F615A5725BDA0D3B4EB3A257C9AF1F8F03009"},
		{"BBAA99887766554433221102", 8, 0, "81017F8203F081277152FADE694A0A00"},
		{"BBAA99887766554433221103", 0, 8, "45DD69F8F5AAE72414054CD1F35D82760B2CD00D2F99BFA9"},
		{"BBAA99887766554433221104", 16, 16, "571D535B60B277188BE5147170A9A22C3AD7A4FF3835B8C5701C1CCEC8FC3358"},
		{"BBAA99887766554433221105", 16, 0, "8CF761B6902EF764462AD86498CA6B97"},
		{"BBAA99887766554433221106", 0, 16, "5CE88EC2E0692706A915C00AEB8B2396F40E1C743F52436BDF06D8FA1ECA343D"},
		{"BBAA99887766554433221107", 24, 24, "1CA2207308C87C010756104D8840CE1952F09673A448A122C92C62241051F57356D7F3C90BB0E07F"},
		{"BBAA99887766554433221108", 24, 0, "6DC225A071FC1B9F7C69F93B0F1E10DE"},
		{"BBAA99887766554433221109", 0, 24, "221BD0DE7FA6FE993ECCD769460A0AF2D6CDED0C395B1C3CE725F32494B9F914D85C0B1EB38357FF"},
		{"BBAA9988776655443322110A", 32, 32, "BD6F6C496201C69296C11EFD138A467ABD3C707924B964DEAFFC40319AF5A48540FBBA186C5553C68AD9F592A79A4240"},
		{"BBAA9988776655443322110B", 32, 0, "FE80690BEE8A485D11F32965BC9D2A32"},
		{"BBAA9988776655443322110C", 0, 32, "2942BFC773BDA23CABC6ACFD9BFD5835BD300F0973792EF46040C53F1432BCDFB5E1DDE3BC18A5F840B52E653444D5DF"},
		{"BBAA9988776655443322110D", 40, 40, "D5CA91748410C1751FF8A2F618255B68A0A12E093FF454606E59F9C1D0DDC54B65E8628E568BAD7AED07BA06A4A69483A7035490C5769E60"},
		{"BBAA9988776655443322110E", 40, 0, "C5CD9D1850C141E358649994EE701B68"},
		{"BBAA9988776655443322110F", 0, 40, "4412923493C57D5DE0D700F753CCE0D1D2D95060122E9F15A5DDBFC5787E50B5CC55EE507BCB084E479AD363AC366B95A98CA5F3000B1479"},
	}
	all := unhex(t, seq)
	a, err := New(unhex(t, "000102030405060708090A0B0C0D0E0F"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.nonce, func(t *testing.T) {
			checkVector(t, a, unhex(t, tt.nonce), all[:tt.adLen], all[:tt.pLen], unhex(t, tt.out))
		})
	}
}

func checkVector(t *testing.T, a *AEAD, nonce, ad, p, want []byte) {
	t.Helper()
	got := a.Seal([]byte("prefix"), nonce, p, ad)
	if !bytes.Equal(got[6:], want) || string(got[:6]) != "prefix" {
		t.Fatalf("Seal = %X, want %X", got[6:], want)
	}
	pt, err := a.Open(nil, nonce, want, ad)
	if err != nil || !bytes.Equal(pt, p) {
		t.Fatalf("Open = %X, %v; want %X", pt, err, p)
	}
	for i := range want {
		bad := bytes.Clone(want)
		bad[i] ^= 0x40
		if _, err := a.Open(nil, nonce, bad, ad); err != ErrOpen {
			t.Fatalf("Open with byte %d flipped: err = %v, want ErrOpen", i, err)
		}
	}
}

// TestRFC7253Taglen96 is the 96-bit-tag sample of RFC 7253 Appendix A.
func TestRFC7253Taglen96(t *testing.T) {
	b, _ := aes.NewCipher(unhex(t, "0F0E0D0C0B0A09080706050403020100"))
	a, err := NewWithSizes(b, 12, 12)
	if err != nil {
		t.Fatal(err)
	}
	s := unhex(t, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F2021222324252627")
	checkVector(t, a, unhex(t, "BBAA9988776655443322110D"), s, s,
		unhex(t, "1792A4E31E0755FB03E31B22116E6C2DDF9EFD6E33D536F1A0124B0A55BAE884ED93481529C76B6AD0C515F4D1CDD4FDAC4F02AA"))
}

// TestRFC7253Iterated runs the procedure at the end of RFC 7253 Appendix A,
// which covers 384 message shapes for each key and tag length.
func TestRFC7253Iterated(t *testing.T) {
	tests := []struct {
		keyLen, tagLen int // bits
		out            string
	}{
		{128, 128, "67E944D23256C5E0B6C61FA22FDF1EA2"},
		{192, 128, "F673F2C3E7174AAE7BAE986CA9F29E17"},
		{256, 128, "D90EB8E9C977C88B79DD793D7FFA161C"},
		{128, 96, "77A3D8E73589158D25D01209"},
		{192, 96, "05D56EAD2752C86BE6932C5E"},
		{256, 96, "5458359AC23B0CBA9E6330DD"},
		{128, 64, "192C9B7BD90BA06A"},
		{192, 64, "0066BC6E0EF34E24"},
		{256, 64, "7D4EA5D445501CBE"},
	}
	for _, tt := range tests {
		key := make([]byte, tt.keyLen/8)
		key[len(key)-1] = byte(tt.tagLen)
		b, _ := aes.NewCipher(key)
		a, err := NewWithSizes(b, 12, tt.tagLen/8)
		if err != nil {
			t.Fatal(err)
		}
		nonce := func(n int) []byte {
			var b [12]byte
			b[10], b[11] = byte(n>>8), byte(n)
			return b[:]
		}
		var c []byte
		for i := 0; i < 128; i++ {
			s := make([]byte, i)
			c = a.Seal(c, nonce(3*i+1), s, s)
			c = a.Seal(c, nonce(3*i+2), s, nil)
			c = a.Seal(c, nonce(3*i+3), nil, s)
		}
		got := a.Seal(nil, nonce(385), nil, c)
		if want := unhex(t, tt.out); !bytes.Equal(got, want) {
			t.Errorf("KEYLEN %d TAGLEN %d: %X, want %X", tt.keyLen, tt.tagLen, got, want)
		}
	}
}

// TestMoshVectors are the vectors of mosh's own test suite quoted in
// PROTOCOL.md §2.
func TestMoshVectors(t *testing.T) {
	a, err := New(unhex(t, "000102030405060708090A0B0C0D0E0F"))
	if err != nil {
		t.Fatal(err)
	}
	nonce := unhex(t, "000102030405060708090A0B")
	checkVector(t, a, nonce, nil, nil, unhex(t, "197B9C3C441D3C83EAFB2BEF633B9182"))
	p := unhex(t, "0001020304050607")
	checkVector(t, a, nonce, p, p, unhex(t, "92B657130A74B85A16DC76A46D47E1EAD537209E8A96D14E"))
}

// TestInPlaceAndLengths round-trips every length up to a few blocks, in
// place and into a separate buffer, across Ktop cache hits and misses.
func TestInPlaceAndLengths(t *testing.T) {
	a, _ := New(make([]byte, 16))
	for n := 0; n < 100; n++ {
		nonce := []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(n / 3), byte(n * 7)}
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(i * 31)
		}
		sep := a.Seal(nil, nonce, p, nil)
		buf := append(make([]byte, 0, n+TagSize), p...)
		inPlace := a.Seal(buf[:0], nonce, buf, nil)
		if !bytes.Equal(sep, inPlace) {
			t.Fatalf("len %d: in-place seal differs", n)
		}
		got, err := a.Open(inPlace[:0], nonce, inPlace, nil)
		if err != nil || !bytes.Equal(got, p) {
			t.Fatalf("len %d: in-place open = %v", n, err)
		}
	}
}

func TestConstructorErrors(t *testing.T) {
	if _, err := New(make([]byte, 15)); err == nil || !strings.HasPrefix(err.Error(), "ocb: ") {
		t.Errorf("New(15-byte key) err = %v", err)
	}
	b, _ := aes.NewCipher(make([]byte, 16))
	for _, sz := range [][2]int{{0, 16}, {16, 16}, {12, 0}, {12, 17}} {
		if _, err := NewWithSizes(b, sz[0], sz[1]); err == nil {
			t.Errorf("NewWithSizes(nonce %d, tag %d) accepted", sz[0], sz[1])
		}
	}
	a, _ := New(make([]byte, 16))
	if _, err := a.Open(nil, make([]byte, 12), make([]byte, 15), nil); err != ErrOpen {
		t.Errorf("Open(short) err = %v", err)
	}
}

func BenchmarkSeal1300(b *testing.B) { benchAEAD(b, true) }
func BenchmarkOpen1300(b *testing.B) { benchAEAD(b, false) }

func benchAEAD(b *testing.B, seal bool) {
	a, _ := New(make([]byte, 16))
	p := make([]byte, 1300)
	nonce := make([]byte, 12)
	ct := a.Seal(nil, nonce, p, nil)
	buf := make([]byte, 0, 2048)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if seal {
			buf = a.Seal(buf[:0], nonce, p, nil)
		} else if _, err := a.Open(buf[:0], nonce, ct, nil); err != nil {
			b.Fatal(err)
		}
	}
}
