package ssp

import (
	"bytes"
	"compress/zlib"

	"ssh-mosh/internal/wire"
)

// fragmenter turns instructions into fragments like wire.Fragmenter (same
// instruction-id rule, PROTOCOL.md §7.2), but keeps one zlib writer and
// one buffer for the life of the Transport. wire.Compress builds a new
// zlib writer per call, about a megabyte of allocation, which made every
// datagram cost over a millisecond; a Transport sends many small
// instructions, so it reuses them instead. The fragments' data alias the
// buffer and are valid until the next call.
type fragmenter struct {
	id      uint64
	started bool
	last    wire.Instruction // Diff not kept; Chaff copied
	lastMax int

	ser []byte
	buf bytes.Buffer
	zw  *zlib.Writer
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
	if f.zw == nil {
		f.zw = zlib.NewWriter(&f.buf)
	} else {
		f.zw.Reset(&f.buf)
	}
	// Writes to a bytes.Buffer cannot fail.
	f.zw.Write(f.ser) // best effort
	f.zw.Close()      // best effort
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
