package interop

import (
	"bytes"
	"errors"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
)

// mitm is the decrypting relay of the plan's harness (H1), reduced to
// what these tests need. The client sends to its listen socket; it opens
// each datagram with the session key, seals it again with its own
// sequence number for that direction and forwards it (to the server from
// its upstream socket, to the client's last address from the listen
// socket). Because it numbers every datagram itself, it can inject forged
// or authentic datagrams into either direction without reusing a sequence
// number or disturbing the peers' ordering.
type mitm struct {
	sess   *crypto.Session
	listen *net.UDPConn // the client's side
	up     *net.UDPConn // the server's side
	server *net.UDPAddr

	mu        sync.Mutex
	client    *net.UDPAddr
	seq       [2]uint64           // next sequence number, by direction
	lastRaw   [2][]byte           // last datagram forwarded, as sealed by us
	lastPlain [2][]byte           // its plaintext
	lastIns   [2]wire.Instruction // last single-fragment instruction seen
	haveIns   [2]bool
	forwarded [2]int
	log       [2][]logEntry // single-fragment instructions, in order
	history   [2][][]byte   // datagrams forwarded, as sealed by us
	blackhole [2]bool       // drop everything in that direction
	ports     []int         // the client's source ports, in order seen
	frags     [2][]fragInfo // every fragment forwarded, in order
	dropFrag1 [2]bool       // drop the next fragment numbered 1 (once)
	dropped   [2]uint64     // id of the fragment dropped by dropFrag1
	hold      [2]holdState  // F3: hold back one multi-fragment instruction
	wg        sync.WaitGroup
}

// logEntry is one instruction the relay forwarded.
type logEntry struct {
	at        time.Time
	ts, reply uint16 // the packet's timestamps
	in        wire.Instruction
}

// holdState holds back the fragments of the first multi-fragment
// instruction of a direction until another instruction has gone through
// complete, then lets them follow it (INTEROP-TESTS.md F3).
type holdState struct {
	armed    bool
	holding  bool
	id       uint64
	held     [][]byte // plaintexts
	released int
}

// fragInfo describes one forwarded datagram's fragment.
type fragInfo struct {
	size  int // sealed datagram length
	id    uint64
	num   uint16
	final bool
}

// maxLog bounds the instruction log of each direction.
const maxLog = 20000

// newMITM starts a relay to the server at addr (on 127.0.0.1 or ::1)
// with the session key; it listens on the same loopback address.
func newMITM(t testing.TB, addr netip.AddrPort, key crypto.Key) *mitm {
	t.Helper()
	lo := net.IP(addr.Addr().AsSlice())
	port := int(addr.Port())
	listen, err := net.ListenUDP("udp", &net.UDPAddr{IP: lo})
	if err != nil {
		t.Fatal(err)
	}
	up, err := net.ListenUDP("udp", &net.UDPAddr{IP: lo})
	if err != nil {
		listen.Close()
		t.Fatal(err)
	}
	m := &mitm{sess: crypto.NewSession(key), listen: listen, up: up,
		server: &net.UDPAddr{IP: lo, Port: port}}
	m.wg.Add(2)
	go m.pump(listen, crypto.ToServer)
	go m.pump(up, crypto.ToClient)
	t.Cleanup(func() {
		listen.Close() // ends the pumps
		m.mu.Lock()
		m.up.Close()
		m.mu.Unlock()
		m.wg.Wait()
	})
	return m
}

// port is where the client must send.
func (m *mitm) port() int { return m.listen.LocalAddr().(*net.UDPAddr).Port }

// pump forwards the datagrams read from c, which travel in direction dir.
func (m *mitm) pump(c *net.UDPConn, dir crypto.Direction) {
	defer m.wg.Done()
	buf := make([]byte, 65536)
	for {
		n, from, err := c.ReadFromUDP(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		gotDir, _, plain, err := m.sess.Open(nil, buf[:n])
		if err != nil || gotDir != dir {
			continue // not from a peer of this session
		}
		m.mu.Lock()
		if m.blackhole[dir] {
			m.mu.Unlock()
			continue
		}
		var later [][]byte // held datagrams released after this one
		if f, ok := fragmentOf(plain); ok {
			h := &m.hold[dir]
			switch {
			case h.armed && f.Num == 0 && !f.Final:
				h.armed, h.holding, h.id = false, true, f.ID
				fallthrough
			case h.holding && f.ID == h.id:
				h.held = append(h.held, bytes.Clone(plain))
				m.mu.Unlock()
				continue
			case h.holding && f.Final:
				for _, p := range h.held {
					later = append(later, m.sealLocked(dir, p))
				}
				h.holding, h.released, h.held = false, len(h.held), nil
			}
			if m.dropFrag1[dir] && f.Num == 1 {
				m.dropFrag1[dir], m.dropped[dir] = false, f.ID
				m.mu.Unlock()
				continue
			}
			if len(m.frags[dir]) < maxLog {
				m.frags[dir] = append(m.frags[dir], fragInfo{n, f.ID, f.Num, f.Final})
			}
		}
		if dir == crypto.ToServer {
			if m.client == nil || m.client.Port != from.Port {
				m.ports = append(m.ports, from.Port)
			}
			m.client = from
		}
		m.note(dir, plain)
		raw := m.sealLocked(dir, plain)
		m.lastRaw[dir] = raw
		if len(m.history[dir]) < maxLog {
			m.history[dir] = append(m.history[dir], raw)
		}
		m.forwarded[dir]++
		m.mu.Unlock()
		m.send(dir, raw)
		for _, d := range later {
			m.send(dir, d)
		}
	}
}

// fragmentOf parses the fragment inside a plaintext.
func fragmentOf(plain []byte) (wire.Fragment, bool) {
	_, _, payload, err := wire.ParsePacket(plain)
	if err != nil {
		return wire.Fragment{}, false
	}
	f, err := wire.ParseFragment(payload)
	return f, err == nil
}

// note records the plaintext and, for a single-fragment instruction, the
// decoded instruction.
func (m *mitm) note(dir crypto.Direction, plain []byte) {
	m.lastPlain[dir] = append([]byte(nil), plain...)
	ts, reply, payload, err := wire.ParsePacket(plain)
	if err != nil {
		return
	}
	f, err := wire.ParseFragment(payload)
	if err != nil || f.Num != 0 || !f.Final {
		return
	}
	z, err := wire.Decompress(f.Data)
	if err != nil {
		return
	}
	var in wire.Instruction
	if in.Unmarshal(z) == nil {
		m.lastIns[dir], m.haveIns[dir] = in, true
		if len(m.log[dir]) < maxLog {
			m.log[dir] = append(m.log[dir], logEntry{time.Now(), ts, reply, in})
		}
	}
}

// sealLocked seals plain with the next sequence number of dir.
func (m *mitm) sealLocked(dir crypto.Direction, plain []byte) []byte {
	seq := m.seq[dir]
	m.seq[dir]++
	return m.sess.Seal(nil, dir, seq, plain)
}

// seal seals plain with the next sequence number of dir.
func (m *mitm) seal(dir crypto.Direction, plain []byte) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sealLocked(dir, plain)
}

// send delivers raw bytes as a datagram travelling in direction dir:
// to the server from the upstream socket, or to the client's last
// address from the listen socket.
func (m *mitm) send(dir crypto.Direction, raw []byte) {
	m.mu.Lock()
	to, up := m.client, m.up
	m.mu.Unlock()
	if dir == crypto.ToServer {
		up.WriteToUDP(raw, m.server) // best effort, as UDP
		return
	}
	if to != nil {
		m.listen.WriteToUDP(raw, to) // best effort, as UDP
	}
}

// roam moves the relay's upstream side to a new socket (a new source
// port toward the server) and closes the old one, as a roaming client.
func (m *mitm) roam(t testing.TB) int {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: m.server.IP})
	if err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	old := m.up
	m.up = c
	m.mu.Unlock()
	old.Close() // ends its pump
	m.wg.Add(1)
	go m.pump(c, crypto.ToClient)
	return c.LocalAddr().(*net.UDPAddr).Port
}

// setBlackhole starts or ends dropping every datagram of dir.
func (m *mitm) setBlackhole(dir crypto.Direction, on bool) {
	m.mu.Lock()
	m.blackhole[dir] = on
	m.mu.Unlock()
}

// clientPorts returns the client's source ports in the order first seen.
func (m *mitm) clientPorts() []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]int(nil), m.ports...)
}

// sent returns how many datagrams of dir were forwarded, and the tail of
// them from index from on.
func (m *mitm) sent(dir crypto.Direction, from int) (int, [][]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.history[dir])
	if from > n {
		from = n
	}
	return n, append([][]byte(nil), m.history[dir][from:]...)
}

// entries returns a copy of the instruction log of dir.
func (m *mitm) entries(dir crypto.Direction) []logEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]logEntry(nil), m.log[dir]...)
}

// snapshot returns the last datagram, plaintext and instruction seen in dir.
func (m *mitm) snapshot(dir crypto.Direction) (raw, plain []byte, in wire.Instruction, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.lastRaw[dir]...), append([]byte(nil), m.lastPlain[dir]...),
		m.lastIns[dir], m.haveIns[dir]
}

// timestamps returns the header timestamps of the last plaintext in dir,
// so that injected packets do not feed a false RTT sample to the peer.
func (m *mitm) timestamps(dir crypto.Direction) (ts, reply uint16) {
	_, plain, _, _ := m.snapshot(dir)
	ts, reply, _, err := wire.ParsePacket(plain)
	if err != nil {
		return 0, wire.NoTimestamp
	}
	return ts, reply
}

// packet builds an authentic plaintext in dir carrying payload.
func (m *mitm) packet(dir crypto.Direction, payload []byte) []byte {
	ts, reply := m.timestamps(dir)
	return wire.AppendPacket(nil, ts, reply, payload)
}

// instructionPacket builds the plaintext of a single-fragment instruction
// with fragment id id.
func (m *mitm) instructionPacket(dir crypto.Direction, id uint64, in *wire.Instruction) []byte {
	z := wire.Compress(nil, in.Append(nil))
	f := wire.Fragment{ID: id, Num: 0, Final: true, Data: z}
	return m.packet(dir, f.Append(nil))
}

// dirOf is the direction with the given bit (0 toward the server).
func dirOf(bit int) crypto.Direction {
	if bit == 0 {
		return crypto.ToServer
	}
	return crypto.ToClient
}
