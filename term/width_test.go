package term

import "testing"

// TestBMPWidthTable checks the cached table against the range search for
// every code point of the Basic Multilingual Plane.
func TestBMPWidthTable(t *testing.T) {
	for ch := rune(0); ch < 0x10000; ch++ {
		if got, want := int(bmpWidth[ch]), wcwidthSearch(ch); got != want {
			t.Fatalf("U+%04X: table %d, search %d", ch, got, want)
		}
	}
}
