package wire

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"sync"
)

// MaxInstructionLen is the largest serialized instruction a receiver
// inflates: mosh's fixed 4 MiB decompression buffer (PROTOCOL.md §8).
const MaxInstructionLen = 4 << 20

// Compression is the one place in the module that owns zlib coders.
//
// A zlib writer is large (flate keeps about 700 KB of tables inline) and
// building one per instruction would dominate the cost of sending, so
// idle writers are kept in a small free list rather than a sync.Pool,
// which the garbage collector empties between cycles: a process has one
// or two senders, a test run thousands, and each should not pay for a
// fresh writer.
//
// Writers compress at zlib.BestSpeed, where mosh uses level 6 (header
// 78 9C, PROTOCOL.md §8). The level is not part of the wire format: any
// inflater, mosh's included, reads any level; the header's level bits are
// only a hint. Level 1 is chosen because resetting a level-6 writer clears
// 640 KB of hash tables, which was most of the cost of a datagram, while
// instructions are small and compress about as well at level 1.
var idleWriters writerList

// readers holds idle decompressors (io.ReadCloser that are also
// zlib.Resetter); they are small, so a sync.Pool suits them.
var readers sync.Pool

// maxIdleWriters bounds the memory the free list keeps.
const maxIdleWriters = 4

type writerList struct {
	mu   sync.Mutex
	free []*zlib.Writer
}

// get returns an idle writer or a new one, reset to write to w.
func (l *writerList) get(w io.Writer) *zlib.Writer {
	l.mu.Lock()
	if n := len(l.free); n > 0 {
		zw := l.free[n-1]
		l.free = l.free[:n-1]
		l.mu.Unlock()
		zw.Reset(w)
		return zw
	}
	l.mu.Unlock()
	zw, _ := zlib.NewWriterLevel(w, zlib.BestSpeed) // the level is valid
	return zw
}

// put keeps a writer for reuse, unless enough are idle.
func (l *writerList) put(zw *zlib.Writer) {
	zw.Reset(io.Discard) // do not keep the caller's buffer alive
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) < maxIdleWriters {
		l.free = append(l.free, zw)
	}
}

// Compress appends to dst the zlib stream (RFC 1950) of src. For a short
// input with no repeated 3-byte string (an idle heartbeat, an ack, most
// keystrokes) the bytes are exactly C zlib's at level 6; otherwise they
// differ, but every zlib decoder accepts them.
func Compress(dst, src []byte) []byte {
	buf := bytes.NewBuffer(dst)
	compressTo(buf, src)
	return buf.Bytes()
}

// compressTo writes the zlib stream of src to buf. An input of at most
// smallMax bytes is one final fixed-Huffman (or stored) block, as C zlib
// writes it (deflate_small.go), unless it repeats a string, when flate's
// matches may make flate's stream the shorter: then the shorter one.
func compressTo(buf *bytes.Buffer, src []byte) {
	if len(src) > smallMax {
		compressFlate(buf, src)
		return
	}
	start := buf.Len()
	buf.Write(appendSmallZlib(buf.AvailableBuffer(), src))
	if !hasRepeat(src) {
		return
	}
	small := buf.Len() - start
	compressFlate(buf, src)
	if flated := buf.Len() - start - small; flated < small {
		b := buf.Bytes()
		copy(b[start:], b[start+small:])
		small = flated
	}
	buf.Truncate(start + small)
}

// compressFlate writes the zlib stream of src from compress/flate to buf.
func compressFlate(buf *bytes.Buffer, src []byte) {
	w := idleWriters.get(buf)
	// Writes to a bytes.Buffer cannot fail.
	w.Write(src) // best effort
	w.Close()    // best effort
	idleWriters.put(w)
}

// Decompress inflates a zlib stream. It rejects invalid streams, a bad
// checksum, and output longer than MaxInstructionLen.
func Decompress(src []byte) ([]byte, error) {
	r, err := getReader(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("wire: uncompress: %w", err)
	}
	defer readers.Put(r)
	var out bytes.Buffer
	out.Grow(4 * len(src))
	n, err := out.ReadFrom(io.LimitReader(r, MaxInstructionLen+1))
	if err != nil {
		return nil, fmt.Errorf("wire: uncompress: %w", err)
	}
	if n > MaxInstructionLen {
		return nil, fmt.Errorf("wire: uncompress: output exceeds %d bytes", MaxInstructionLen)
	}
	return out.Bytes(), nil
}

// getReader returns a pooled zlib reader reset to src, or a new one.
func getReader(src io.Reader) (io.ReadCloser, error) {
	if r, ok := readers.Get().(io.ReadCloser); ok {
		if err := r.(zlib.Resetter).Reset(src, nil); err != nil {
			readers.Put(r)
			return nil, err
		}
		return r, nil
	}
	return zlib.NewReader(src)
}
