package client

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/ssp"
	"ssh-mosh/term"
	"ssh-mosh/term/overlay"
)

type serverTransport = ssp.Transport[*statesync.Complete, *statesync.UserStream]

// seededReader is a deterministic chaff source.
type seededReader struct{ r *rand.ChaCha8 }

func (s seededReader) Read(p []byte) (int, error) { return s.r.Read(p) }

// linkedSession is a client session (no terminal, no socket) whose
// transport has exchanged states with a server transport in virtual time,
// so that it has an RTT sample and paces like a session in use.
func linkedSession(t *testing.T, t0 time.Time) (*session, time.Time) {
	t.Helper()
	var key crypto.Key
	srvAddr := netip.MustParseAddrPort("127.0.0.1:60001")
	cliAddr := netip.MustParseAddrPort("127.0.0.1:50001")
	rnd := seededReader{rand.NewChaCha8([32]byte{1})}
	s := &session{logf: t.Logf, scr: &screen{local: term.NewFramebuffer(80, 24)}}
	s.pred = overlay.NewPredictor(overlay.Adaptive, false)
	s.notes = overlay.NewNotifier(t0)
	var err error
	s.t, err = ssp.New[*statesync.UserStream, *statesync.Complete](
		ssp.Config{Key: key, Side: ssp.Client, Remote: srvAddr, Rand: rnd},
		statesync.NewUserStream(), statesync.NewComplete(80, 24, statesync.CompleteOptions{}), t0)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ssp.New[*statesync.Complete, *statesync.UserStream](
		ssp.Config{Key: key, Side: ssp.Server, Local: srvAddr.Addr(), Rand: rnd},
		statesync.NewComplete(80, 24, statesync.CompleteOptions{}), statesync.NewUserStream(), t0)
	if err != nil {
		t.Fatal(err)
	}
	s.pushResize(80, 24)
	now := t0
	for i := 0; i < 400; i++ { // 2 s in 5 ms steps, 1 ms each way
		now = now.Add(5 * time.Millisecond)
		for _, d := range s.t.Tick(now) {
			if _, err := srv.Receive(now.Add(time.Millisecond), cliAddr, d.Data); err != nil {
				t.Fatal(err)
			}
		}
		if i == 20 {
			c := srv.CurrentState().Clone()
			c.Act([]byte("$ "))
			srv.SetCurrentState(c)
		}
		for _, d := range srv.Tick(now) {
			if _, err := s.t.Receive(now.Add(time.Millisecond), srvAddr, d.Data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if s.t.SRTT() >= time.Second {
		t.Fatalf("no RTT sample after the exchange (SRTT %v)", s.t.SRTT())
	}
	if got := s.t.RemoteState().Framebuffer().Row(0).String(); got != "$" {
		t.Fatalf("server screen not synchronised: %q", got)
	}
	return s, now.Add(time.Second)
}

// TestTypedKeyLeavesAtOnce: a typed key is on the wire in the loop
// iteration that read it (no SRTT/2 pacing, no collection delay); a paste
// is not hurried and waits for the transport's collection delay.
func TestTypedKeyLeavesAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		input  []byte
		atOnce bool
	}{
		{"one key", []byte("a"), true},
		{"an escape sequence", []byte("\x1b[A"), true},
		{"a read at the paste threshold", bytes.Repeat([]byte("x"), pasteThreshold), true},
		{"a paste", []byte(strings.Repeat("y", pasteThreshold+1)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, now := linkedSession(t, time.Unix(1000, 0))
			sent := s.t.LastSentNum()
			s.userInput(now, tc.input)
			out := s.t.Tick(now)
			if got := len(out) > 0; got != tc.atOnce {
				t.Fatalf("sent at once: %v, want %v", got, tc.atOnce)
			}
			if !tc.atOnce {
				// It still leaves within a send interval.
				limit := now.Add(time.Second)
				for len(out) == 0 && now.Before(limit) {
					now = s.t.NextDeadline(now)
					out = s.t.Tick(now)
				}
				if len(out) == 0 {
					t.Fatal("paste never sent")
				}
			}
			if s.t.LastSentNum() <= sent {
				t.Errorf("state number %d after sending, was %d", s.t.LastSentNum(), sent)
			}
		})
	}
}
