package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
)

const (
	// FragmentHeaderLen is the size of a fragment's header: the 8-byte
	// instruction id and the 2-byte final flag and fragment number (§7.1).
	FragmentHeaderLen = 10
	// MaxFragmentNum is the largest fragment number (15 bits).
	MaxFragmentNum = 1<<15 - 1
	// Overhead is the bytes a datagram adds to its fragment data:
	// 8 clear nonce bytes, the packet header, the fragment header and the
	// 16-byte tag (§3).
	Overhead = 8 + PacketHeaderLen + FragmentHeaderLen + 16
)

// Fragment is one slice of a compressed instruction: the payload of one
// packet.
type Fragment struct {
	ID    uint64 // instruction id, shared by all fragments of an instruction
	Num   uint16 // 0-based fragment number, at most MaxFragmentNum
	Final bool   // set on the last fragment
	Data  []byte
}

// Append appends the encoded fragment to dst. Num is masked to 15 bits.
func (f Fragment) Append(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint64(dst, f.ID)
	n := f.Num & MaxFragmentNum
	if f.Final {
		n |= 1 << 15
	}
	dst = binary.BigEndian.AppendUint16(dst, n)
	return append(dst, f.Data...)
}

// ErrShortFragment is returned by ParseFragment for fewer than
// FragmentHeaderLen bytes (which makes the real mosh abort, §18).
var ErrShortFragment = errors.New("wire: fragment shorter than its 10-byte header")

// ParseFragment decodes a packet payload. Data aliases b.
func ParseFragment(b []byte) (Fragment, error) {
	if len(b) < FragmentHeaderLen {
		return Fragment{}, ErrShortFragment
	}
	n := binary.BigEndian.Uint16(b[8:])
	return Fragment{
		ID:    binary.BigEndian.Uint64(b),
		Num:   n & MaxFragmentNum,
		Final: n>>15 == 1,
		Data:  b[FragmentHeaderLen:],
	}, nil
}

// Fragmenter turns instructions into fragments for one sender. It keeps
// the instruction-id counter and the rule of §7.2 step 3: the id goes up
// by one (so the first id is 1) unless the instruction equals the
// previous one in every field but the diff and the fragment size is
// unchanged. It reuses its buffers from call to call. The zero value is
// ready to use; it is not safe for concurrent use.
type Fragmenter struct {
	id      uint64
	started bool
	last    Instruction // Diff not kept; Chaff is a private copy
	lastMax int

	ser []byte       // the serialized instruction
	out bytes.Buffer // its zlib stream, which the fragments' Data alias
}

// Fragments serializes in, compresses it, and splits the result into
// fragments of at most maxData bytes of data (MTU − Overhead: 1214 for
// IPv4, §6.4), each to be sent as its own datagram. The fragments' Data
// alias a buffer of f and are valid until the next call. A maxData below 1
// is treated as 1. If the payload would need more than MaxFragmentNum+1
// fragments, Fragments returns nil: mosh cannot send it either.
func (f *Fragmenter) Fragments(in *Instruction, maxData int) []Fragment {
	maxData = max(maxData, 1)
	if !f.started || !sameButDiff(&f.last, in) || f.lastMax != maxData {
		f.id++
		f.started = true
		f.last = Instruction{
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
	f.out.Reset()
	compressTo(&f.out, f.ser)
	return split(f.id, f.out.Bytes(), maxData)
}

// split cuts payload into fragments of id with at most maxData bytes each
// (§7.2 step 2); nil if that takes more than MaxFragmentNum+1 fragments.
func split(id uint64, payload []byte, maxData int) []Fragment {
	count := max((len(payload)+maxData-1)/maxData, 1)
	if count > MaxFragmentNum+1 {
		return nil
	}
	frags := make([]Fragment, count)
	for i := range frags {
		end := min((i+1)*maxData, len(payload))
		frags[i] = Fragment{ID: id, Num: uint16(i), Final: i == count-1, Data: payload[i*maxData : end]}
	}
	return frags
}

// sameButDiff reports whether a and b agree in every field but Diff.
func sameButDiff(a, b *Instruction) bool {
	return a.ProtocolVersion == b.ProtocolVersion && a.OldNum == b.OldNum && a.NewNum == b.NewNum &&
		a.AckNum == b.AckNum && a.ThrowawayNum == b.ThrowawayNum && string(a.Chaff) == string(b.Chaff)
}
