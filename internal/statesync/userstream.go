package statesync

import (
	"fmt"

	"ssh-mosh/internal/wire"
)

// UserEventKind says what a UserEvent is.
type UserEventKind uint8

const (
	// UserByte is one raw byte read from the user's terminal.
	UserByte UserEventKind = iota + 1
	// UserResize is the client's window size.
	UserResize
)

// UserEvent is one event of a UserStream (PROTOCOL.md §11.1): a byte the
// user typed, or a window size in columns and rows.
type UserEvent struct {
	Kind          UserEventKind
	Byte          byte  // UserByte
	Width, Height int32 // UserResize
}

// UserStream is the client → server state: an append-only sequence of
// UserEvents (PROTOCOL.md §11). Equality is "same events in the same
// order"; Subtract drops an acknowledged prefix so that memory stays
// bounded by what the server has not yet acknowledged.
//
// Events are never modified in place, so Clone shares the backing array
// and costs O(1): a clone's slice is capped at its length, so the first
// append to either copy cannot be seen by the other.
//
// The zero value is an empty stream, ready to use.
type UserStream struct {
	events []UserEvent
}

// NewUserStream returns an empty stream.
func NewUserStream() *UserStream { return &UserStream{} }

// PushBytes appends one UserByte event per byte of p.
func (s *UserStream) PushBytes(p []byte) {
	for _, b := range p {
		s.events = append(s.events, UserEvent{Kind: UserByte, Byte: b})
	}
}

// PushResize appends a UserResize event.
func (s *UserStream) PushResize(width, height int) {
	s.events = append(s.events, UserEvent{Kind: UserResize, Width: int32(width), Height: int32(height)})
}

// Len returns the number of events held (after any Subtract).
func (s *UserStream) Len() int { return len(s.events) }

// Events returns the events held; read-only.
func (s *UserStream) Events() []UserEvent { return s.events }

// Empty reports whether the stream holds no events.
func (s *UserStream) Empty() bool { return len(s.events) == 0 }

// Clone returns an independent copy in O(1).
func (s *UserStream) Clone() *UserStream {
	n := len(s.events)
	return &UserStream{events: s.events[:n:n]}
}

// Equal reports whether both streams hold the same events in the same
// order.
func (s *UserStream) Equal(o *UserStream) bool {
	if len(s.events) != len(o.events) {
		return false
	}
	for i := range s.events {
		if s.events[i] != o.events[i] {
			return false
		}
	}
	return true
}

// commonPrefix returns how many leading events s and o share.
func (s *UserStream) commonPrefix(o *UserStream) int {
	n := min(len(s.events), len(o.events))
	for i := 0; i < n; i++ {
		if s.events[i] != o.events[i] {
			return i
		}
	}
	return n
}

// Subtract removes prefix's events from the front of s, as far as they
// match (PROTOCOL.md §11.1, §10.4.3 step 2). A prefix that s does not
// start with removes only the part that matches.
func (s *UserStream) Subtract(prefix *UserStream) {
	k := s.commonPrefix(prefix)
	if k == 0 {
		return
	}
	rest := s.events[k:]
	if len(rest) == 0 {
		s.events = nil // let the old array go
		return
	}
	s.events = rest
}

// Since returns the events of s beyond processed, which should be a
// prefix of s (PROTOCOL.md §11.4: the server handles only what it has not
// handled yet). If processed is not a prefix, the events after the longest
// common prefix are returned. The result aliases s; read-only.
func (s *UserStream) Since(processed *UserStream) []UserEvent {
	return s.events[s.commonPrefix(processed):]
}

// DiffFrom encodes the events of s beyond older as a serialized
// ClientBuffers.UserMessage (PROTOCOL.md §11.2): runs of bytes become one
// keystroke instruction, each resize its own instruction. It returns nil
// when s adds nothing. older should be a prefix of s; if it is not, the
// diff starts after the longest common prefix.
func (s *UserStream) DiffFrom(older *UserStream) []byte {
	return appendUserDiff(nil, s.Since(older))
}

// appendUserDiff appends the UserMessage for events to dst (nil for none).
func appendUserDiff(dst []byte, events []UserEvent) []byte {
	if len(events) == 0 {
		return dst
	}
	var ins []wire.UserInstruction
	keys := make([]byte, 0, len(events))
	for _, ev := range events {
		switch ev.Kind {
		case UserByte:
			start := len(keys)
			keys = append(keys, ev.Byte)
			if n := len(ins); n > 0 && ins[n-1].Kind == wire.UserKeystroke {
				ins[n-1].Keys = keys[start-len(ins[n-1].Keys) : len(keys)]
			} else {
				ins = append(ins, wire.UserInstruction{Kind: wire.UserKeystroke, Keys: keys[start:]})
			}
		case UserResize:
			ins = append(ins, wire.UserInstruction{Kind: wire.UserResize, Width: ev.Width, Height: ev.Height})
		}
	}
	return wire.AppendUserMessage(dst, ins)
}

// Apply appends the events of a serialized UserMessage (PROTOCOL.md
// §11.3). A malformed message, or a resize to a size that is not
// positive, is an error and leaves s unchanged.
func (s *UserStream) Apply(diff []byte) error {
	ins, err := wire.ParseUserMessage(diff)
	if err != nil {
		return fmt.Errorf("statesync: user diff: %w", err)
	}
	for _, in := range ins {
		if in.Kind == wire.UserResize && (in.Width <= 0 || in.Height <= 0) {
			return fmt.Errorf("statesync: user diff: resize to %d×%d", in.Width, in.Height)
		}
	}
	for _, in := range ins {
		switch in.Kind {
		case wire.UserKeystroke:
			s.PushBytes(in.Keys)
		case wire.UserResize:
			s.PushResize(int(in.Width), int(in.Height))
		}
	}
	return nil
}
