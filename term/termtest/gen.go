// Package termtest generates random host output (text, wide and combining
// characters, cursor moves, erases, scrolling regions, renditions, modes,
// titles) for the property tests of term/display and internal/statesync. It
// is pure and deterministic for a given *rand.Rand; it is not an emulator.
package termtest

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Pieces of host output the random generator draws from. Queries (DA,
// DSR) are left out on purpose: the server answers them, and they never
// reach a frame.
var (
	Text = []string{
		"a", "b", "x", "Z", " ", "hello", "$ ", "0123456789", "~", "é", "ß",
		"中", "文字", "日本語", "😀", "ｱ", "Ａ", // wide
		"\u0301", "e\u0301", "a\u0308\u0323", "\u20dd", // combining, fallback
		"\u00a0", "\u200b",
	}
	genControl = []string{
		"\r", "\n", "\r\n", "\b", "\t", "\a", "\x1bD", "\x1bE", "\x1bM", "\x1bH",
		"\x1b7", "\x1b8", "\x1b#8",
	}
	Modes = []int{5, 25, 2004, 9, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1015, 1007, 1, 6, 7, 47, 1049}
)

// Chunk returns a random piece of host output for a w×h screen.
func Chunk(r *rand.Rand, w, h int) string { return ChunkFrom(r, w, h, Text, Modes) }

// ChunkFrom is Chunk drawing text and modes from the given lists.
func ChunkFrom(r *rand.Rand, w, h int, text []string, modes []int) string {
	var b strings.Builder
	n := 1 + r.IntN(12)
	for range n {
		genOne(r, &b, w, h, text, modes)
	}
	return b.String()
}

func num(r *rand.Rand, limit int) string { return strconv.Itoa(r.IntN(limit + 1)) }

func genOne(r *rand.Rand, b *strings.Builder, w, h int, text []string, modes []int) {
	switch k := r.IntN(100); {
	case k < 35:
		for range 1 + r.IntN(4) {
			b.WriteString(text[r.IntN(len(text))])
		}
	case k < 42:
		b.WriteString(strings.Repeat(text[r.IntN(4)], r.IntN(2*w)))
	case k < 52:
		b.WriteString(genControl[r.IntN(len(genControl))])
	case k < 60:
		b.WriteString("\x1b[" + num(r, h+1) + ";" + num(r, w+1) + "H")
	case k < 68:
		genSGR(r, b)
	case k < 78:
		// erase, insert and delete, scroll
		ops := []string{"J", "K", "X", "L", "M", "@", "P", "S", "T", "A", "B", "C", "D", "G", "d", "I", "Z", "g"}
		b.WriteString("\x1b[" + num(r, 4) + ops[r.IntN(len(ops))])
	case k < 84:
		top := 1 + r.IntN(h)
		b.WriteString("\x1b[" + strconv.Itoa(top) + ";" + strconv.Itoa(top+r.IntN(h)) + "r")
		b.WriteString(strings.Repeat("\n", r.IntN(h+1)))
		if r.IntN(2) == 0 {
			b.WriteString("\x1b[r")
		}
	case k < 90:
		m := modes[r.IntN(len(modes))]
		on := "h"
		if r.IntN(2) == 0 {
			on = "l"
		}
		b.WriteString("\x1b[?" + strconv.Itoa(m) + on)
	case k < 93:
		b.WriteString([]string{"\x1b[4h", "\x1b[4l", "\x1b[!p", "\x1bc"}[r.IntN(4)])
	case k < 97:
		titles := []string{"", "T", "title", "漢字", "A"}
		b.WriteString("\x1b]" + strconv.Itoa([]int{0, 1, 2}[r.IntN(3)]) + ";" + titles[r.IntN(len(titles))] + "\a")
	default:
		clips := []string{"", "aGk=", "Zm9v"}
		b.WriteString("\x1b]52;c;" + clips[r.IntN(len(clips))] + "\a")
	}
}

func genSGR(r *rand.Rand, b *strings.Builder) {
	b.WriteString("\x1b[")
	for i := range 1 + r.IntN(3) {
		if i > 0 {
			b.WriteByte(';')
		}
		switch r.IntN(6) {
		case 0:
			b.WriteString(strconv.Itoa([]int{0, 1, 3, 4, 5, 7, 8, 22, 24, 27}[r.IntN(10)]))
		case 1:
			b.WriteString(strconv.Itoa(30 + r.IntN(10)))
		case 2:
			b.WriteString(strconv.Itoa(40 + r.IntN(10)))
		case 3:
			b.WriteString("38;5;" + num(r, 255))
		case 4:
			b.WriteString("48;5;" + num(r, 255))
		default:
			b.WriteString("48;2;" + num(r, 255) + ";" + num(r, 255) + ";" + num(r, 255))
		}
	}
	b.WriteByte('m')
}
