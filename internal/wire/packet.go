// Package wire holds the codecs for the plaintext inside a mosh datagram
// (../shared/spec/PROTOCOL.md §3, §7–§9): the 4-byte packet header with its
// two 16-bit timestamps, the 10-byte fragment header, fragmentation and
// single-slot reassembly, zlib compression, the TransportBuffers.Instruction
// protobuf, and the two diff payloads (ClientBuffers.UserMessage and
// HostBuffers.HostMessage).
//
// The protobuf messages are encoded by hand, byte for byte as mosh 1.4.0
// emits them, and decoded with the proto2 rules: fields in any order,
// unknown fields skipped, missing fields zero. Every decoder returns an
// error, never panics, on any input.
//
// It knows nothing of encryption (package ssh-mosh/crypto), state numbers'
// meaning, timers or sockets (package ssh-mosh/ssp).
package wire

import (
	"encoding/binary"
	"errors"
)

const (
	// NoTimestamp in a timestamp field means "none".
	NoTimestamp uint16 = 0xFFFF
	// PacketHeaderLen is the size of the timestamp and timestamp-reply
	// fields that start every plaintext.
	PacketHeaderLen = 4
)

// Timestamp16 converts a millisecond clock reading to the 16-bit wire
// timestamp: ms mod 65536, with NoTimestamp replaced by 0 (§4.1).
func Timestamp16(ms int64) uint16 {
	ts := uint16(ms)
	if ts == NoTimestamp {
		return 0
	}
	return ts
}

// AppendPacket appends a packet to dst: the big-endian timestamp ts, the
// reply timestamp reply (NoTimestamp for none), and payload, which is one
// encoded fragment.
func AppendPacket(dst []byte, ts, reply uint16, payload []byte) []byte {
	dst = binary.BigEndian.AppendUint16(dst, ts)
	dst = binary.BigEndian.AppendUint16(dst, reply)
	return append(dst, payload...)
}

// ErrShortPacket is returned by ParsePacket for a plaintext shorter than
// PacketHeaderLen.
var ErrShortPacket = errors.New("wire: packet shorter than its 4-byte header")

// ParsePacket splits a decrypted plaintext into its two timestamps and its
// payload (which aliases plain).
func ParsePacket(plain []byte) (ts, reply uint16, payload []byte, err error) {
	if len(plain) < PacketHeaderLen {
		return 0, 0, nil, ErrShortPacket
	}
	return binary.BigEndian.Uint16(plain), binary.BigEndian.Uint16(plain[2:]), plain[PacketHeaderLen:], nil
}
