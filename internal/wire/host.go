package wire

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// HostKind says which extension a HostInstruction carries.
type HostKind uint8

const (
	// HostUnknown is an instruction with no extension known to the
	// client; ParseHostMessage leaves such instructions out and
	// AppendHostMessage skips them.
	HostUnknown HostKind = iota
	// HostBytes carries terminal output to apply to the client's screen
	// (HostString).
	HostBytes
	// HostResize carries the server's terminal size (Width, Height).
	HostResize
	// HostEchoAck carries the newest client state whose keystrokes have
	// been echoed (EchoAckNum).
	HostEchoAck
)

// HostInstruction is one HostBuffers.Instruction of a HostMessage, the
// server-to-client diff (§9.3, §12).
type HostInstruction struct {
	Kind          HostKind
	HostString    []byte // HostBytes
	Width, Height int32  // HostResize
	EchoAckNum    uint64 // HostEchoAck
}

// AppendHostMessage appends a serialized HostMessage holding ins, each
// instruction with exactly one extension, as mosh writes them.
func AppendHostMessage(dst []byte, ins []HostInstruction) []byte {
	for _, in := range ins {
		switch in.Kind {
		case HostBytes:
			hs := sizeSub(fieldHostString, len(in.HostString))
			dst = appendSub(dst, fieldMessageInstruction, sizeSub(fieldHostBytes, hs), func(b []byte) []byte {
				return appendSub(b, fieldHostBytes, hs, func(b []byte) []byte {
					return appendBytesField(b, fieldHostString, in.HostString)
				})
			})
		case HostResize:
			rs := resizeSize(in.Width, in.Height)
			dst = appendSub(dst, fieldMessageInstruction, sizeSub(fieldResize, rs), func(b []byte) []byte {
				return appendSub(b, fieldResize, rs, func(b []byte) []byte {
					return appendResize(b, in.Width, in.Height)
				})
			})
		case HostEchoAck:
			n := protowire.SizeTag(fieldEchoAckNum) + protowire.SizeVarint(in.EchoAckNum)
			dst = appendSub(dst, fieldMessageInstruction, sizeSub(fieldEchoAck, n), func(b []byte) []byte {
				return appendSub(b, fieldEchoAck, n, func(b []byte) []byte {
					return appendVarintField(b, fieldEchoAckNum, in.EchoAckNum)
				})
			})
		}
	}
	return dst
}

// ParseHostMessage decodes a HostMessage. Of an instruction carrying
// several extensions only the first by the real client's priority counts
// (hostbytes, then resize, then echoack; §9.5); instructions with none are
// left out. HostString aliases b.
func ParseHostMessage(b []byte) ([]HostInstruction, error) {
	out := make([]HostInstruction, 0, countInstructions(b))
	err := forEachInstruction(b, func(raw []byte) error {
		var ext extensions
		if err := parseExtensions(raw, &ext); err != nil {
			return err
		}
		var err error
		var in HostInstruction
		if hb := ext[fieldHostBytes]; hb.ok {
			in.Kind = HostBytes
			in.HostString = []byte{}
			err = parseBytesField(hb.b, fieldHostString, &in.HostString)
		} else if rs := ext[fieldResize]; rs.ok {
			in.Kind = HostResize
			err = parseResize(rs.b, &in.Width, &in.Height)
		} else if ea := ext[fieldEchoAck]; ea.ok {
			in.Kind = HostEchoAck
			err = parseVarintField(ea.b, fieldEchoAckNum, &in.EchoAckNum)
		} else {
			return nil
		}
		if err != nil {
			return err
		}
		out = append(out, in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("wire: HostMessage: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
