package ssp

// State is what SSP synchronizes: an immutable-by-convention value that can
// describe itself as a diff from an older value of the same type and rebuild a
// newer value from such a diff (PROTOCOL.md §10.1). S is the concrete type,
// normally a pointer: the client sends *statesync.UserStream and receives
// *statesync.Complete; the server the reverse.
//
// The transport never mutates a state it was given; it calls Clone before
// Apply.
type State[S any] interface {
	// DiffFrom returns the bytes that turn older into this state; empty
	// when they are equal.
	DiffFrom(older S) []byte
	// Apply changes this state by a diff produced by DiffFrom. An error
	// means the diff is malformed; the transport then drops the
	// instruction and keeps the state it had.
	Apply(diff []byte) error
	// Equal reports whether both states have the same content.
	Equal(other S) bool
	// Clone returns an independent copy.
	Clone() S
}

// Subtracter is implemented by states that grow without bound, such as the
// keystroke stream: after the peer acknowledges a state, the sender removes
// that acknowledged prefix from all newer states it keeps (PROTOCOL.md §10.4.3
// step 2, §11.1).
type Subtracter[S any] interface {
	Subtract(prefix S)
}
