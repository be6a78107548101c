package tty

import (
	"bytes"
	"os"
	"testing"
)

func TestLookupCapabilitiesXterm256(t *testing.T) {
	if _, err := os.Stat("/lib/terminfo/x/xterm-256color"); err != nil {
		if _, err := os.Stat("/usr/share/terminfo/x/xterm-256color"); err != nil {
			t.Skip("no xterm-256color terminfo entry on this machine")
		}
	}
	t.Setenv("TERMINFO", "")
	t.Setenv("TERMINFO_DIRS", "")
	c := LookupCapabilities("xterm-256color")
	want := Capabilities{
		ECH: true, BCE: true, Title: true, Colors: 256,
		Smcup: "\x1b[?1049h\x1b[22;0;0t",
		Rmcup: "\x1b[?1049l\x1b[23;0;0t",
	}
	if c != want {
		t.Errorf("got %#v\nwant %#v", c, want)
	}
}

func TestLookupCapabilitiesUnknown(t *testing.T) {
	for _, name := range []string{"", "no-such-terminal-xyz", "../../etc/passwd", "."} {
		c := LookupCapabilities(name)
		if c.ECH || c.BCE || c.Smcup != "" || c.Title {
			t.Errorf("%q: got %+v, want no capabilities", name, c)
		}
	}
}

func TestTitleCapable(t *testing.T) {
	for name, want := range map[string]bool{
		"xterm": true, "xterm-256color": true, "screen.xterm": true, "tmux-256color": true,
		"alacritty": true, "rxvt-unicode": true, "linux": false, "vt100": false, "dumb": false,
	} {
		if got := TitleCapable(name); got != want {
			t.Errorf("TitleCapable(%q) = %v, want %v", name, got, want)
		}
	}
}

// entry builds a compiled terminfo entry in the 16-bit format.
func entry(bools []byte, nums []int16, strs map[int]string) []byte {
	var b bytes.Buffer
	names := "test|test entry\x00"
	maxStr := 0
	for i := range strs {
		if i+1 > maxStr {
			maxStr = i + 1
		}
	}
	var table bytes.Buffer
	offs := make([]int16, maxStr)
	for i := range offs {
		offs[i] = -1
	}
	for i := 0; i < maxStr; i++ {
		if s, ok := strs[i]; ok {
			offs[i] = int16(table.Len())
			table.WriteString(s + "\x00")
		}
	}
	le := func(v int16) { b.WriteByte(byte(v)); b.WriteByte(byte(uint16(v) >> 8)) }
	for _, v := range []int16{0o432, int16(len(names)), int16(len(bools)), int16(len(nums)), int16(maxStr), int16(table.Len())} {
		le(v)
	}
	b.WriteString(names)
	b.Write(bools)
	if (len(names)+len(bools))%2 == 1 {
		b.WriteByte(0)
	}
	for _, n := range nums {
		le(n)
	}
	for _, o := range offs {
		le(o)
	}
	b.Write(table.Bytes())
	return b.Bytes()
}

func TestParseTerminfo16(t *testing.T) {
	bools := make([]byte, 29)
	bools[boolBCE] = 1
	nums := make([]int16, 14)
	nums[numColors] = 8
	data := entry(bools, nums, map[int]string{strSmcup: "\x1b7", strRmcup: "\x1b8", strECH: "\x1b[%p1%dX"})
	c, err := ParseTerminfo(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !c.BCE || !c.ECH || c.Colors != 8 || c.Smcup != "\x1b7" || c.Rmcup != "\x1b8" {
		t.Errorf("got %#v", c)
	}
	// No ech, no bce: a minimal terminal.
	c, err = ParseTerminfo(bytes.NewReader(entry(make([]byte, 2), nil, nil)))
	if err != nil || c.BCE || c.ECH || c.Colors != 0 {
		t.Errorf("minimal: %+v, %v", c, err)
	}
}

func FuzzParseTerminfo(f *testing.F) {
	bools := make([]byte, 29)
	f.Add(entry(bools, make([]int16, 14), map[int]string{strECH: "x"}))
	f.Add([]byte{0x1e, 0x02, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseTerminfo(bytes.NewReader(data)) // must not panic
	})
}
