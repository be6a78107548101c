package wire

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"sync"
)

// MaxInstructionLen is the largest serialized instruction a receiver
// inflates: mosh's fixed 4 MiB decompression buffer (§8).
const MaxInstructionLen = 4 << 20

// A zlib compressor holds about 800 KB of state, so building one per
// instruction would dominate the cost of sending; they are pooled. So are
// decompressors.
var (
	writers = sync.Pool{New: func() any { return zlib.NewWriter(nil) }}
	readers sync.Pool // of io.ReadCloser that are also zlib.Resetter
)

// Compress appends to dst the zlib stream (RFC 1950, default level) of
// src. The bytes differ from C zlib's but every zlib decoder accepts them.
func Compress(dst, src []byte) []byte {
	buf := bytes.NewBuffer(dst)
	w := writers.Get().(*zlib.Writer)
	w.Reset(buf)
	// Writes to a bytes.Buffer cannot fail.
	w.Write(src) // best effort
	w.Close()    // best effort
	w.Reset(nil) // do not keep buf alive from the pool
	writers.Put(w)
	return buf.Bytes()
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
