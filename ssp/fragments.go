package ssp

import (
	"bytes"
	"compress/zlib"
	"io"
	"sync"

	"ssh-mosh/internal/wire"
)

// fragmenter turns instructions into fragments like wire.Fragmenter (same
// instruction-id rule, PROTOCOL.md §7.2), but reuses zlib writers.
// wire.Compress builds a new zlib writer per call, about a megabyte of
// allocation, which made every datagram cost over a millisecond; so
// writers come from a pool shared by all Transports, and each Transport
// keeps its own buffer. The fragments' data alias that buffer and are
// valid until the next call.
type fragmenter struct {
	id      uint64
	started bool
	last    wire.Instruction // Diff not kept; Chaff copied
	lastMax int

	ser []byte
	buf bytes.Buffer
}

// zlibWriters holds idle zlib writers for all Transports.
//
// A writer is large (flate keeps about 700 KB of tables inline), so they
// are kept in a small free list rather than a sync.Pool, which the garbage
// collector empties: a process has one or two Transports, a test run
// thousands, and each should not cost a fresh writer.
//
// They compress at zlib.BestSpeed, where mosh uses level 6 (header 78 9C,
// PROTOCOL.md §8). The level is not part of the wire format: any inflater,
// mosh's included, reads any level; the header's level bits are only a
// hint. Level 1 is chosen because resetting a level-6 writer clears
// 640 KB of hash tables, which was most of the cost of a datagram, while
// instructions are small and compress about as well at level 1.
var zlibWriters writerCache

type writerCache struct {
	mu   sync.Mutex
	free []*zlib.Writer
}

const maxIdleWriters = 4

// get returns an idle writer or a new one, reset to write to w.
func (c *writerCache) get(w io.Writer) *zlib.Writer {
	c.mu.Lock()
	if n := len(c.free); n > 0 {
		zw := c.free[n-1]
		c.free = c.free[:n-1]
		c.mu.Unlock()
		zw.Reset(w)
		return zw
	}
	c.mu.Unlock()
	zw, _ := zlib.NewWriterLevel(w, zlib.BestSpeed) // the level is valid
	return zw
}

// put keeps a writer for reuse, unless enough are idle.
func (c *writerCache) put(zw *zlib.Writer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.free) < maxIdleWriters {
		c.free = append(c.free, zw)
	}
}

// fragments serializes, compresses and splits in into fragments of at
// most maxData bytes; nil if that would take more than 32768 fragments.
func (f *fragmenter) fragments(in *wire.Instruction, maxData int) []wire.Fragment {
	maxData = max(maxData, 1)
	if !f.started || !sameButDiff(&f.last, in) || f.lastMax != maxData {
		f.id++
		f.started = true
		f.last = wire.Instruction{
			ProtocolVersion: in.ProtocolVersion,
			OldNum:          in.OldNum,
			NewNum:          in.NewNum,
			AckNum:          in.AckNum,
			ThrowawayNum:    in.ThrowawayNum,
			Chaff:           append(f.last.Chaff[:0], in.Chaff...),
		}
		f.lastMax = maxData
	}
	f.ser = in.Append(f.ser[:0])
	f.buf.Reset()
	zw := zlibWriters.get(&f.buf)
	// Writes to a bytes.Buffer cannot fail.
	zw.Write(f.ser) // best effort
	zw.Close()      // best effort
	zlibWriters.put(zw)
	payload := f.buf.Bytes()
	count := max((len(payload)+maxData-1)/maxData, 1)
	if count > wire.MaxFragmentNum+1 {
		return nil
	}
	frags := make([]wire.Fragment, count)
	for i := range frags {
		end := min((i+1)*maxData, len(payload))
		frags[i] = wire.Fragment{ID: f.id, Num: uint16(i), Final: i == count-1, Data: payload[i*maxData : end]}
	}
	return frags
}

// sameButDiff reports whether a and b agree in every field but Diff.
func sameButDiff(a, b *wire.Instruction) bool {
	return a.ProtocolVersion == b.ProtocolVersion && a.OldNum == b.OldNum && a.NewNum == b.NewNum &&
		a.AckNum == b.AckNum && a.ThrowawayNum == b.ThrowawayNum && bytes.Equal(a.Chaff, b.Chaff)
}
