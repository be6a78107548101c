package relay

import (
	"container/heap"
	"sync"
	"sync/atomic"
	"time"
)

// Direction names one way through the relay.
type Direction int

const (
	// Up is client → server.
	Up Direction = iota
	// Down is server → client.
	Down
)

// String returns "up" or "down".
func (d Direction) String() string {
	if d == Up {
		return "up"
	}
	return "down"
}

// Counters count the datagrams of one direction.
type Counters struct {
	// Packets and Bytes arrived at the relay from the sender.
	Packets, Bytes uint64
	// Delivered and DeliveredBytes were sent on (duplicates count twice).
	Delivered, DeliveredBytes uint64
	// Dropped by loss, a full rate-cap queue, Pause or Cut.
	Dropped uint64
}

// packet is one datagram in flight through a direction.
type packet struct {
	at   time.Time // delivery time
	seq  uint64    // arrival order, to keep ties first-in first-out
	data []byte
}

// packetQueue is a min-heap of packets by delivery time.
type packetQueue []packet

func (q packetQueue) Len() int { return len(q) }
func (q packetQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q packetQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *packetQueue) Push(x any)   { *q = append(*q, x.(packet)) }
func (q *packetQueue) Pop() any {
	old := *q
	p := old[len(old)-1]
	old[len(old)-1] = packet{}
	*q = old[:len(old)-1]
	return p
}

// direction is one way through the relay: read loops hand it arrivals, and
// its scheduleLoop goroutine (the only owner of the queue) decides their
// fate with the Shaper and delivers them when their time comes.
type direction struct {
	dir     Direction
	arrived chan []byte
	deliver func([]byte)

	mu           sync.Mutex // guards the fields below
	shaper       *Shaper
	blockedUntil time.Time // Pause
	cut          bool      // Cut until Restore

	packets, bytes, delivered, deliveredBytes, dropped atomic.Uint64
}

func newDirection(dir Direction, im Impairment, seed uint64, deliver func([]byte)) *direction {
	return &direction{
		dir:     dir,
		arrived: make(chan []byte, 256),
		deliver: deliver,
		shaper:  NewShaper(im, seed),
	}
}

// counters returns a snapshot of the counters.
func (d *direction) counters() Counters {
	return Counters{
		Packets:        d.packets.Load(),
		Bytes:          d.bytes.Load(),
		Delivered:      d.delivered.Load(),
		DeliveredBytes: d.deliveredBytes.Load(),
		Dropped:        d.dropped.Load(),
	}
}

// decide runs the pause/cut gate and the shaper for one arrival.
func (d *direction) decide(now time.Time, size int) []time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cut || now.Before(d.blockedUntil) {
		return nil
	}
	return d.shaper.Decide(now, size)
}

// scheduleLoop owns the queue of packets in flight. It sleeps on a timer
// set to the earliest delivery, never polls, and ends when done is closed
// (packets still queued are discarded).
func (d *direction) scheduleLoop(done <-chan struct{}) {
	var q packetQueue
	var seq uint64
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var timerC <-chan time.Time
	rearm := func() {
		if len(q) == 0 {
			timerC = nil
			return
		}
		timer.Reset(time.Until(q[0].at))
		timerC = timer.C
	}
	for {
		select {
		case <-done:
			return
		case data := <-d.arrived:
			now := time.Now()
			d.packets.Add(1)
			d.bytes.Add(uint64(len(data)))
			times := d.decide(now, len(data))
			if len(times) == 0 {
				d.dropped.Add(1)
			}
			for _, at := range times {
				seq++
				heap.Push(&q, packet{at: at, seq: seq, data: data})
			}
		case <-timerC:
		}
		now := time.Now()
		for len(q) > 0 && !q[0].at.After(now) {
			p := heap.Pop(&q).(packet)
			d.delivered.Add(1)
			d.deliveredBytes.Add(uint64(len(p.data)))
			d.deliver(p.data)
		}
		rearm()
	}
}
