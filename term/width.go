package term

//go:generate go run gen_width.go ../../shared/spec/WCWIDTH.md

// widthRange is an inclusive range of code points.
type widthRange struct{ lo, hi uint32 }

// inTable reports whether ch lies in one of the sorted ranges.
func inTable(t []widthRange, ch rune) bool {
	c := uint32(ch)
	lo, hi := 0, len(t)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case c < t[m].lo:
			hi = m
		case c > t[m].hi:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}

// Width returns the number of cells mosh's emulator gives code point ch
// (TERMINAL.md §4.1): -1 for NUL and unprintable characters (they are
// dropped), 1 for printable ISO 8859-1 without a lookup, otherwise glibc
// 2.36's wcwidth (WCWIDTH.md): 0 for combining characters, 2 for wide ones.
func Width(ch rune) int {
	if ch < 0x7f {
		if ch >= 0x20 {
			return 1
		}
		return -1
	}
	if ch >= 0xa0 && ch <= 0xff {
		return 1
	}
	return WCWidth(ch)
}

// bmpWidth caches WCWidth for the Basic Multilingual Plane, where nearly
// all text lives, so printing does not search the range tables.
var bmpWidth = func() *[0x10000]int8 {
	var t [0x10000]int8
	for i := range t {
		t[i] = 1
	}
	// The three tables are disjoint; a code point in none has width 1.
	for _, tw := range []struct {
		ranges []widthRange
		w      int8
	}{{widthZero, 0}, {widthTwo, 2}, {widthNone, -1}} {
		for _, r := range tw.ranges {
			for c := r.lo; c <= r.hi && c < 0x10000; c++ {
				t[c] = tw.w
			}
		}
	}
	return &t
}()

// WCWidth is glibc 2.36's wcwidth for ch, as WCWIDTH.md lists it (NUL is
// 0 here, as in glibc). The prediction engine uses it directly.
func WCWidth(ch rune) int {
	if ch >= 0 && ch < 0x10000 {
		return int(bmpWidth[ch])
	}
	return wcwidthSearch(ch)
}

// wcwidthSearch looks ch up in the generated range tables.
func wcwidthSearch(ch rune) int {
	switch {
	case ch < 0 || ch > 0x10ffff:
		return -1
	case inTable(widthZero, ch):
		return 0
	case inTable(widthTwo, ch):
		return 2
	case inTable(widthNone, ch):
		return -1
	}
	return 1
}
