package term

import "testing"

// TestWrapPending checks which functions keep the wrap-pending flag
// (TERMINAL.md §2.7: HT, CHT, CBT, TBC, DECSET, DECRST and SGR) and which
// clear it (everything else, even unknown sequences and NUL).
func TestWrapPending(t *testing.T) {
	tests := []struct {
		seq  string
		keep bool
	}{
		{"\x1b[1m", true},
		{"\x1b[?25l", true},
		{"\x1b[?25h", true},
		{"\x1b[g", true},
		{"\x1b[3g", true},
		{"\t", true},
		{"\x1b[I", true},
		{"\x1b[Z", true},
		{"\x7f", true},
		{"\u0378", true},
		{"\x00", false},
		{"\x05", false},
		{"\x1b[4h", false},
		{"\x1b[C", false},
		{"\x1b[s", false},
		{"\x1b[?6n", false},
		{"\x1b(B", false},
		{"\x1b7", false},
		{"\x1b]0;x\x07", true},
		{"\x07", false},
	}
	for _, tt := range tests {
		e := New(10, 3)
		e.WriteString("0123456789" + tt.seq)
		if got := e.Framebuffer().DS.NextPrintWillWrap; got != tt.keep {
			t.Errorf("%q: wrap-pending %v, want %v", tt.seq, got, tt.keep)
		}
	}
}
