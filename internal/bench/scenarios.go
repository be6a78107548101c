package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"ssh-mosh/internal/relay"
)

// Bounds of the scenarios; a scenario past its bound is a "timeout".
const (
	throughputTimeout = 120 * time.Second
	lossTimeout       = 60 * time.Second
	roamTimeout       = 15 * time.Second
	typeTimeout       = 10 * time.Second
)

// tailScreen accepts a screen whose last rows are lines followed by the
// bare prompt: the exact final screen of a command that printed lines.
func tailScreen(lines []string) func([]string) bool {
	return func(rows []string) bool {
		n := len(rows)
		if n < len(lines)+1 || rows[n-1] != "$" {
			return false
		}
		for i, l := range lines {
			if rows[n-1-len(lines)+i] != l {
				return false
			}
		}
		return true
	}
}

// seqTail is the last k lines of `seq 1 n`.
func seqTail(n, k int) []string {
	var out []string
	for i := n - k + 1; i <= n; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// typeCommand clears the screen, types cmd and waits until it is echoed.
func (s *session) typeCommand(cmd string) error {
	if err := s.clearScreen(typeTimeout); err != nil {
		return fmt.Errorf("clear: %w", err)
	}
	if _, err := s.ctl.sendLiteral(cmd); err != nil {
		return err
	}
	_, err := s.waitScreen(typeTimeout, func(rows []string) bool { return len(rows) > 0 && rows[0] == "$ "+cmd })
	return err
}

// throughput runs cmd, whose output ends with lines, and records the time
// to the exact final screen, the traffic each way and the CPU time of the
// server and the client.
func (s *session) throughput(res *Results, name, cmd string, lines []string) {
	pair := s.pair.Name
	if err := s.typeCommand(cmd); err != nil {
		res.timeout(name+": time to final screen", "s", pair)
		return
	}
	st0 := s.relay.Stats()
	scpu0, ccpu0 := cpuOf(s.serverPID), cpuOf(s.clientPID)
	t0 := time.Now()
	if err := s.ctl.sendKey("Enter"); err != nil {
		res.timeout(name+": time to final screen", "s", pair)
		return
	}
	_, err := s.waitScreen(throughputTimeout, tailScreen(lines))
	elapsed := time.Since(t0)
	if err != nil {
		res.timeout(name+": time to final screen", "s", pair)
		return
	}
	st := s.relay.Stats()
	res.add(name+": time to final screen", "s", pair, elapsed.Seconds())
	res.add(name+": server CPU", "s", pair, (cpuOf(s.serverPID) - scpu0).Seconds())
	res.add(name+": client CPU", "s", pair, (cpuOf(s.clientPID) - ccpu0).Seconds())
	res.add(name+": bytes server→client", "KiB", pair, float64(st.Down.Bytes-st0.Down.Bytes)/1024)
	res.add(name+": datagrams server→client", "count", pair, float64(st.Down.Packets-st0.Down.Packets))
	res.add(name+": bytes client→server", "KiB", pair, float64(st.Up.Bytes-st0.Up.Bytes)/1024)
	res.add(name+": datagrams client→server", "count", pair, float64(st.Up.Packets-st0.Up.Packets))
}

// catFileLines is how the 6 MB file for the cat scenario is made: numbered
// 74-byte lines (shorter than the 80-column screen, so none wraps).
func catFileLine(i int) string {
	return fmt.Sprintf("%08d abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789", i)
}

// writeCatFile writes a file of at least size bytes and returns its last
// k lines.
func writeCatFile(path string, size, k int) ([]string, error) {
	var b strings.Builder
	n := 0
	for i := 1; b.Len() < size; i++ {
		b.WriteString(catFileLine(i))
		b.WriteByte('\n')
		n = i
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var tail []string
	for i := n - k + 1; i <= n; i++ {
		tail = append(tail, catFileLine(i))
	}
	return tail, nil
}

// idle measures the traffic of an idle session over window and the RSS of
// both programs at its end.
func (s *session) idle(res *Results, window time.Duration) {
	pair := s.pair.Name
	time.Sleep(2 * time.Second) // let the connect burst and its acks settle
	st0 := s.relay.Stats()
	time.Sleep(window)
	st := s.relay.Stats()
	perMin := time.Minute.Seconds() / window.Seconds()
	res.add("idle: datagrams per minute (both ways)", "count", pair,
		float64(st.Up.Packets+st.Down.Packets-st0.Up.Packets-st0.Down.Packets)*perMin)
	res.add("idle: bytes per minute (both ways)", "KiB", pair,
		float64(st.Up.Bytes+st.Down.Bytes-st0.Up.Bytes-st0.Down.Bytes)*perMin/1024)
	res.add("RSS idle: server", "MiB", pair, rssKiB(s.serverPID)/1024)
	res.add("RSS idle: client", "MiB", pair, rssKiB(s.clientPID)/1024)
}

// roam switches the relay's upstream port and records the time until the
// server's first datagram reaches the new port. With typing, a key is
// typed every 100 ms from 1 s before the switch until the reply.
func (s *session) roam(res *Results, typing bool) {
	pair := s.pair.Name
	name := "roaming, idle: first reply at new port"
	if typing {
		name = "roaming, typing: first reply at new port"
	}
	stop := make(chan struct{})
	typed := make(chan struct{})
	if typing {
		go func() {
			defer close(typed)
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for i := 0; i < int(roamTimeout/(100*time.Millisecond))+20; i++ {
				select {
				case <-stop:
					return
				case <-tick.C:
					s.ctl.sendLiteral("x") // best effort
				}
			}
		}()
		time.Sleep(time.Second)
	} else {
		close(typed)
		time.Sleep(time.Second)
	}
	t0 := time.Now()
	replied, err := s.relay.Roam()
	if err != nil {
		res.timeout(name, "ms", pair)
		close(stop)
		<-typed
		return
	}
	select {
	case at := <-replied:
		res.add(name, "ms", pair, float64(at.Sub(t0).Microseconds())/1000)
	case <-time.After(roamTimeout):
		res.timeout(name, "ms", pair)
	}
	close(stop)
	<-typed
	if typing {
		s.ctl.sendKey("C-u") // best effort: drop the typed x's
	}
}

// loss runs `seq 1 n` with the given loss each way at RTT 50 ms and records
// the time to the exact final screen.
func (s *session) loss(res *Results, loss float64, n int) {
	pair := s.pair.Name
	name := fmt.Sprintf("loss %.0f%% each way, RTT 50 ms: seq 1 %d final screen", loss*100, n)
	if err := s.typeCommand(fmt.Sprintf("seq 1 %d", n)); err != nil {
		res.timeout(name, "s", pair)
		return
	}
	im := relay.Impairment{Delay: 25 * time.Millisecond, Loss: loss}
	s.relay.SetImpairment(relay.Up, im)
	s.relay.SetImpairment(relay.Down, im)
	defer func() {
		s.relay.SetImpairment(relay.Up, relay.Impairment{})
		s.relay.SetImpairment(relay.Down, relay.Impairment{})
	}()
	t0 := time.Now()
	if err := s.ctl.sendKey("Enter"); err != nil {
		res.timeout(name, "s", pair)
		return
	}
	if _, err := s.waitScreen(lossTimeout, tailScreen(seqTail(n, 23))); err != nil {
		res.timeout(name, "s", pair)
		return
	}
	res.add(name, "s", pair, time.Since(t0).Seconds())
}

// catPath is where the cat scenario's file lives inside a run directory.
func catPath(dir string) string { return filepath.Join(dir, "six-megabytes.txt") }
