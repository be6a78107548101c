package wire

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of ClientBuffers and HostBuffers (§9.2, §9.3). The
// extensions of the inner Instruction messages are encoded like ordinary
// fields with these numbers.
const (
	fieldMessageInstruction protowire.Number = 1 // UserMessage/HostMessage.instruction
	fieldKeystroke          protowire.Number = 2 // ClientBuffers extension
	fieldHostBytes          protowire.Number = 2 // HostBuffers extension
	fieldResize             protowire.Number = 3 // both
	fieldEchoAck            protowire.Number = 7 // HostBuffers extension
	fieldKeys               protowire.Number = 4 // Keystroke.keys
	fieldHostString         protowire.Number = 4 // HostBytes.hoststring
	fieldWidth              protowire.Number = 5 // ResizeMessage.width
	fieldHeight             protowire.Number = 6 // ResizeMessage.height
	fieldEchoAckNum         protowire.Number = 8 // EchoAck.echo_ack_num
)

// appendSub appends field num holding a sub-message of size n whose body
// body appends.
func appendSub(dst []byte, num protowire.Number, n int, body func([]byte) []byte) []byte {
	dst = protowire.AppendTag(dst, num, protowire.BytesType)
	dst = protowire.AppendVarint(dst, uint64(n))
	return body(dst)
}

// sizeSub is the encoded size of field num holding a sub-message of n
// bytes.
func sizeSub(num protowire.Number, n int) int {
	return protowire.SizeTag(num) + protowire.SizeBytes(n)
}

// resizeBody and its size: ResizeMessage{width, height}, both always
// present. int32 values are sign-extended to 64 bits, as protobuf does.
func resizeSize(w, h int32) int {
	return protowire.SizeTag(fieldWidth) + protowire.SizeVarint(uint64(int64(w))) +
		protowire.SizeTag(fieldHeight) + protowire.SizeVarint(uint64(int64(h)))
}

func appendResize(dst []byte, w, h int32) []byte {
	dst = appendVarintField(dst, fieldWidth, uint64(int64(w)))
	return appendVarintField(dst, fieldHeight, uint64(int64(h)))
}

// parseResize merges a ResizeMessage's fields into w and h.
func parseResize(b []byte, w, h *int32) error {
	return walkFields(b, func(num protowire.Number, typ protowire.Type, v uint64, _ []byte) error {
		switch {
		case typ == protowire.VarintType && num == fieldWidth:
			*w = int32(v)
		case typ == protowire.VarintType && num == fieldHeight:
			*h = int32(v)
		}
		return nil
	})
}

// parseBytesField merges the bytes field num of message b into *out.
func parseBytesField(b []byte, num protowire.Number, out *[]byte) error {
	return walkFields(b, func(n protowire.Number, typ protowire.Type, _ uint64, bs []byte) error {
		if typ == protowire.BytesType && n == num {
			*out = bs
		}
		return nil
	})
}

// parseVarintField merges the varint field num of message b into *out.
func parseVarintField(b []byte, num protowire.Number, out *uint64) error {
	return walkFields(b, func(n protowire.Number, typ protowire.Type, v uint64, _ []byte) error {
		if typ == protowire.VarintType && n == num {
			*out = v
		}
		return nil
	})
}

// countInstructions returns how many instruction fields a well-formed
// UserMessage or HostMessage holds (an estimate if it is malformed).
func countInstructions(b []byte) int {
	n := 0
	walkFields(b, func(num protowire.Number, typ protowire.Type, _ uint64, _ []byte) error { // best effort
		if typ == protowire.BytesType && num == fieldMessageInstruction {
			n++
		}
		return nil
	})
	return n
}

// forEachInstruction calls fn with the bytes of each instruction of a
// UserMessage or HostMessage, in order.
func forEachInstruction(b []byte, fn func(ins []byte) error) error {
	i := 0
	return walkFields(b, func(num protowire.Number, typ protowire.Type, _ uint64, bs []byte) error {
		if typ != protowire.BytesType || num != fieldMessageInstruction {
			return nil
		}
		i++
		if err := fn(bs); err != nil {
			return fmt.Errorf("instruction %d: %w", i-1, err)
		}
		return nil
	})
}

// maxExtension is the highest extension field number either side knows.
const maxExtension = fieldEchoAck

// extensions holds, for one inner Instruction, the bytes of each known
// extension present. Proto2 merges repeated occurrences of a message
// field, and concatenating their encodings does exactly that.
type extensions [maxExtension + 1]struct {
	b  []byte
	ok bool
}

// parseExtensions fills ext (which must be zero) from an inner
// Instruction b.
func parseExtensions(b []byte, ext *extensions) error {
	return walkFields(b, func(num protowire.Number, typ protowire.Type, _ uint64, bs []byte) error {
		if typ != protowire.BytesType || num > maxExtension {
			return nil
		}
		e := &ext[num]
		if e.ok {
			// A full slice expression, so the append copies instead of
			// overwriting the bytes that follow in b.
			e.b = append(e.b[:len(e.b):len(e.b)], bs...)
		} else {
			e.b, e.ok = bs, true
		}
		return nil
	})
}
