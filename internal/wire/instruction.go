package wire

import (
	"errors"
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// ProtocolVersion is the only protocol_version mosh 1.4.0 accepts.
const ProtocolVersion = 2

// ShutdownNum is the state number of a sender's final state (U64MAX).
const ShutdownNum = 1<<64 - 1

// Instruction is TransportBuffers.Instruction, one SSP message (§9.1,
// §10.2).
type Instruction struct {
	ProtocolVersion uint32
	OldNum          uint64 // state the diff starts from
	NewNum          uint64 // state the diff produces; ShutdownNum = shutdown
	AckNum          uint64 // newest peer state the sender holds
	ThrowawayNum    uint64 // the receiver may drop peer states below this
	Diff            []byte // serialized UserMessage or HostMessage, may be empty
	Chaff           []byte // 0 to 16 random bytes, ignored on receipt
}

// Instruction field numbers (§9.1).
const (
	fieldProtocolVersion protowire.Number = 1
	fieldOldNum          protowire.Number = 2
	fieldNewNum          protowire.Number = 3
	fieldAckNum          protowire.Number = 4
	fieldThrowawayNum    protowire.Number = 5
	fieldDiff            protowire.Number = 6
	fieldChaff           protowire.Number = 7
)

// Append appends the protobuf encoding of in as real mosh emits it: all
// seven fields, in field order, zero values and empty bytes included
// (§9.4).
func (in *Instruction) Append(dst []byte) []byte {
	dst = appendVarintField(dst, fieldProtocolVersion, uint64(in.ProtocolVersion))
	dst = appendVarintField(dst, fieldOldNum, in.OldNum)
	dst = appendVarintField(dst, fieldNewNum, in.NewNum)
	dst = appendVarintField(dst, fieldAckNum, in.AckNum)
	dst = appendVarintField(dst, fieldThrowawayNum, in.ThrowawayNum)
	dst = appendBytesField(dst, fieldDiff, in.Diff)
	return appendBytesField(dst, fieldChaff, in.Chaff)
}

// Unmarshal decodes b into in by the proto2 rules of §9.5: fields in any
// order, the last of a repeated scalar wins, unknown fields (and known
// numbers with an unexpected wire type) are skipped, missing fields are
// zero. Diff and Chaff alias b.
func (in *Instruction) Unmarshal(b []byte) error {
	*in = Instruction{}
	err := walkFields(b, func(num protowire.Number, typ protowire.Type, v uint64, bs []byte) error {
		switch {
		case typ == protowire.VarintType && num == fieldProtocolVersion:
			in.ProtocolVersion = uint32(v)
		case typ == protowire.VarintType && num == fieldOldNum:
			in.OldNum = v
		case typ == protowire.VarintType && num == fieldNewNum:
			in.NewNum = v
		case typ == protowire.VarintType && num == fieldAckNum:
			in.AckNum = v
		case typ == protowire.VarintType && num == fieldThrowawayNum:
			in.ThrowawayNum = v
		case typ == protowire.BytesType && num == fieldDiff:
			in.Diff = bs
		case typ == protowire.BytesType && num == fieldChaff:
			in.Chaff = bs
		}
		return nil
	})
	if err != nil {
		*in = Instruction{}
		return fmt.Errorf("wire: Instruction: %w", err)
	}
	return nil
}

// String summarises in for logs.
func (in *Instruction) String() string {
	return fmt.Sprintf("v%d old=%d new=%d ack=%d throwaway=%d diff=%dB chaff=%dB",
		in.ProtocolVersion, int64OrMax(in.OldNum), int64OrMax(in.NewNum), int64OrMax(in.AckNum),
		int64OrMax(in.ThrowawayNum), len(in.Diff), len(in.Chaff))
}

// int64OrMax shows ShutdownNum as -1, the way mosh writes it.
func int64OrMax(n uint64) any {
	if n == ShutdownNum {
		return -1
	}
	return n
}

func appendVarintField(dst []byte, num protowire.Number, v uint64) []byte {
	dst = protowire.AppendTag(dst, num, protowire.VarintType)
	return protowire.AppendVarint(dst, v)
}

func appendBytesField(dst []byte, num protowire.Number, b []byte) []byte {
	dst = protowire.AppendTag(dst, num, protowire.BytesType)
	return protowire.AppendBytes(dst, b)
}

var errMalformed = errors.New("malformed protobuf")

// walkFields calls fn for each field of the protobuf message b: v holds a
// varint field's value, bs a length-delimited field's bytes (aliasing b).
// Fixed-width and group fields are skipped. It fails on truncated or
// invalid encodings, including field number 0, and stops at the first
// error fn returns.
func walkFields(b []byte, fn func(num protowire.Number, typ protowire.Type, v uint64, bs []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("%w: %v", errMalformed, protowire.ParseError(n))
		}
		b = b[n:]
		switch typ {
		case protowire.VarintType:
			v, m := protowire.ConsumeVarint(b)
			if m < 0 {
				return fmt.Errorf("%w: field %d: %v", errMalformed, num, protowire.ParseError(m))
			}
			if err := fn(num, typ, v, nil); err != nil {
				return err
			}
			b = b[m:]
		case protowire.BytesType:
			bs, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return fmt.Errorf("%w: field %d: %v", errMalformed, num, protowire.ParseError(m))
			}
			if err := fn(num, typ, 0, bs); err != nil {
				return err
			}
			b = b[m:]
		default:
			m := protowire.ConsumeFieldValue(num, typ, b)
			if m < 0 {
				return fmt.Errorf("%w: field %d: %v", errMalformed, num, protowire.ParseError(m))
			}
			b = b[m:]
		}
	}
	return nil
}
