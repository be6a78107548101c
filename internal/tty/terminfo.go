package tty

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Capabilities are what the client's frame diff and start-up need to know of
// the user's terminal (DISPLAY.md §1.4, §7.1, §7.7; PROTOCOL.md §16.2).
type Capabilities struct {
	ECH    bool   // erase_chars: CSI n X works
	BCE    bool   // back_color_erase: erasing paints the current background
	Title  bool   // window title escapes are understood
	Colors int    // max_colors; 0 when unknown
	Smcup  string // enter_ca_mode, sent at start unless MOSH_NO_TERM_INIT
	Rmcup  string // exit_ca_mode, sent at exit
}

// Indices in the standard terminfo ordering (term(5), <term.h>).
const (
	boolBCE    = 28
	numColors  = 13
	strSmcup   = 28
	strECH     = 37
	strRmcup   = 40
	magic16bit = 0o432
	magic32bit = 0o1036
)

// maxTerminfo bounds what ParseTerminfo reads; real entries are a few KiB.
const maxTerminfo = 1 << 16

// titlePrefixes are the TERM values whose terminals take title escapes
// (PROTOCOL.md §16.2).
var titlePrefixes = []string{"xterm", "rxvt", "kterm", "Eterm", "alacritty", "screen", "tmux"}

// TitleCapable reports whether a terminal named termName understands the
// window-title escape sequences.
func TitleCapable(termName string) bool {
	for _, p := range titlePrefixes {
		if strings.HasPrefix(termName, p) {
			return true
		}
	}
	return false
}

// ParseTerminfo reads a compiled terminfo entry (the legacy 16-bit or the
// ncurses 6.1 32-bit number format) and returns the capabilities ssh-mosh
// uses. Title is not set here: it depends on the name (see TitleCapable).
func ParseTerminfo(r io.Reader) (Capabilities, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxTerminfo))
	if err != nil {
		return Capabilities{}, fmt.Errorf("tty: terminfo: %w", err)
	}
	var c Capabilities
	if len(data) < 12 {
		return c, errors.New("tty: terminfo: short header")
	}
	h := func(i int) int { return int(int16(binary.LittleEndian.Uint16(data[2*i:]))) }
	numSize := 2
	switch h(0) {
	case magic16bit:
	case magic32bit:
		numSize = 4
	default:
		return c, errors.New("tty: terminfo: bad magic number")
	}
	namesLen, nBools, nNums, nStrs, strTabLen := h(1), h(2), h(3), h(4), h(5)
	if namesLen < 0 || nBools < 0 || nNums < 0 || nStrs < 0 || strTabLen < 0 {
		return c, errors.New("tty: terminfo: bad header")
	}
	off := 12 + namesLen
	boolsAt := off
	off += nBools
	if off%2 == 1 {
		off++
	}
	numsAt := off
	off += nNums * numSize
	strsAt := off
	off += nStrs * 2
	tableAt := off
	if tableAt+strTabLen > len(data) {
		return c, errors.New("tty: terminfo: truncated")
	}
	if boolBCE < nBools {
		c.BCE = data[boolsAt+boolBCE] == 1
	}
	if numColors < nNums {
		p := numsAt + numColors*numSize
		if numSize == 2 {
			c.Colors = int(int16(binary.LittleEndian.Uint16(data[p:])))
		} else {
			c.Colors = int(int32(binary.LittleEndian.Uint32(data[p:])))
		}
		if c.Colors < 0 {
			c.Colors = 0
		}
	}
	str := func(i int) (string, bool) {
		if i >= nStrs {
			return "", false
		}
		o := int(int16(binary.LittleEndian.Uint16(data[strsAt+2*i:])))
		if o < 0 || o >= strTabLen {
			return "", false
		}
		s := data[tableAt+o : tableAt+strTabLen]
		if n := indexByte(s, 0); n >= 0 {
			s = s[:n]
		}
		return string(s), true
	}
	_, c.ECH = str(strECH)
	c.Smcup, _ = str(strSmcup)
	c.Rmcup, _ = str(strRmcup)
	return c, nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// terminfoDirs lists where compiled entries live, in ncurses' search order.
func terminfoDirs() []string {
	var dirs []string
	if d := os.Getenv("TERMINFO"); d != "" {
		dirs = append(dirs, d)
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".terminfo"))
	}
	if list := os.Getenv("TERMINFO_DIRS"); list != "" {
		dirs = append(dirs, strings.Split(list, ":")...)
	}
	return append(dirs, "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo")
}

// LookupCapabilities finds the terminfo entry of termName and returns its
// capabilities. An unknown terminal gets the conservative defaults mosh
// would use without terminfo: no ECH, no BCE, no alternate screen.
func LookupCapabilities(termName string) Capabilities {
	c, _ := findTerminfo(termName)
	c.Title = TitleCapable(termName)
	return c
}

// findTerminfo reads the first parsable entry named termName in the
// terminfo directories, under both the letter and the hex subdirectory
// layouts.
func findTerminfo(termName string) (Capabilities, bool) {
	if termName == "" || strings.ContainsAny(termName, "/\x00") || termName == "." || termName == ".." {
		return Capabilities{}, false
	}
	for _, dir := range terminfoDirs() {
		for _, sub := range []string{termName[:1], fmt.Sprintf("%x", termName[0])} {
			f, err := os.Open(filepath.Join(dir, sub, termName))
			if err != nil {
				continue
			}
			c, err := ParseTerminfo(f)
			f.Close()
			if err == nil {
				return c, true
			}
		}
	}
	return Capabilities{}, false
}
