package server

import (
	"bytes"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/ssp"
)

// TestLoopEchoLatency runs the loop with the real SSP core and terminal in
// virtual time against an SSP client over a link with a fixed delay, types
// keys at a steady pace, has the "shell" echo each one as soon as it is
// written to the pty, and measures how long after that echo the server
// sends the frame that shows it. A short echo leaves at once, a large read
// after keys (a redraw, perhaps in pieces) after 1 ms; it must not wait for
// SEND_MINDELAY, for send_interval, or behind an echo-ack frame still
// pending from the previous key (which held every echo 120 ms when keys
// came 120 ms apart at 300 ms RTT). Output not preceded by keys is
// collected for SEND_MINDELAY (8 ms) as before.
func TestLoopEchoLatency(t *testing.T) {
	tests := []struct {
		name    string
		oneWay  time.Duration
		gap     time.Duration // between keys
		noKeys  bool          // the output is not an echo
		large   bool          // each output is more than echoCompleteMax
		min     time.Duration // from the output to the frame showing it
		max     time.Duration
		samples int
	}{
		{"fast link, single keys", 0, 300 * time.Millisecond, false, false, 0, 0, 5},
		{"fast link, keys 120 ms apart", 0, 120 * time.Millisecond, false, false, 0, 0, 5},
		{"300 ms RTT, single keys", 150 * time.Millisecond, 600 * time.Millisecond, false, false, 0, 0, 5},
		{"300 ms RTT, keys 120 ms apart", 150 * time.Millisecond, 120 * time.Millisecond, false, false, 0, 0, 8},
		{"fast link, a large read after keys", 0, 300 * time.Millisecond, false, true, time.Millisecond, time.Millisecond, 5},
		{"fast link, output without keys", 0, 300 * time.Millisecond, true, false, 8 * time.Millisecond, 8 * time.Millisecond, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEchoRig(t, tt.oneWay)
				if tt.large {
					// "x" and then SGR resets, which move nothing: more
					// than an echo, as a redraw would be.
					e.out = append([]byte("x"), bytes.Repeat([]byte("\x1b[m"), echoCompleteMax/3+1)...)
				}
				defer e.stop()
				// Connect and take RTT samples; start typing between heartbeats.
				e.step(3500 * time.Millisecond)
				for range tt.samples {
					if tt.noKeys {
						e.output()
					} else {
						e.typeKey('x')
					}
					e.step(tt.gap)
				}
				e.step(time.Second)
				if len(e.outAt) != tt.samples {
					t.Fatalf("%d outputs, want %d", len(e.outAt), tt.samples)
				}
				for i := 1; i <= tt.samples; i++ {
					shown, ok := e.shownAt[i]
					if !ok {
						t.Fatalf("key %d: echo never shown", i)
					}
					if got := shown.Sub(e.outAt[i-1]); got < tt.min || got > tt.max {
						t.Errorf("key %d: frame with the echo sent %v after the output, want %v to %v", i, got, tt.min, tt.max)
					}
				}
			})
		})
	}
}

// echoRig joins a loop (real transport and terminal, fake pty) and an SSP
// client by a virtual link with a fixed one-way delay.
type echoRig struct {
	t       *testing.T
	oneWay  time.Duration
	client  *ssp.Transport[*statesync.UserStream, *statesync.Complete]
	pty     *fakePty
	packets chan packet
	ptyData chan []byte
	signals chan os.Signal
	done    chan struct{}

	mu       sync.Mutex // guards toClient: the loop's send appends
	toClient []timed
	toServer []timed

	echoed int         // keystroke writes of the pty already echoed
	out    []byte      // what the application writes each time
	outAt  []time.Time // when each "x" of output was written
	// shownAt[n] is when the server sent the frame that first put the
	// client's cursor on column n or beyond.
	shownAt map[int]time.Time
}

// timed is a datagram and when it was sent.
type timed struct {
	at   time.Time
	data []byte
}

var rigServer = netip.MustParseAddrPort("127.0.0.1:60001")

func newEchoRig(t *testing.T, oneWay time.Duration) *echoRig {
	var key crypto.Key
	copy(key[:], "echo-latency-key")
	e := &echoRig{
		t: t, oneWay: oneWay, pty: &fakePty{},
		packets: make(chan packet), ptyData: make(chan []byte), signals: make(chan os.Signal),
		done: make(chan struct{}), shownAt: map[int]time.Time{}, out: []byte("x"),
	}
	tr, h, err := newSession(Config{Key: key, Cols: 80, Rows: 24}, rigServer.Addr(), time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ssp.New(ssp.Config{Key: key, Side: ssp.Client, Remote: rigServer, Rand: bytes.NewReader(make([]byte, 1<<20))},
		statesync.NewUserStream(), statesync.NewComplete(80, 24, statesync.CompleteOptions{}), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
	l := &loop{
		t: tr, h: h, pty: e.pty,
		logf: t.Logf,
		send: func(_ netip.AddrPort, b []byte) error {
			e.mu.Lock()
			e.toClient = append(e.toClient, timed{time.Now(), bytes.Clone(b)})
			e.mu.Unlock()
			return nil
		},
	}
	go func() {
		defer close(e.done)
		l.run(newRealClock(), inputs{
			packets: e.packets, ptyData: e.ptyData, ptyDone: make(chan []byte, 1<<12),
			ptyErr: make(chan error), signals: e.signals, ptyWErr: make(chan error),
		})
	}()
	synctest.Wait()
	return e
}

// typeKey adds a key to the client's state, as our client does.
func (e *echoRig) typeKey(b byte) {
	s := e.client.CurrentState().Clone()
	s.PushBytes([]byte{b})
	e.client.SetCurrentState(s)
	e.client.Hurry()
}

// output writes an "x" as the application's output.
func (e *echoRig) output() {
	e.outAt = append(e.outAt, time.Now())
	e.ptyData <- e.out
	synctest.Wait()
}

// echo plays the shell: each keystroke written to the pty is echoed at
// once.
func (e *echoRig) echo() {
	var n int
	locked(func() { n = len(e.pty.writes) })
	for ; e.echoed < n; e.echoed++ {
		e.output()
	}
}

// step advances virtual time by d, a millisecond at a time, delivering
// what the link carries and ticking the client.
func (e *echoRig) step(d time.Duration) {
	for range d / time.Millisecond {
		time.Sleep(time.Millisecond)
		synctest.Wait()
		now := time.Now()
		e.mu.Lock()
		var due []timed
		for len(e.toClient) > 0 && !e.toClient[0].at.Add(e.oneWay).After(now) {
			due = append(due, e.toClient[0])
			e.toClient = e.toClient[1:]
		}
		e.mu.Unlock()
		for _, m := range due {
			if _, err := e.client.Receive(now, rigServer, m.data); err != nil {
				e.t.Fatalf("client: %v", err)
			}
			col := e.client.RemoteState().Framebuffer().DS.CursorCol
			for n := 1; n <= col; n++ {
				if _, ok := e.shownAt[n]; !ok {
					e.shownAt[n] = m.at
				}
			}
		}
		for _, d := range e.client.Tick(now) {
			e.toServer = append(e.toServer, timed{now, d.Data})
		}
		for len(e.toServer) > 0 && !e.toServer[0].at.Add(e.oneWay).After(now) {
			e.packets <- packet{from: netip.MustParseAddrPort("127.0.0.1:40000"), data: e.toServer[0].data}
			e.toServer = e.toServer[1:]
			synctest.Wait()
			e.echo()
		}
	}
}

// stop ends the loop (a second SIGTERM during the shutdown ends it).
func (e *echoRig) stop() {
	for range 2 {
		select {
		case e.signals <- syscall.SIGTERM:
		case <-e.done:
			return
		}
		synctest.Wait()
	}
	<-e.done
}
