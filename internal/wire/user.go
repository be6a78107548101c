package wire

import "fmt"

// UserKind says which extension a UserInstruction carries.
type UserKind uint8

const (
	// UserUnknown is an instruction with no extension known to the
	// server; ParseUserMessage leaves such instructions out and
	// AppendUserMessage skips them.
	UserUnknown UserKind = iota
	// UserKeystroke carries bytes typed by the user (Keys).
	UserKeystroke
	// UserResize carries the client's window size (Width, Height).
	UserResize
)

// UserInstruction is one ClientBuffers.Instruction of a UserMessage, the
// client-to-server diff (§9.2, §11).
type UserInstruction struct {
	Kind          UserKind
	Keys          []byte // UserKeystroke
	Width, Height int32  // UserResize, in columns and rows
}

// AppendUserMessage appends a serialized UserMessage holding ins, each
// instruction with exactly one extension, as mosh writes them.
func AppendUserMessage(dst []byte, ins []UserInstruction) []byte {
	for _, in := range ins {
		switch in.Kind {
		case UserKeystroke:
			ks := sizeSub(fieldKeys, len(in.Keys))
			dst = appendSub(dst, fieldMessageInstruction, sizeSub(fieldKeystroke, ks), func(b []byte) []byte {
				return appendSub(b, fieldKeystroke, ks, func(b []byte) []byte {
					return appendBytesField(b, fieldKeys, in.Keys)
				})
			})
		case UserResize:
			rs := resizeSize(in.Width, in.Height)
			dst = appendSub(dst, fieldMessageInstruction, sizeSub(fieldResize, rs), func(b []byte) []byte {
				return appendSub(b, fieldResize, rs, func(b []byte) []byte {
					return appendResize(b, in.Width, in.Height)
				})
			})
		}
	}
	return dst
}

// ParseUserMessage decodes a UserMessage. Of an instruction carrying
// several extensions only the first by the real server's priority counts
// (keystroke, then resize; §9.5); instructions with neither are left out.
// Keys alias b. Sizes are returned as sent, even if not positive: the
// caller must ignore those (mosh aborts on them, §18).
func ParseUserMessage(b []byte) ([]UserInstruction, error) {
	out := make([]UserInstruction, 0, countInstructions(b))
	err := forEachInstruction(b, func(raw []byte) error {
		var ext extensions
		if err := parseExtensions(raw, &ext); err != nil {
			return err
		}
		var err error
		var in UserInstruction
		if ks := ext[fieldKeystroke]; ks.ok {
			in.Kind = UserKeystroke
			in.Keys = []byte{}
			err = parseBytesField(ks.b, fieldKeys, &in.Keys)
		} else if rs := ext[fieldResize]; rs.ok {
			in.Kind = UserResize
			err = parseResize(rs.b, &in.Width, &in.Height)
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
		return nil, fmt.Errorf("wire: UserMessage: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
