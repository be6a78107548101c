package statesync

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUserDiffBytes checks DiffFrom against the byte examples of
// PROTOCOL.md §9.6 and the grouping rules of §11.2.
func TestUserDiffBytes(t *testing.T) {
	tests := []struct {
		name  string
		build func(s *UserStream)
		want  string
	}{
		{"nothing", func(s *UserStream) {}, ""},
		{"first resize", func(s *UserStream) { s.PushResize(80, 24) }, "0a 06 1a 04 28 50 30 18"},
		{"keystroke e", func(s *UserStream) { s.PushBytes([]byte("e")) }, "0a 05 12 03 22 01 65"},
		{"exit CR", func(s *UserStream) { s.PushBytes([]byte("exit\r")) }, "0a 09 12 07 22 05 65 78 69 74 0d"},
		{"bytes merge across pushes", func(s *UserStream) {
			s.PushBytes([]byte("ex"))
			s.PushBytes([]byte("it\r"))
		}, "0a 09 12 07 22 05 65 78 69 74 0d"},
		{"resize splits keystrokes", func(s *UserStream) {
			s.PushBytes([]byte("a"))
			s.PushResize(80, 24)
			s.PushResize(100, 30)
			s.PushBytes([]byte("b"))
		}, "0a 05 12 03 22 01 61" + "0a 06 1a 04 28 50 30 18" + "0a 06 1a 04 28 64 30 1e" + "0a 05 12 03 22 01 62"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewUserStream()
			tt.build(s)
			got := s.DiffFrom(NewUserStream())
			if want := unhex(t, tt.want); !bytes.Equal(got, want) {
				t.Fatalf("DiffFrom = % x, want % x", got, want)
			}
			back := NewUserStream()
			if err := back.Apply(got); err != nil {
				t.Fatal(err)
			}
			if !back.Equal(s) {
				t.Fatalf("Apply(DiffFrom) = %v, want %v", back.Events(), s.Events())
			}
		})
	}
}

// TestUserDiffFromPrefix checks that only the events beyond older are
// encoded.
func TestUserDiffFromPrefix(t *testing.T) {
	old := NewUserStream()
	old.PushResize(80, 24)
	old.PushBytes([]byte("ex"))
	s := old.Clone()
	s.PushBytes([]byte("it\r"))
	if got, want := s.DiffFrom(old), unhex(t, "0a 07 12 05 22 03 69 74 0d"); !bytes.Equal(got, want) {
		t.Fatalf("DiffFrom = % x, want % x", got, want)
	}
	if got := s.DiffFrom(s); got != nil {
		t.Fatalf("DiffFrom(self) = % x, want nil", got)
	}
	if got := s.Since(old); len(got) != 3 || got[0].Byte != 'i' {
		t.Fatalf("Since = %v", got)
	}
}

// TestUserApplyErrors checks that bad diffs are refused without changing
// the stream.
func TestUserApplyErrors(t *testing.T) {
	tests := []struct {
		name, diff string
	}{
		{"truncated", "0a 05 12 03 22 01"},
		{"zero width", "0a 06 1a 04 28 00 30 18"},
		{"negative height", "0a 0f 1a 0d 28 50 30 ff ff ff ff ff ff ff ff ff 01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewUserStream()
			s.PushBytes([]byte("x"))
			before := s.Clone()
			err := s.Apply(unhex(t, tt.diff))
			if err == nil || !strings.HasPrefix(err.Error(), "statesync: ") {
				t.Fatalf("Apply error = %v, want a statesync error", err)
			}
			if !s.Equal(before) {
				t.Fatalf("stream changed on error: %v", s.Events())
			}
		})
	}
}

// randomEvents appends n random events to s.
func randomEvents(r *rand.Rand, s *UserStream, n int) {
	for range n {
		if r.IntN(8) == 0 {
			s.PushResize(1+r.IntN(300), 1+r.IntN(100))
		} else {
			s.PushBytes([]byte{byte(r.IntN(256))})
		}
	}
}

// TestUserStreamProperties runs random histories through the operations
// the transport performs: clone, push, diff, apply, subtract.
func TestUserStreamProperties(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		sender := NewUserStream() // the client's current state
		var sent []*UserStream    // states the client keeps
		receiver := NewUserStream()
		processed := NewUserStream()
		var all []UserEvent // everything ever pushed, for checking
		for step := 0; step < 30; step++ {
			before := sender.Len()
			randomEvents(r, sender, r.IntN(6))
			all = append(all, sender.Events()[before:]...)
			snap := sender.Clone()
			// The clone must not see later pushes to sender.
			randomEvents(r, sender, 1)
			all = append(all, sender.Events()[sender.Len()-1])
			if snap.Len() != sender.Len()-1 {
				t.Fatalf("seed %d: clone grew", seed)
			}
			sent = append(sent, snap)

			// Receiver gets snap as a diff from the state it has.
			d := snap.DiffFrom(receiver)
			next := receiver.Clone()
			if err := next.Apply(d); err != nil {
				t.Fatalf("seed %d: Apply: %v", seed, err)
			}
			if !next.Equal(snap) {
				t.Fatalf("seed %d step %d: applied %v, want %v", seed, step, next.Events(), snap.Events())
			}
			// The server consumes what it has not processed yet.
			got := next.Since(processed)
			if want := snap.Events()[processed.Len():]; !eventsEqual(got, want) {
				t.Fatalf("seed %d: Since = %v, want %v", seed, got, want)
			}
			processed = next
			receiver = next

			// Sometimes the receiver acks: everyone subtracts the
			// acked state, as ssp does on both sides.
			if r.IntN(3) == 0 {
				acked := receiver.Clone()
				for _, st := range sent {
					st.Subtract(acked)
				}
				sender.Subtract(acked)
				receiver.Subtract(acked)
				processed = receiver
				if receiver.Len() != 0 {
					t.Fatalf("seed %d: subtracting itself left %d events", seed, receiver.Len())
				}
			}
		}
		// What the sender holds is a suffix of everything pushed.
		if tail := all[len(all)-sender.Len():]; !eventsEqual(sender.Events(), tail) {
			t.Fatalf("seed %d: sender holds %v, want suffix %v", seed, sender.Events(), tail)
		}
	}
}

func eventsEqual(a, b []UserEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestUserSubtractNotPrefix checks the partial-match rule.
func TestUserSubtractNotPrefix(t *testing.T) {
	s := NewUserStream()
	s.PushBytes([]byte("abc"))
	p := NewUserStream()
	p.PushBytes([]byte("abx"))
	s.Subtract(p)
	if got := string(rune(s.Events()[0].Byte)); s.Len() != 1 || got != "c" {
		t.Fatalf("after Subtract: %v", s.Events())
	}
}

// BenchmarkUserDiff measures encoding a 64-byte paste.
func BenchmarkUserDiff(b *testing.B) {
	old := NewUserStream()
	s := old.Clone()
	s.PushBytes(bytes.Repeat([]byte("x"), 64))
	for b.Loop() {
		_ = s.DiffFrom(old)
	}
}
