package server

import (
	"errors"
	"net/netip"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// fakeMu guards every fake: the loop's goroutine and the test's touch
// them, and timer wake-ups in a bubble order nothing for the race detector.
var fakeMu sync.Mutex

// locked runs f holding fakeMu.
func locked(f func()) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	f()
}

// fakeTransport is a scripted SSP core: every received datagram is a new
// client state.
type fakeTransport struct {
	remoteNum  uint64
	remoteTime time.Time
	hasRemote  bool
	shutdown   bool
	acked      bool // our shutdown was acknowledged
	ackSent    bool // we acknowledged the client's shutdown
	ticks      int
	deadline   time.Time
	pending    bool
}

var clientAddr = netip.MustParseAddrPort("127.0.0.1:40000")

func (f *fakeTransport) Receive(now time.Time, from netip.AddrPort, d []byte) (bool, error) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	if string(d) == "bad" {
		return false, errors.New("ssp: packet failed integrity check")
	}
	f.remoteNum++
	f.remoteTime = now
	f.hasRemote = true
	return true, nil
}
func (f *fakeTransport) Tick(now time.Time) []datagram {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	f.ticks++
	if !f.hasRemote {
		return nil
	}
	return []datagram{{to: clientAddr, data: []byte("x")}}
}
func (f *fakeTransport) NextDeadline(now time.Time) time.Time {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.deadline
}
func (f *fakeTransport) SendFailed(now time.Time, err error) {}
func (f *fakeTransport) StartShutdown(now time.Time) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	f.shutdown = true
}
func (f *fakeTransport) ShutdownInProgress() bool {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.shutdown
}
func (f *fakeTransport) ShutdownAcknowledged() bool {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.acked
}
func (f *fakeTransport) CounterpartyShutdownAckSent() bool {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.ackSent
}
func (f *fakeTransport) ShutdownAckTimedOut(now time.Time) bool {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return false
}
func (f *fakeTransport) RemoteStateNum() uint64 {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.remoteNum
}
func (f *fakeTransport) RemoteStateTime() time.Time {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.remoteTime
}
func (f *fakeTransport) HasRemoteAddr() bool {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return f.hasRemote
}
func (f *fakeTransport) Hurry()        {}
func (f *fakeTransport) HurryNow()     {}
func (f *fakeTransport) Pending() bool { return f.pending }

func (f *fakeTransport) RemoteAddr() netip.AddrPort {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return clientAddr
}

// fakeHost records what the loop does to the terminal state.
type fakeHost struct {
	output   []byte
	resizes  [][2]int
	echoAcks []uint64
	publish  int
	pending  [][]event // events returned by successive NewEvents calls
}

func (h *fakeHost) Write(b []byte) []byte {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	h.output = append(h.output, b...)
	if string(b) == "\x1b[c" {
		return []byte("\x1b[?62c")
	}
	return nil
}
func (h *fakeHost) Keystrokes(b []byte) []byte {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return append([]byte("k:"), b...)
}
func (h *fakeHost) Resize(c, r int) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	h.resizes = append(h.resizes, [2]int{c, r})
}
func (h *fakeHost) SetEchoAck(n uint64) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	h.echoAcks = append(h.echoAcks, n)
}
func (h *fakeHost) Publish() {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	h.publish++
}
func (h *fakeHost) NewEvents() ([]event, bool) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	if len(h.pending) == 0 {
		return nil, true
	}
	e := h.pending[0]
	h.pending = h.pending[1:]
	return e, true
}

// fakePty records the loop's pty operations.
type fakePty struct {
	writes   []string
	resizes  [][2]int
	released int
	utmp     []string
}

func (p *fakePty) Write(b []byte) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	p.writes = append(p.writes, string(b))
}
func (p *fakePty) Resize(c, r int) error {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	p.resizes = append(p.resizes, [2]int{c, r})
	return nil
}
func (p *fakePty) Release() error {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	p.released++
	return nil
}
func (p *fakePty) SetUtmp(connectedTo string) {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	p.utmp = append(p.utmp, connectedTo)
}

// harness runs a loop in a synctest bubble with channels the test feeds.
type harness struct {
	l       *loop
	t       *fakeTransport
	h       *fakeHost
	pty     *fakePty
	packets chan packet
	ptyData chan []byte
	ptyErr  chan error
	signals chan os.Signal
	sent    int
	done    chan struct{}
	start   time.Time
	end     time.Time
}

func newHarness(netTimeout, sigTimeout time.Duration) *harness {
	hs := &harness{
		t: &fakeTransport{}, h: &fakeHost{}, pty: &fakePty{},
		packets: make(chan packet), ptyData: make(chan []byte), ptyErr: make(chan error),
		signals: make(chan os.Signal), done: make(chan struct{}),
	}
	hs.l = &loop{
		t: hs.t, h: hs.h, pty: hs.pty,
		logf:           func(string, ...any) {},
		send:           func(netip.AddrPort, []byte) error { locked(func() { hs.sent++ }); return nil },
		networkTimeout: netTimeout, signalTimeout: sigTimeout,
	}
	return hs
}

func (hs *harness) run() {
	hs.start = time.Now()
	free := make(chan []byte, 64) // the test plays the pump and never takes buffers back
	go func() {
		hs.l.run(newRealClock(), inputs{
			packets: hs.packets, ptyData: hs.ptyData, ptyDone: free,
			ptyErr: hs.ptyErr, signals: hs.signals, ptyWErr: make(chan error),
		})
		hs.end = time.Now()
		close(hs.done)
	}()
	synctest.Wait()
}

// snapshot copies the fakes' records under the lock.
type snapshot struct {
	t    fakeTransport
	h    fakeHost
	pty  fakePty
	sent int
}

func (hs *harness) snap() snapshot {
	fakeMu.Lock()
	defer fakeMu.Unlock()
	return snapshot{t: *hs.t, h: *hs.h, pty: *hs.pty, sent: hs.sent}
}

func (hs *harness) finished() bool {
	select {
	case <-hs.done:
		return true
	default:
		return false
	}
}

func TestLoopNoClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hs := newHarness(0, 0)
		hs.run()
		time.Sleep(59 * time.Second)
		synctest.Wait()
		if hs.finished() {
			t.Fatal("exited before 60 s")
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if !hs.finished() {
			t.Fatal("still running after 61 s without a client")
		}
		if d := hs.end.Sub(hs.start); d != 60*time.Second {
			t.Errorf("exited after %v, want 60s", d)
		}
		if hs.snap().pty.released != 1 || hs.snap().sent != 0 {
			t.Errorf("released %d, sent %d; want the child started and nothing sent", hs.snap().pty.released, hs.snap().sent)
		}
	})
}

// TestLoopReleasesAtStartAndAppliesEvents: the child starts before any
// client state (a deviation from mosh, see loop.release), and client
// states are applied as they come.
func TestLoopReleasesAtStartAndAppliesEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hs := newHarness(0, 0)
		locked(func() {
			hs.h.pending = [][]event{
				{{cols: 80, rows: 24}, {cols: 100, rows: 30}, {bytes: []byte("ls")}, {cols: 90, rows: 20}},
				{{bytes: []byte("\r")}},
			}
		})
		hs.run()
		if hs.snap().pty.released != 1 {
			t.Fatalf("released %d times before the first client state, want 1", hs.snap().pty.released)
		}
		hs.packets <- packet{from: clientAddr, data: []byte("s1")}
		synctest.Wait()
		if hs.snap().pty.released != 1 {
			t.Fatalf("released %d times, want 1", hs.snap().pty.released)
		}
		if want := [][2]int{{100, 30}, {90, 20}}; !slices.Equal(hs.snap().pty.resizes, want) || !slices.Equal(hs.snap().h.resizes, want) {
			t.Errorf("pty resizes %v, emulator %v; want %v", hs.snap().pty.resizes, hs.snap().h.resizes, want)
		}
		if want := []string{"k:ls"}; !slices.Equal(hs.snap().pty.writes, want) {
			t.Errorf("pty writes %q, want %q", hs.snap().pty.writes, want)
		}
		if len(hs.snap().h.echoAcks) != 0 {
			t.Errorf("echo ack %v before 50 ms", hs.snap().h.echoAcks)
		}
		time.Sleep(10 * time.Millisecond)
		hs.packets <- packet{from: clientAddr, data: []byte("s2")}
		synctest.Wait()
		time.Sleep(45 * time.Millisecond) // 55 ms after state 1
		synctest.Wait()
		if want := []uint64{1}; !slices.Equal(hs.snap().h.echoAcks, want) {
			t.Errorf("echo acks %v at 55 ms, want %v", hs.snap().h.echoAcks, want)
		}
		time.Sleep(10 * time.Millisecond) // 65 ms: state 2 is 55 ms old
		synctest.Wait()
		if want := []uint64{1, 2}; !slices.Equal(hs.snap().h.echoAcks, want) {
			t.Errorf("echo acks %v at 65 ms, want %v", hs.snap().h.echoAcks, want)
		}
		hs.packets <- packet{from: clientAddr, data: []byte("s3")}
		synctest.Wait()
		if hs.snap().pty.released != 1 {
			t.Errorf("released %d times, want once", hs.snap().pty.released)
		}
		hs.signals <- syscall.SIGTERM
		synctest.Wait()
		if !hs.snap().t.shutdown {
			t.Fatal("SIGTERM with a client did not start the shutdown")
		}
		locked(func() { hs.t.acked = true })
		time.Sleep(6 * time.Second)
		synctest.Wait()
		if !hs.finished() {
			t.Fatal("loop did not end after the shutdown was acknowledged")
		}
	})
}

func TestLoopPtyOutputAndReplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hs := newHarness(0, 0)
		hs.run()
		hs.packets <- packet{from: clientAddr, data: []byte("s1")}
		hs.ptyData <- []byte("hello")
		hs.ptyData <- []byte("\x1b[c")
		synctest.Wait()
		if string(hs.snap().h.output) != "hello\x1b[c" {
			t.Errorf("emulator got %q", hs.snap().h.output)
		}
		if want := []string{"\x1b[?62c"}; !slices.Equal(hs.snap().pty.writes, want) {
			t.Errorf("pty writes %q, want the DA answer", hs.snap().pty.writes)
		}
		if hs.snap().h.publish == 0 {
			t.Error("emulator changes never published")
		}
		hs.ptyErr <- errors.New("read /dev/ptmx: input/output error")
		synctest.Wait()
		if !hs.snap().t.shutdown {
			t.Fatal("pty EOF did not start the shutdown")
		}
		locked(func() { hs.t.ackSent = true }) // the client's shutdown crossed ours
		hs.packets <- packet{from: clientAddr, data: []byte("s2")}
		synctest.Wait()
		if !hs.finished() {
			t.Fatal("loop did not end")
		}
	})
}

func TestLoopSignalsAndIdle(t *testing.T) {
	tests := []struct {
		name       string
		netTimeout time.Duration
		sigTimeout time.Duration
		connect    bool
		signal     os.Signal
		wait       time.Duration
		wantDone   bool
		wantShut   bool
	}{
		{"SIGTERM without client exits", 0, 0, false, syscall.SIGTERM, 0, true, false},
		{"SIGINT with client shuts down", 0, 0, true, syscall.SIGINT, 0, false, true},
		{"SIGUSR1 without timeout shuts down", 0, 0, true, syscall.SIGUSR1, 0, false, true},
		{"SIGUSR1 with fresh client ignored", 0, 5 * time.Second, true, syscall.SIGUSR1, time.Second, false, false},
		{"SIGUSR1 with stale client shuts down", 0, 5 * time.Second, true, syscall.SIGUSR1, 6 * time.Second, false, true},
		{"network idle shuts down", 5 * time.Second, 0, true, nil, 5 * time.Second, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				hs := newHarness(tt.netTimeout, tt.sigTimeout)
				hs.run()
				if tt.connect {
					hs.packets <- packet{from: clientAddr, data: []byte("s1")}
				}
				time.Sleep(tt.wait)
				synctest.Wait()
				if tt.signal != nil {
					hs.signals <- tt.signal
				}
				synctest.Wait()
				if hs.finished() != tt.wantDone || hs.snap().t.shutdown != tt.wantShut {
					t.Errorf("done %v shutdown %v; want %v %v", hs.finished(), hs.snap().t.shutdown, tt.wantDone, tt.wantShut)
				}
				for i := 0; i < 2 && !hs.finished(); i++ {
					hs.signals <- syscall.SIGTERM // the second, during a shutdown, ends it
					synctest.Wait()
				}
			})
		})
	}
}

// TestLoopChildEndsBeforeClient: a child that ends before any client
// comes does not end the session; the client's first state starts the
// shutdown, so it still gets the last screen. Without a client the loop
// ends after 60 s as always.
func TestLoopChildEndsBeforeClient(t *testing.T) {
	for _, client := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			hs := newHarness(0, 0)
			hs.run()
			hs.ptyData <- []byte("bye")
			hs.ptyErr <- errors.New("read /dev/ptmx: input/output error")
			synctest.Wait()
			time.Sleep(10 * time.Second)
			synctest.Wait()
			if hs.finished() || hs.snap().t.shutdown {
				t.Fatalf("client %v: the child's end ended the session before any client came", client)
			}
			if !client {
				time.Sleep(51 * time.Second)
				synctest.Wait()
				if !hs.finished() {
					t.Fatal("still running 61 s after start without a client")
				}
				if d := hs.end.Sub(hs.start); d != 60*time.Second {
					t.Errorf("exited after %v, want 60s", d)
				}
				return
			}
			hs.packets <- packet{from: clientAddr, data: []byte("s1")}
			synctest.Wait()
			if !hs.snap().t.shutdown {
				t.Fatal("the first client state did not start the shutdown")
			}
			if hs.snap().h.publish == 0 {
				t.Error("the last screen was never published")
			}
			locked(func() { hs.t.acked = true })
			time.Sleep(6 * time.Second)
			synctest.Wait()
			if !hs.finished() {
				t.Fatal("loop did not end after the shutdown was acknowledged")
			}
		})
	}
}

func TestLoopIgnoresBadDatagrams(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hs := newHarness(0, 0)
		hs.run()
		hs.packets <- packet{from: clientAddr, data: []byte("bad")}
		synctest.Wait()
		if hs.snap().pty.released != 1 || hs.finished() {
			t.Error("a rejected datagram released the child again or ended the loop")
		}
		hs.signals <- syscall.SIGTERM
		synctest.Wait()
	})
}

func TestEchoAck(t *testing.T) {
	t0 := time.Unix(1000, 0)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	var e echoAck
	steps := []struct {
		record   uint64 // 0 = none
		at       int
		update   int
		want     uint64
		changed  bool
		deadline int // -1 = none
	}{
		{3, 0, 10, 0, false, 50},
		{0, 0, 50, 3, true, -1},
		{4, 60, 70, 3, false, 110},
		{5, 80, 109, 3, false, 110},
		{0, 0, 111, 4, true, 130},
		{0, 0, 200, 5, true, -1},
		{0, 0, 300, 5, false, -1},
	}
	for i, s := range steps {
		if s.record != 0 {
			e.record(s.record, ms(s.at))
		}
		changed := e.update(ms(s.update))
		if changed != s.changed || e.value != s.want {
			t.Errorf("step %d: changed %v value %d; want %v %d", i, changed, e.value, s.changed, s.want)
		}
		d := e.deadline()
		if (s.deadline < 0) != d.IsZero() || (s.deadline >= 0 && !d.Equal(ms(s.deadline))) {
			t.Errorf("step %d: deadline %v, want %d ms", i, d.Sub(t0), s.deadline)
		}
	}
}

func TestLoopTrimsAfterBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hs := newHarness(0, 0)
		n := 0
		hs.l.trim = func() { locked(func() { n++ }) }
		trims := func() (v int) { locked(func() { v = n }); return v }
		hs.run()
		hs.packets <- packet{from: clientAddr, data: []byte("s1")}
		chunk := make([]byte, 64<<10)
		for i := 0; i < 8; i++ {
			hs.ptyData <- chunk
		}
		synctest.Wait()
		time.Sleep(500 * time.Millisecond)
		synctest.Wait()
		if trims() != 0 {
			t.Fatalf("trimmed %d times below the threshold", trims())
		}
		for i := 0; i < 16; i++ {
			hs.ptyData <- chunk
		}
		synctest.Wait()
		time.Sleep(900 * time.Millisecond)
		synctest.Wait()
		if trims() != 0 {
			t.Fatal("trimmed while output was still recent")
		}
		time.Sleep(200 * time.Millisecond)
		synctest.Wait()
		if trims() != 1 {
			t.Fatalf("trimmed %d times after the burst settled, want 1", trims())
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if trims() != 1 {
			t.Fatalf("trimmed %d times while idle, want 1", trims())
		}
		hs.signals <- syscall.SIGTERM
		hs.signals <- syscall.SIGTERM
		synctest.Wait()
	})
}
