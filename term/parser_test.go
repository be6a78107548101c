package term

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is an actionHandler that writes the actions as text.
type recorder struct{ b strings.Builder }

func (r *recorder) print(ch rune)   { fmt.Fprintf(&r.b, "P%c ", ch) }
func (r *recorder) execute(ch rune) { fmt.Fprintf(&r.b, "X%02x ", ch) }
func (r *recorder) escDispatch(p *parser, final rune) {
	fmt.Fprintf(&r.b, "E%q%c ", p.inter[:p.ninter], final)
}
func (r *recorder) csiDispatch(p *parser, final rune) {
	fmt.Fprintf(&r.b, "C%q%v%c ", p.inter[:p.ninter], p.params[:p.nparams], final)
}
func (r *recorder) oscEnd(s []rune) { fmt.Fprintf(&r.b, "O%q ", string(s)) }

func TestParserActions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\x07", "Pa X07"},
		{"\x1b[1;22m", `C""[1 22]m`},
		{"\x1b[m", `C""[-1]m`},
		{"\x1b[1;;3H", `C""[1 -1 3]H`},
		{"\x1b[5;m", `C""[5 -1]m`},
		{"\x1b[70000m", `C""[-1]m`},
		{"\x1b[?25h", `C"?"[25]h`},
		{"\x1b[>c", `C">"[-1]c`},
		{"\x1b[!p", `C"!"[-1]p`},
		{"\x1b[1\x0a2H", `X0a C""[12]H`},
		{"\x1b[1\x18H", "X18 PH"},
		{"\x1b[38:2:1m", ""},
		{"\x1b[1?m", ""},
		{"\x1b(B", `E"("B`},
		{"\x1b7", `E""7`},
		{"\x1bD", `E""D`},
		{"\x1b]0;t\x07", `O"0;t"`},
		{"\x1b]0;t\x1b\\", `O"0;t" E""\`},
		{"\x1b]2;a\x18b", `O"2;a" X18 Pb`},
		{"\x1b]2;a\x01\x7fb\x07", "O\"2;a\\x7fb\""},
		{"\x1bPq#0\x07\x1b\\x", `E""\ Px`},
		{"\x1b_apc\u009c", ""},
		{"\u009b2J", `C""[2]J`},
		{"\u0085", "X85"},
		{"\x1b[é", `C""[-1]é`},
		{"\x1b[" + strings.Repeat("1", 150) + "m", `C""[-1]m`},
		{"\x1b[" + strings.Repeat(";", 150) + "m", fmt.Sprintf(`C""%vm`, minusOnes(101))},
		{"\x1b[" + strings.Repeat(" ", 10) + "m", `C"        "[-1]m`},
	}
	for _, tt := range tests {
		var p parser
		var r recorder
		for _, ch := range tt.in {
			p.step(ch, &r)
		}
		if got := strings.TrimSpace(r.b.String()); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func minusOnes(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

func TestParserOSCBounded(t *testing.T) {
	var p parser
	var r recorder
	p.step(0x1b, &r)
	p.step(']', &r)
	for i := 0; i < 100000; i++ {
		p.step('x', &r)
	}
	if len(p.osc) != maxOSC {
		t.Errorf("osc length %d, want %d", len(p.osc), maxOSC)
	}
}
