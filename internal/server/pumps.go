package server

import (
	"io"
	"os"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"ssh-mosh/ssp/udp"
)

// ptyReadSize is the size of one read of the pty (PROTOCOL.md §14.1).
const ptyReadSize = 16384

// forwardPackets passes the socket's datagrams to the loop until the
// socket is closed or quit closes. The udp package has already dropped
// oversize ones.
func forwardPackets(in <-chan udp.Packet, out chan<- packet, quit <-chan struct{}) {
	for p := range in {
		select {
		case out <- packet{from: p.From, data: p.Data}:
		case <-quit:
			return
		}
	}
}

// readPty pumps reads of the pty master into data, reusing the buffers
// the loop hands back on free, until a read fails (EIO when the child side
// is gone, or the file was closed); then it reports the error on errc.
//
// After each blocking read it drains what else is already waiting, without
// blocking, up to ptyBatchSize: a flood of output then reaches the emulator
// in a few large pieces instead of many 4 KiB ones, which saves a
// goroutine hand-off per piece. The emulator sees the same bytes in the
// same order, so the screen is the same.
func readPty(f *os.File, data chan<- []byte, free <-chan []byte, errc chan<- error, quit <-chan struct{}) {
	buf := make([]byte, ptyBatchSize)
	rc, rcErr := f.SyscallConn()
	if rcErr == nil && !nonblocking(rc) {
		rcErr = syscall.EINVAL // rawRead would block the process: plain reads
	}
	for {
		var n int
		var err error
		if rcErr == nil {
			n, err = readWait(rc, buf[:ptyReadSize])
		} else {
			n, err = f.Read(buf[:ptyReadSize])
		}
		for err == nil && rcErr == nil && n > 0 && len(buf)-n >= ptyReadSize/4 {
			m := readNow(rc, buf[n:])
			if m <= 0 {
				break
			}
			n += m
		}
		if n > 0 {
			select {
			case data <- buf[:n]:
			case <-quit:
				return
			}
			select {
			case buf = <-free:
				buf = buf[:cap(buf)]
			case <-quit:
				return
			}
		}
		if err != nil {
			select {
			case errc <- err:
			case <-quit:
			}
			return
		}
	}
}

// ptyBatchSize bounds what readPty hands over at once.
const ptyBatchSize = 4 * ptyReadSize

// rawRead is read(2) on the pty master without telling the Go scheduler.
// The descriptor is non-blocking (readPty checks), so the call never
// blocks; and a plain syscall.Read of a few kilobytes from a pty, often
// over 20 µs, lets the runtime's monitor take the only P away and hand it
// to another thread at every read: under a flood of output that churn
// (sysmon waking every 20 µs, futex wake-ups, a second thread polling the
// network) cost nearly as much CPU as the emulator. EINTR is retried.
func rawRead(fd uintptr, b []byte) (int, syscall.Errno) {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
		if e != syscall.EINTR {
			return int(n), e
		}
	}
}

// readWait reads at least one byte, waiting in the runtime's poller while
// nothing is there. At the end of the pty it returns an error (EIO once the
// child side is gone; io.EOF for a zero read).
func readWait(rc syscall.RawConn, b []byte) (int, error) {
	var n int
	var errno syscall.Errno
	err := rc.Read(func(fd uintptr) bool {
		n, errno = rawRead(fd, b)
		return errno != syscall.EAGAIN
	})
	switch {
	case err != nil:
		return 0, err
	case errno != 0:
		return 0, errno
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// readNow reads what is available without waiting; 0 or less when nothing
// is (or on any error, which the next blocking read reports).
func readNow(rc syscall.RawConn, b []byte) int {
	n := 0
	err := rc.Read(func(fd uintptr) bool {
		var e syscall.Errno
		if n, e = rawRead(fd, b); e != 0 {
			n = -1
		}
		return true // never wait
	})
	if err != nil {
		return 0
	}
	return n
}

// ptyWriter queues bytes for the application's input and writes them from
// its own goroutine, so a child that stops reading cannot stall the loop.
// When nothing is queued or being written, Write first tries to write
// directly, without waiting: a keystroke then reaches the shell at once,
// not when the loop next lets the writer goroutine run.
type ptyWriter struct {
	f     *os.File
	rc    syscall.RawConn // nil if f has none: every write is queued
	mu    sync.Mutex      // guards queue, busy and failed
	queue []byte
	// busy is set while writeLoop writes bytes it took from queue; a
	// direct write then would overtake them.
	busy bool
	// failed is set once a write failed; writeLoop reports it.
	failed bool
	wake   chan struct{}
	errc   chan error
	quit   <-chan struct{}
}

func newPtyWriter(f *os.File, quit <-chan struct{}) *ptyWriter {
	w := &ptyWriter{f: f, wake: make(chan struct{}, 1), errc: make(chan error, 1), quit: quit}
	if rc, err := f.SyscallConn(); err == nil {
		w.rc = rc
	}
	go w.writeLoop()
	return w
}

// Write writes or queues b; it never blocks.
func (w *ptyWriter) Write(b []byte) {
	w.mu.Lock()
	if len(w.queue) == 0 && !w.busy && !w.failed && w.rc != nil {
		b = b[writeNow(w.rc, b):]
	}
	if len(b) == 0 {
		w.mu.Unlock()
		return
	}
	w.queue = append(w.queue, b...)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// writeNow writes what the pty takes at once, without waiting, and
// returns how much that was (0 on any error: the queued write that follows
// reports it).
func writeNow(rc syscall.RawConn, b []byte) int {
	n := 0
	err := rc.Write(func(fd uintptr) bool {
		m, err := syscall.Write(int(fd), b)
		if err == nil && m > 0 {
			n = m
		}
		return true // never wait
	})
	if err != nil {
		return 0
	}
	return n
}

// writeLoop writes whatever is queued until a write fails or quit closes.
func (w *ptyWriter) writeLoop() {
	var pending []byte
	for {
		select {
		case <-w.wake:
		case <-w.quit:
			return
		}
		w.mu.Lock()
		pending, w.queue = w.queue, pending[:0]
		w.busy = len(pending) > 0
		w.mu.Unlock()
		if len(pending) == 0 {
			continue
		}
		_, err := w.f.Write(pending)
		w.mu.Lock()
		w.busy = false
		w.failed = err != nil
		w.mu.Unlock()
		if err != nil {
			w.errc <- err
			return
		}
	}
}

// realClock is the wall clock with one reusable timer.
type realClock struct{ t *time.Timer }

func newRealClock() *realClock {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &realClock{t}
}

func (c *realClock) Now() time.Time        { return time.Now() }
func (c *realClock) Reset(d time.Duration) { c.t.Reset(d) }
func (c *realClock) C() <-chan time.Time   { return c.t.C }
func (c *realClock) Stop()                 { c.t.Stop() }

// nonblocking reports whether the descriptor behind rc is in non-blocking
// mode, as rawRead needs.
func nonblocking(rc syscall.RawConn) bool {
	nb := false
	err := rc.Control(func(fd uintptr) {
		fl, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
		nb = e == 0 && fl&syscall.O_NONBLOCK != 0
	})
	return err == nil && nb
}
