package wire

import (
	"encoding/binary"
	"hash/adler32"
)

// smallMax is the largest serialized instruction that compressTo encodes
// with appendSmallZlib. Idle heartbeats (14 bytes plus 0–16 bytes of
// chaff), acks, keystrokes and echo acks all fit.
const smallMax = 256

// The small-block encoder exists because Go's compress/flate closes every
// stream with an empty stored block (3 bits, padding and 4 bytes), and at
// level 1 sends an input of a few dozen bytes as a stored block: an idle
// heartbeat came out 8 bytes longer than mosh's, about a tenth of the
// datagram. C zlib's compress() at level 6 (PROTOCOL.md §8) sends such an
// input as one final fixed-Huffman block, or as one final stored block
// when that is no longer. For inputs with no repeated 3-byte string, where
// zlib finds no match, appendSmallZlib writes those same bytes.

// fixedLit holds, for each byte value, its fixed-Huffman literal code
// (RFC 1951 §3.2.6) bit-reversed for an LSB-first stream, and its length.
var fixedLit = func() (t [256]struct {
	code uint16
	n    uint8
}) {
	for v := range 256 {
		code, n := uint16(0x30+v), uint8(8)
		if v >= 144 {
			code, n = uint16(0x190+v-144), 9
		}
		t[v].code, t[v].n = reverseBits(code, n), n
	}
	return t
}()

// reverseBits returns the low n bits of c in reverse order.
func reverseBits(c uint16, n uint8) uint16 {
	var r uint16
	for range n {
		r = r<<1 | c&1
		c >>= 1
	}
	return r
}

// zlibHeader is the header C zlib writes at its default level: deflate, a
// 32 KiB window, level hint "default".
var zlibHeader = [2]byte{0x78, 0x9c}

// fixedBlockLen returns the bytes one final fixed-Huffman block of src's
// literals takes: a 3-bit header, the codes and the 7-bit end of block,
// rounded up to whole bytes.
func fixedBlockLen(src []byte) int {
	bits := 3 + 7
	for _, c := range src {
		bits += int(fixedLit[c].n)
	}
	return (bits + 7) >> 3
}

// appendSmallZlib appends to dst a zlib stream of src made of one final
// block: stored when its 4 length bytes plus src are no longer than the
// fixed-Huffman block, the rule zlib applies, else fixed Huffman with
// literals only. Any src length up to 65535 is valid; compressTo uses it
// for short inputs only.
func appendSmallZlib(dst, src []byte) []byte {
	dst = append(dst, zlibHeader[:]...)
	if len(src)+4 <= fixedBlockLen(src) {
		// BFINAL=1, BTYPE=00, padded to the byte; LEN and NLEN.
		dst = append(dst, 0x01)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(len(src)))
		dst = binary.LittleEndian.AppendUint16(dst, ^uint16(len(src)))
		dst = append(dst, src...)
	} else {
		dst = appendFixedBlock(dst, src)
	}
	return binary.BigEndian.AppendUint32(dst, adler32.Checksum(src))
}

// appendFixedBlock appends one final fixed-Huffman block holding the
// literals of src.
func appendFixedBlock(dst, src []byte) []byte {
	acc, n := uint32(0x3), uint8(3) // BFINAL=1, BTYPE=01 (LSB first)
	for _, c := range src {
		l := fixedLit[c]
		acc |= uint32(l.code) << n
		n += l.n
		for n >= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	n += 7 // end of block: seven zero bits
	for n > 0 {
		dst = append(dst, byte(acc))
		acc >>= 8
		n -= min(n, 8)
	}
	return dst
}

// hasRepeat reports whether some 3-byte string occurs twice in src (the
// occurrences may overlap), the shortest a deflate match can copy. It
// may miss a repeat whose strings share a hash slot with another string.
func hasRepeat(src []byte) bool {
	var last [512]int16 // 1 + the position last seen with each hash
	for i := 0; i+3 <= len(src); i++ {
		h := (uint32(src[i])<<10 ^ uint32(src[i+1])<<5 ^ uint32(src[i+2])) * 0x9E3779B1 >> 23
		if p := int(last[h]) - 1; p >= 0 && src[p] == src[i] && src[p+1] == src[i+1] && src[p+2] == src[i+2] {
			return true
		}
		last[h] = int16(i + 1)
	}
	return false
}
