package interop

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/wire"
)

// injection is one row of INTEROP-TESTS.md §5: the datagrams to send to
// our program, built from the live session seen by the relay. dir is the
// direction of travel toward our program.
type injection struct {
	id    string
	build func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte
}

// other is the opposite direction.
func other(dir crypto.Direction) crypto.Direction {
	if dir == crypto.ToServer {
		return crypto.ToClient
	}
	return crypto.ToServer
}

// randomBytes returns n bytes from rng.
func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// flip returns a copy of b with bit 0 of byte i flipped.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

// fragmentPacket is an authentic datagram carrying one fragment.
func fragmentPacket(m *mitm, dir crypto.Direction, f wire.Fragment) []byte {
	return m.seal(dir, m.packet(dir, f.Append(nil)))
}

// freshID is a fragment id no peer will use during a test.
func freshID(rng *rand.Rand) uint64 { return 1<<62 | rng.Uint64()>>2 }

// sameAs returns an instruction with the last seen instruction's numbers,
// so that a copy changes nothing when it is accepted.
func sameAs(m *mitm, dir crypto.Direction) wire.Instruction {
	_, _, in, _ := m.snapshot(dir)
	in.Diff, in.Chaff = nil, nil
	return in
}

// injections are the §5 rows after which the session must go on as if
// nothing had happened.
var injections = []injection{
	{"N1-wrong-key", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		k, _ := crypto.GenerateKey(rngReader{rng})
		_, plain, _, _ := m.snapshot(dir)
		return [][]byte{crypto.NewSession(k).Seal(nil, dir, 1<<40, plain)}
	}},
	{"N2-bit-flips", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		_, plain, _, _ := m.snapshot(dir)
		var out [][]byte
		for _, at := range []int{0, 7, crypto.NonceLen + 1, -1} { // nonce, nonce, ciphertext, tag
			d := m.seal(dir, plain)
			if at < 0 {
				at = len(d) - 1
			}
			out = append(out, flip(d, at))
		}
		return out
	}},
	{"N3-truncated", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		out := [][]byte{{}, randomBytes(rng, 1), randomBytes(rng, 8), randomBytes(rng, 23)}
		_, plain, _, _ := m.snapshot(dir)
		d := m.seal(dir, plain)
		out = append(out, d[:len(d)-1])
		d = m.seal(dir, plain)
		return append(out, d[:len(d)-16])
	}},
	{"N4-oversize", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		// 2048 bytes sealed: 8 nonce + 16 tag + 4 + 10 headers + 2010 data.
		f := wire.Fragment{ID: freshID(rng), Num: 0, Data: randomBytes(rng, 2010)}
		return [][]byte{randomBytes(rng, 2049), randomBytes(rng, 4000), fragmentPacket(m, dir, f)}
	}},
	{"N5-reflected", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		raw, _, _, _ := m.snapshot(other(dir))
		_, plain, _, _ := m.snapshot(dir)
		return [][]byte{raw, m.seal(other(dir), plain)}
	}},
	{"N6-short-plaintext", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		var out [][]byte
		for n := 0; n <= 3; n++ {
			out = append(out, m.seal(dir, randomBytes(rng, n)))
		}
		return out
	}},
	{"N7-short-fragment", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		var out [][]byte
		for n := 0; n <= 9; n++ {
			out = append(out, m.seal(dir, m.packet(dir, randomBytes(rng, n))))
		}
		return out
	}},
	{"N8-huge-fragment-number", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		f := wire.Fragment{ID: freshID(rng), Num: 0x7FFF, Data: []byte{1, 2, 3}}
		return [][]byte{fragmentPacket(m, dir, f)}
	}},
	{"N9-fragment-flood", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		id := freshID(rng)
		out := [][]byte{fragmentPacket(m, dir, wire.Fragment{ID: id, Num: 0x7FFF, Final: true, Data: randomBytes(rng, 8)})}
		for n := 0; n < 20000; n++ {
			out = append(out, fragmentPacket(m, dir, wire.Fragment{ID: id, Num: uint16(n), Data: randomBytes(rng, 8)}))
		}
		return out
	}},
	{"N10-inconsistent-fragments", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		a, b := freshID(rng), freshID(rng)
		return [][]byte{
			fragmentPacket(m, dir, wire.Fragment{ID: a, Num: 0, Data: []byte("first")}),
			fragmentPacket(m, dir, wire.Fragment{ID: a, Num: 0, Data: []byte("second")}),
			fragmentPacket(m, dir, wire.Fragment{ID: a, Num: 1, Final: true, Data: []byte("end")}),
			fragmentPacket(m, dir, wire.Fragment{ID: b, Num: 3, Data: []byte("three")}),
			fragmentPacket(m, dir, wire.Fragment{ID: b, Num: 1, Final: true, Data: []byte("one")}),
		}
	}},
	{"N11-bad-zlib", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		out := [][]byte{fragmentPacket(m, dir, wire.Fragment{ID: freshID(rng), Final: true, Data: []byte("not zlib at all")})}
		bomb := wire.Compress(nil, make([]byte, 5<<20))
		id := freshID(rng)
		for n := 0; len(bomb) > 0; n++ {
			k := min(len(bomb), 1000)
			out = append(out, fragmentPacket(m, dir, wire.Fragment{ID: id, Num: uint16(n), Final: k == len(bomb), Data: bomb[:k]}))
			bomb = bomb[k:]
		}
		return out
	}},
	{"N12-bad-protobuf", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		var out [][]byte
		for range 5 {
			z := wire.Compress(nil, randomBytes(rng, 200))
			out = append(out, fragmentPacket(m, dir, wire.Fragment{ID: freshID(rng), Final: true, Data: z}))
		}
		return out
	}},
	{"N13-protocol-version", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		var out [][]byte
		for _, v := range []uint32{3, 0} {
			in := sameAs(m, dir)
			in.ProtocolVersion = v
			out = append(out, m.seal(dir, m.instructionPacket(dir, freshID(rng), &in)))
		}
		return out
	}},
	{"N14-unknown-base", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		in := sameAs(m, dir)
		in.ProtocolVersion = wire.ProtocolVersion
		in.OldNum, in.NewNum = 1<<40, 1<<40+1
		return [][]byte{m.seal(dir, m.instructionPacket(dir, freshID(rng), &in))}
	}},
	{"N15-bad-throwaway", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		a := sameAs(m, dir)
		a.ProtocolVersion = wire.ProtocolVersion
		a.OldNum, a.NewNum, a.ThrowawayNum = 1<<40, 1<<40+1, 1<<41
		b := sameAs(m, dir) // a state the receiver holds, throwaway beyond all
		b.ProtocolVersion = wire.ProtocolVersion
		b.ThrowawayNum = 1 << 60
		return [][]byte{
			m.seal(dir, m.instructionPacket(dir, freshID(rng), &a)),
			m.seal(dir, m.instructionPacket(dir, freshID(rng), &b)),
		}
	}},
	{"N20-other-session", func(m *mitm, dir crypto.Direction, rng *rand.Rand) [][]byte {
		// A datagram of another session: its own key, its own numbering.
		k, _ := crypto.GenerateKey(rngReader{rng})
		in := wire.Instruction{ProtocolVersion: wire.ProtocolVersion, NewNum: 1}
		plain := wire.AppendPacket(nil, 1, wire.NoTimestamp,
			wire.Fragment{ID: 1, Final: true, Data: wire.Compress(nil, in.Append(nil))}.Append(nil))
		return [][]byte{crypto.NewSession(k).Seal(nil, dir, 0, plain)}
	}},
}

// rngReader reads from a seeded math/rand generator (keys for forgeries).
type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

// TestHostileDatagrams injects every §5 datagram into a live session
// with our server (real mosh-client) and with our client (real
// mosh-server). After each injection the session must still echo a
// command, our program must still run, and the screen must hold nothing
// but the commands and their output.
func TestHostileDatagrams(t *testing.T) {
	for _, sd := range []side{sideServer, sideClient} {
		t.Run(sd.String(), func(t *testing.T) {
			t.Parallel()
			s := newSession(t, sd, nil, nil)
			s.echo("start")
			rng := rand.New(rand.NewPCG(uint64(sd)+1, 5))
			rss0 := rssKiB(s.ourPID())
			for _, inj := range injections {
				datagrams := inj.build(s.relay, sd.toward(), rng)
				for i, d := range datagrams {
					s.relay.send(sd.toward(), d)
					if i%500 == 499 {
						time.Sleep(5 * time.Millisecond) // let the receiver drain its socket
					}
				}
				if !moshtest.Alive(s.ourPID()) {
					t.Fatalf("%s: our program (pid %d) died", inj.id, s.ourPID())
				}
				screen := s.echo(inj.id)
				if err := exactScreen(screen, true); err != nil {
					t.Fatalf("after %s: %v\nscreen:\n%s", inj.id, err, screen)
				}
			}
			if grew := rssKiB(s.ourPID()) - rss0; rss0 > 0 && grew > 64<<10 {
				t.Errorf("resident memory grew by %d KiB over the injections", grew)
			}
			s.finalScreen()
		})
	}
}

// finalScreen waits for a screen without a notification bar and checks
// it holds only the echo commands.
func (s *session) finalScreen() {
	s.t.Helper()
	screen := s.wait("a screen without the bar", func(screen string) bool {
		return exactScreen(screen, false) == nil
	})
	if err := exactScreen(screen, false); err != nil {
		s.t.Errorf("%v\nscreen:\n%s", err, screen)
	}
}
