package bench

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"ssh-mosh/internal/relay"
	"ssh-mosh/internal/tmux"
)

// sample is one reading of the row being typed on.
type sample struct {
	at  time.Time // when the capture returned
	row string
	cx  int // cursor column; -1 when the cursor was on another row
}

// sampler reads one screen row every screenPoll until stopped (or until
// its bound), keeping every reading.
type sampler struct {
	mu      sync.Mutex
	samples []sample
	stop    chan struct{}
	done    chan struct{}
}

// maxSamplerTime bounds a sampler that is never stopped.
const maxSamplerTime = 60 * time.Second

func startSampler(c *control, y int) *sampler {
	sm := &sampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(sm.done)
		deadline := time.Now().Add(maxSamplerTime)
		for time.Now().Before(deadline) {
			row, err := c.row(y)
			if err != nil {
				return
			}
			cx, cy, err := c.cursor()
			if err != nil {
				return
			}
			if cy != y {
				cx = -1
			}
			sm.mu.Lock()
			sm.samples = append(sm.samples, sample{time.Now(), row, cx})
			sm.mu.Unlock()
			select {
			case <-sm.stop:
				return
			case <-time.After(screenPoll):
			}
		}
	}()
	return sm
}

// latest returns the newest reading.
func (sm *sampler) latest() sample {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	if len(sm.samples) == 0 {
		return sample{cx: -1}
	}
	return sm.samples[len(sm.samples)-1]
}

func (sm *sampler) finish() []sample {
	close(sm.stop)
	<-sm.done
	return sm.samples
}

// echoResult is the analysis of one typed line.
type echoResult struct {
	latencies []time.Duration // of keys that showed up
	missing   int             // keys that never showed up
	wrong     int             // distinct wrong (column, character) shown
}

// shownAt returns whether row shows ch at column col.
func shownAt(row string, col int, ch byte) bool { return col < len(row) && row[col] == ch }

// shows reports whether a reading shows key ch at column col. A blank at
// the end of the row is invisible in the trimmed text, so a typed space
// counts as shown once the cursor has moved past it.
func (s sample) shows(col int, ch byte) bool {
	if col < len(s.row) {
		return s.row[col] == ch
	}
	return ch == ' ' && s.cx > col
}

// analyzeEcho turns the readings of a row into per-key latencies and the
// count of wrong predictions. Key i (sent at sent[i]) is shown at column
// x0+i. A wrong prediction is a (column, character) pair, right of the
// prompt, that some reading showed and the final row does not have; each
// distinct pair counts once.
func analyzeEcho(samples []sample, sent []time.Time, text string, x0 int, final string) echoResult {
	var r echoResult
	for i := range len(text) {
		col := x0 + i
		found := false
		for _, sm := range samples {
			if sm.at.Before(sent[i]) {
				continue
			}
			if sm.shows(col, text[i]) {
				r.latencies = append(r.latencies, sm.at.Sub(sent[i]))
				found = true
				break
			}
		}
		if !found {
			r.missing++
		}
	}
	type cell struct {
		col int
		ch  byte
	}
	wrong := map[cell]bool{}
	for _, sm := range samples {
		for col := x0; col < len(sm.row); col++ {
			ch := sm.row[col]
			if ch != ' ' && !shownAt(final, col, ch) {
				wrong[cell{col, ch}] = true
			}
		}
	}
	r.wrong = len(wrong)
	return r
}

// typeLine types text on the prompt line, one key per gap; with single,
// each key waits until it is shown (bounded) before the gap. It returns the
// analysis, then ends the line with Enter and clears the screen.
func (s *session) typeLine(text string, gap time.Duration, single bool) (echoResult, error) {
	x0, y0, err := s.ctl.cursor()
	if err != nil {
		return echoResult{}, err
	}
	sm := startSampler(s.ctl, y0)
	sent := make([]time.Time, len(text))
	start := time.Now()
	for i := range len(text) {
		if !single {
			time.Sleep(time.Until(start.Add(time.Duration(i) * gap)))
		}
		if sent[i], err = s.ctl.sendLiteral(text[i : i+1]); err != nil {
			sm.finish()
			return echoResult{}, err
		}
		if single {
			if !waitShown(sm, x0+i, text[i]) {
				sm.finish()
				return echoResult{}, fmt.Errorf("%w: key %d (%q) not shown", errTimeout, i, text[i])
			}
			time.Sleep(gap)
		}
	}
	want := "$ " + text
	var final string
	for deadline := time.Now().Add(typeTimeout); time.Now().Before(deadline); {
		if final = sm.latest().row; final == want {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	samples := sm.finish()
	if final != want {
		return echoResult{}, fmt.Errorf("%w: typed line is %q, want %q", errTimeout, final, want)
	}
	res := analyzeEcho(samples, sent, text, x0, final)
	if err := s.ctl.sendKey("Enter"); err != nil {
		return res, err
	}
	// Wait for the next prompt, one row down (or on the same bottom row
	// after a scroll). No Ctrl-L here: mosh 1.4.0 keeps a stale cursor
	// prediction after a key it cannot predict, which would make the
	// next line's predictions wrong and hide mosh's usual behaviour.
	for deadline := time.Now().Add(typeTimeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		x, y, err := s.ctl.cursor()
		if err != nil {
			return res, err
		}
		if x == 2 && y != y0 || x == 2 && y == y0 && y0 == 23 {
			if row, err := s.ctl.row(y); err == nil && row == "$" {
				return res, nil
			}
		}
	}
	return res, fmt.Errorf("%w: no prompt after the typed line", errTimeout)
}

// waitShown waits (bounded by typeTimeout) until the sampler has seen ch
// at column col.
func waitShown(sm *sampler, col int, ch byte) bool {
	for deadline := time.Now().Add(typeTimeout); time.Now().Before(deadline); {
		if sm.latest().shows(col, ch) {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// echoTexts are what is typed: comments, so bash runs nothing.
const (
	singleText = "#abcdefgh"
	wordsText  = "#the quick brown fox jumps"
	warmText   = "#warm up"
)

// echo measures keystroke echo in the session's prediction mode at each
// RTT: single keys after a pause, and words at 120 ms per key.
func (s *session) echo(res *Results, mode string, rtts []time.Duration, quick bool) {
	pair := s.pair.Name
	single, words := singleText, wordsText
	if quick {
		single, words = single[:4], words[:10]
	}
	for _, rtt := range rtts {
		im := relay.Impairment{Delay: rtt / 2}
		s.relay.SetImpairment(relay.Up, im)
		s.relay.SetImpairment(relay.Down, im)
		prefix := fmt.Sprintf("echo RTT %d ms, %s", rtt.Milliseconds(), mode)
		if !quick {
			s.typeLine(warmText, 150*time.Millisecond, false) // best effort: lets SRTT settle
		}
		r, err := s.typeLine(single, 300*time.Millisecond, true)
		s.recordEcho(res, prefix+", single keys", pair, r, err)
		r, err = s.typeLine(words, 120*time.Millisecond, false)
		s.recordEcho(res, prefix+", words", pair, r, err)
	}
	s.relay.SetImpairment(relay.Up, relay.Impairment{})
	s.relay.SetImpairment(relay.Down, relay.Impairment{})
}

func (s *session) recordEcho(res *Results, prefix, pair string, r echoResult, err error) {
	if err != nil || len(r.latencies) == 0 {
		res.timeout(prefix+": median", "ms", pair)
		if err != nil && !errors.Is(err, errTimeout) {
			res.Notes = appendOnce(res.Notes, fmt.Sprintf("%s %s: %v", pair, prefix, err))
		}
		return
	}
	lat := make([]float64, len(r.latencies))
	within := 0
	for i, d := range r.latencies {
		lat[i] = float64(d.Microseconds()) / 1000
		if d <= 20*time.Millisecond {
			within++
		}
	}
	total := float64(len(r.latencies) + r.missing)
	res.add(prefix+": median", "ms", pair, median(lat))
	res.add(prefix+": p90", "ms", pair, percentile(lat, 90))
	res.add(prefix+": shown within 20 ms", "%", pair, 100*float64(within)/total)
	res.add(prefix+": wrong predictions", "count", pair, float64(r.wrong))
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// echoFloor measures the harness's own share of an echo figure: a bash
// running directly in a pane of the same kind (no mosh in between) echoes
// the single-key line, read the same way. It returns the median in ms.
func echoFloor(dir string, pids *pidLog) (float64, error) {
	pane, err := tmux.Start(tmux.Options{Dir: dir, Width: 80, Height: 24, Command: shellArgs,
		Env: []string{"LANG=C.UTF-8", "LC_ALL="}})
	if err != nil {
		return 0, err
	}
	s := &session{pane: pane, pids: pids}
	defer s.close()
	if pid, err := pane.PID(); err == nil {
		pids.add(pid)
	}
	if s.ctl, err = attachControl(dir); err != nil {
		return 0, err
	}
	if _, err := s.waitScreen(promptTimeout, promptShown); err != nil {
		return 0, err
	}
	r, err := s.typeLine(singleText, 300*time.Millisecond, true)
	if err != nil {
		return 0, err
	}
	lat := make([]float64, len(r.latencies))
	for i, d := range r.latencies {
		lat[i] = float64(d.Microseconds()) / 1000
	}
	return median(lat), nil
}
