package wire

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// MaxInstructionLen is the largest serialized instruction a receiver
// inflates: mosh's fixed 4 MiB decompression buffer (§8).
const MaxInstructionLen = 4 << 20

// Compress appends to dst the zlib stream (RFC 1950, default level) of
// src. The bytes differ from C zlib's but every zlib decoder accepts them.
func Compress(dst, src []byte) []byte {
	buf := bytes.NewBuffer(dst)
	w := zlib.NewWriter(buf)
	// Writes to a bytes.Buffer cannot fail.
	w.Write(src) // best effort
	w.Close()    // best effort
	return buf.Bytes()
}

// Decompress inflates a zlib stream. It rejects invalid streams, a bad
// checksum, and output longer than MaxInstructionLen.
func Decompress(src []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("wire: uncompress: %w", err)
	}
	defer r.Close()
	var out bytes.Buffer
	n, err := out.ReadFrom(io.LimitReader(r, MaxInstructionLen+1))
	if err != nil {
		return nil, fmt.Errorf("wire: uncompress: %w", err)
	}
	if n > MaxInstructionLen {
		return nil, fmt.Errorf("wire: uncompress: output exceeds %d bytes", MaxInstructionLen)
	}
	return out.Bytes(), nil
}
