package interop

import (
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ssh-mosh/crypto"
)

// TestBigFrames is F1 and F2 in both pairings: in a 200×60 window the
// shell prints 57 lines of 199 random base64 characters, which needs
// instructions of several fragments. The relay drops fragment 1 of the
// first such instruction, so that state must come through a
// retransmission; the screen must end exact. From our server, every
// fragment but the last of an instruction must be a 1252-byte datagram
// (1214 data bytes, IPv4; 1216 bytes over IPv6, F11), numbered from 0,
// final flag only on the last. Both pairings also run over ::1.
func TestBigFrames(t *testing.T) {
	type run struct {
		sd   side
		ipv6 bool
	}
	for _, r := range []run{{sideServer, false}, {sideClient, false}, {sideServer, true}, {sideClient, true}} {
		sd := r.sd
		name := sd.String()
		if r.ipv6 {
			name += "/ipv6"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			path, lines := writeBigFile(t, home, rand.New(rand.NewPCG(11, uint64(sd))))
			s := startSession(t, sd, options{serverEnv: []string{"HOME=" + home}, width: 200, height: 60, ipv6: r.ipv6})
			s.relay.mu.Lock()
			s.relay.dropFrag1[crypto.ToClient] = true
			s.relay.mu.Unlock()
			s.cat(path, lines)
			s.relay.mu.Lock()
			dropped, frags := s.relay.dropped[crypto.ToClient], s.relay.frags[crypto.ToClient]
			s.relay.mu.Unlock()
			if dropped == 0 {
				t.Error("no instruction of several fragments was seen")
			}
			if sd == sideServer {
				size := 1252 // 1214 data bytes over IPv4, 1178 over IPv6
				if r.ipv6 {
					size = 1216
				}
				checkFragments(t, frags, size)
			}
		})
	}
}

// writeBigFile writes home/data.txt: 57 lines of 199 random base64
// characters from rng, which fill a 200×60 screen with one frame of
// several fragments. It returns the path and the lines.
func writeBigFile(t *testing.T, home string, rng *rand.Rand) (string, []string) {
	t.Helper()
	var lines []string
	for range 57 {
		lines = append(lines, base64.StdEncoding.EncodeToString(randomBytes(rng, 150))[:199])
	}
	path := filepath.Join(home, "data.txt")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, lines
}

// cat types `cat path` and waits until the screen ends with the command,
// exactly lines and a new prompt.
func (s *session) cat(path string, lines []string) {
	s.t.Helper()
	s.pane.SendLiteral("cat " + path)
	s.pane.SendKeys("Enter")
	want := strings.Join(append(append([]string{"$ cat " + path}, lines...), "$"), "\n")
	n := len(lines) + 2
	s.wait("the file on the screen", func(screen string) bool {
		l := contentLines(screen)
		return len(l) >= n && strings.Join(l[len(l)-n:], "\n") == want
	})
}

// checkFragments checks the fragment rules of F1 on the forwarded
// fragments of one direction.
func checkFragments(t *testing.T, frags []fragInfo, size int) {
	t.Helper()
	byID := map[uint64][]fragInfo{}
	var order []uint64
	for _, f := range frags {
		if _, ok := byID[f.id]; !ok {
			order = append(order, f.id)
		}
		byID[f.id] = append(byID[f.id], f)
	}
	multi := 0
	for _, id := range order {
		fs := byID[id]
		last := fs[len(fs)-1]
		if !last.final || last.num == 0 {
			continue // single fragment, or incomplete in the log
		}
		multi++
		for _, f := range fs {
			if f.final != (f.num == last.num) {
				t.Errorf("id %d: fragment %d final=%v of %d", id, f.num, f.final, last.num)
			}
			if !f.final && f.size != size {
				t.Errorf("id %d: fragment %d is %d bytes, want %d", id, f.num, f.size, size)
			}
			if f.num > last.num {
				t.Errorf("id %d: fragment %d after final %d", id, f.num, last.num)
			}
		}
	}
	if multi == 0 {
		t.Error("no complete instruction of several fragments from our server")
	}
	t.Logf("%d instructions of several fragments", multi)
}

// TestMixedFragmentIDs is F3 for our client: the relay holds back every
// fragment of the first multi-fragment instruction from mosh-server
// 1.4.0 until a later instruction has arrived complete, then delivers
// the stale fragments. Our client must drop them and show the file.
func TestMixedFragmentIDs(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	path, lines := writeBigFile(t, home, rand.New(rand.NewPCG(13, 3)))
	s := startSession(t, sideClient, options{serverEnv: []string{"HOME=" + home}, width: 200, height: 60})
	s.relay.mu.Lock()
	s.relay.hold[crypto.ToClient].armed = true
	s.relay.mu.Unlock()
	s.cat(path, lines)
	s.relay.mu.Lock()
	released := s.relay.hold[crypto.ToClient].released
	s.relay.mu.Unlock()
	if released == 0 {
		t.Error("no held fragments were released after a later instruction")
	}
	t.Logf("%d stale fragments delivered after a newer instruction", released)
	s.echo("after")
}
