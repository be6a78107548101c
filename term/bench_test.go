package term

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
)

// seqOutput is what `seq 1 n` prints, with the pty's CR LF line ends.
func seqOutput(n int) []byte {
	var b []byte
	for i := 1; i <= n; i++ {
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, '\r', '\n')
	}
	return b
}

// plainText is a page of prose, as `cat` of a text file shows it.
func plainText() []byte {
	line := "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\r\n"
	return bytes.Repeat([]byte(line), 2000)
}

// lsColor imitates `ls --color -l` output: an SGR sequence per name.
func lsColor() []byte {
	var b bytes.Buffer
	colors := []string{"01;34", "01;32", "00", "01;36", "38;5;208", "01;35"}
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&b, "-rw-r--r-- 1 user user %7d Nov 24 16:00 \x1b[0m\x1b[%smfile-%04d.txt\x1b[0m\r\n",
			i*37, colors[i%len(colors)], i)
	}
	return b.Bytes()
}

// utf8Text is CJK and emoji text with combining marks.
func utf8Text() []byte {
	line := "中文字符和日本語のテキスト 😀👍 café naïve e\u0301\r\n"
	return bytes.Repeat([]byte(line), 2000)
}

func benchWrite(b *testing.B, data []byte) {
	e := New(80, 24)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		e.Write(data)
	}
}

func BenchmarkWriteSeq(b *testing.B)     { benchWrite(b, seqOutput(1000000)) }
func BenchmarkWritePlain(b *testing.B)   { benchWrite(b, plainText()) }
func BenchmarkWriteLsColor(b *testing.B) { benchWrite(b, lsColor()) }
func BenchmarkWriteUTF8(b *testing.B)    { benchWrite(b, utf8Text()) }

// BenchmarkWriteSeqCloned clones the framebuffer after every 16 KiB chunk,
// as the server does when it keeps the state it sent.
func BenchmarkWriteSeqCloned(b *testing.B) {
	data := seqOutput(100000)
	e := New(80, 24)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for off := 0; off < len(data); off += 16384 {
			e.Write(data[off:min(off+16384, len(data))])
			_ = e.Framebuffer().Clone()
		}
	}
}

// BenchmarkFramebufferEqual compares a screen with a clone that differs in
// its last row, the server's "did anything change" test.
func BenchmarkFramebufferEqual(b *testing.B) {
	e := New(80, 24)
	e.Write(lsColor()[:20000])
	a := e.Framebuffer().Clone()
	c := e.Framebuffer()
	c.MutableRow(23).SetCell(79, NewCell("x", Renditions{}, false))
	b.ReportAllocs()
	for range b.N {
		if a.Equal(c) {
			b.Fatal("equal")
		}
	}
}

// BenchmarkWriteSeqServer is the server's side of `seq 1 1000000`: the
// output arrives in 4 KiB pty reads and the framebuffer is cloned for the
// transport about every 256 KiB (a frame every few tens of milliseconds
// at the rate the pty delivers it).
func BenchmarkWriteSeqServer(b *testing.B) {
	data := seqOutput(1000000)
	e := New(80, 24)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for off := 0; off < len(data); off += 4096 {
			e.Write(data[off:min(off+4096, len(data))])
			if off%(256<<10) == 0 {
				_ = e.Framebuffer().Clone()
			}
		}
	}
}
