package ssptest

import (
	"bytes"
	"errors"

	"ssh-mosh/ssp"
)

// Log is an append-only byte log, a stand-in for the keystroke stream: a
// newer Log extends an older one, a diff is the appended bytes, and an
// acknowledged prefix can be subtracted. The zero value is the empty log.
type Log struct {
	b []byte
}

var (
	_ ssp.State[*Log]      = (*Log)(nil)
	_ ssp.Subtracter[*Log] = (*Log)(nil)
)

// NewLog returns a log holding a copy of b.
func NewLog(b []byte) *Log { return &Log{b: bytes.Clone(b)} }

// Bytes returns the log's content; do not modify it.
func (l *Log) Bytes() []byte { return l.b }

// Append returns a new log: l followed by p.
func (l *Log) Append(p []byte) *Log {
	return &Log{b: append(bytes.Clone(l.b), p...)}
}

// DiffFrom returns the bytes l has beyond older, which must be a prefix of
// l; if it is not, the whole of l is returned.
func (l *Log) DiffFrom(older *Log) []byte {
	if bytes.HasPrefix(l.b, older.b) {
		return bytes.Clone(l.b[len(older.b):])
	}
	return bytes.Clone(l.b)
}

// Apply appends diff.
func (l *Log) Apply(diff []byte) error {
	l.b = append(l.b, diff...)
	return nil
}

// Equal reports whether both logs hold the same bytes.
func (l *Log) Equal(other *Log) bool { return bytes.Equal(l.b, other.b) }

// Clone returns an independent copy.
func (l *Log) Clone() *Log { return NewLog(l.b) }

// Subtract removes prefix from the front of l; nothing if prefix is not a
// prefix of l.
func (l *Log) Subtract(prefix *Log) {
	if bytes.HasPrefix(l.b, prefix.b) {
		l.b = bytes.Clone(l.b[len(prefix.b):])
	}
}

// Value is a state replaced as a whole, a stand-in for the screen: its
// diff is a marker byte followed by the new content. The zero value is
// the empty value.
type Value struct {
	b []byte
}

var _ ssp.State[*Value] = (*Value)(nil)

// valueMarker starts every non-empty Value diff, so that "set to empty" is
// not confused with "no change".
const valueMarker = 0x56

// ErrBadValueDiff is returned by Value.Apply for a diff without the marker.
var ErrBadValueDiff = errors.New("ssptest: malformed value diff")

// NewValue returns a value holding a copy of b.
func NewValue(b []byte) *Value { return &Value{b: bytes.Clone(b)} }

// Bytes returns the content; do not modify it.
func (v *Value) Bytes() []byte { return v.b }

// DiffFrom returns nothing if older is equal, else the marker and v's
// whole content.
func (v *Value) DiffFrom(older *Value) []byte {
	if v.Equal(older) {
		return nil
	}
	return append([]byte{valueMarker}, v.b...)
}

// Apply replaces the content by the one in diff.
func (v *Value) Apply(diff []byte) error {
	if len(diff) == 0 || diff[0] != valueMarker {
		return ErrBadValueDiff
	}
	v.b = bytes.Clone(diff[1:])
	return nil
}

// Equal reports whether both hold the same bytes.
func (v *Value) Equal(other *Value) bool { return bytes.Equal(v.b, other.b) }

// Clone returns an independent copy.
func (v *Value) Clone() *Value { return NewValue(v.b) }
