package statesync

import (
	"testing"

	"ssh-mosh/internal/wire"
)

// FuzzCompleteApply feeds arbitrary bytes as a server diff to a client
// state: Apply must never panic, and an error must leave the state as it
// was. Run by hand with go test -fuzz FuzzCompleteApply ./internal/statesync.
func FuzzCompleteApply(f *testing.F) {
	f.Add(wire.AppendHostMessage(nil, []wire.HostInstruction{
		{Kind: wire.HostEchoAck, EchoAckNum: 1},
		{Kind: wire.HostResize, Width: 20, Height: 5},
		{Kind: wire.HostBytes, HostString: []byte("\x1b[?25l\n$ \x1b[?25h\x1b[6n\x1b[c")},
	}))
	f.Add([]byte("\x0a\x04\x3a\x02\x40\x01"))
	f.Add([]byte("\x0a\x06\x1a\x04\x28\x00\x30\x18"))
	f.Fuzz(func(t *testing.T, diff []byte) {
		c := NewComplete(10, 4, CompleteOptions{})
		c.Act([]byte("hello"))
		c.SetEchoAck(2)
		before := c.Clone()
		if err := c.Apply(diff); err != nil && !c.Equal(before) {
			t.Fatalf("Apply failed (%v) but changed the state", err)
		}
		if c.EchoAck() < 2 {
			t.Fatalf("echo ack went back to %d", c.EchoAck())
		}
	})
}

// FuzzUserApply feeds arbitrary bytes as a client diff to the server's
// copy of the user stream, and checks that what Apply accepts encodes
// back to an equivalent diff.
func FuzzUserApply(f *testing.F) {
	f.Add([]byte("\x0a\x05\x12\x03\x22\x01\x65"))
	f.Add([]byte("\x0a\x06\x1a\x04\x28\x50\x30\x18"))
	f.Fuzz(func(t *testing.T, diff []byte) {
		s := NewUserStream()
		if err := s.Apply(diff); err != nil {
			if s.Len() != 0 {
				t.Fatalf("Apply failed (%v) but added %d events", err, s.Len())
			}
			return
		}
		again := NewUserStream()
		if err := again.Apply(s.DiffFrom(NewUserStream())); err != nil || !again.Equal(s) {
			t.Fatalf("re-encoding %v gave %v (%v)", s.Events(), again.Events(), err)
		}
	})
}
