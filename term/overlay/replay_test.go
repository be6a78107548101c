package overlay

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/term"
)

// TestReplayAfterClear types a word right after Enter and Ctrl-L (which
// moves the prompt to the top) while the echo lags two keys behind. mosh
// 1.4.0 keeps predicting from the lagging cursor and shows none of the word;
// with replay every key from the third on is shown at once, none wrongly.
func TestReplayAfterClear(t *testing.T) {
	h := newHarness(t, Always, 50*time.Millisecond)
	h.key("a")
	h.stopped = true
	h.key("\r\f")
	h.server.WriteString("\r\n\x1b[H\x1b[2J$ ")
	h.p.SetLocalFrameLateAcked(h.sent)
	h.typed = h.typed[:0]
	h.paint()
	word := "#the quick brown fox"
	var pendingKeys []byte
	var pendingStates []uint64
	shown := 0
	for i := 0; i < len(word); i++ {
		h.now = h.now.Add(120 * time.Millisecond)
		h.key(word[i : i+1])
		h.typed = h.typed[:0]
		if got := h.row(0); got == strings.TrimRight("$ "+word[:i+1], " ") {
			shown++
		} else if len(got) > 2 && got != "$ "+word[:len(got)-2] {
			t.Fatalf("wrong prediction shown: %q", got)
		}
		pendingKeys = append(pendingKeys, word[i])
		pendingStates = append(pendingStates, h.sent)
		if len(pendingKeys) > 2 {
			h.server.WriteString(string(pendingKeys[0]))
			h.p.SetLocalFrameLateAcked(pendingStates[0])
			pendingKeys, pendingStates = pendingKeys[1:], pendingStates[1:]
			h.paint()
		}
	}
	if shown < len(word)-3 {
		t.Errorf("%d of %d keys shown at once", shown, len(word))
	}
}

// TestSkipShown: a replay skips the keys in flight that the frame already
// shows beyond the echo ack, only when exactly one count fits the row.
func TestSkipShown(t *testing.T) {
	for _, tc := range []struct {
		name     string
		screen   string // the server's row, cursor at its end
		done     string // processed characters (doneTail)
		inFlight string // keys beyond the echo ack; '<' is ←
		want     int
	}{
		{"nothing processed", "$ #t", "", "the", 0},
		{"ack is up to date", "$ #", "#", "the", 0},
		{"one echo beyond the ack", "$ #t", "#", "the", 1},
		{"two echoes beyond the ack", "$ #th", "#", "the", 2},
		{"everything shown", "$ #the", "#", "the", 3},
		{"row shows something else", "$ #x", "#", "the", 0},
		{"repeated pattern fits twice", "$ abab", "ab", "ab", 0},
		{"pattern resolved by the processed part", "$ xabab", "xab", "ab", 2},
		{"stops at a cursor key", "$ #t", "#", "t<h", 1},
		{"processed part is the whole row", "#t", "#", "t", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			em := term.New(80, 24)
			em.WriteString(tc.screen)
			p := NewPredictor(Always, false)
			p.doneTail = []rune(tc.done)
			for _, ch := range tc.inFlight {
				k := typed{kind: actPrint, ch: ch}
				if ch == '<' {
					k = typed{kind: actCSIDispatch, ch: 'D'}
				}
				p.inFlight = append(p.inFlight, k)
			}
			if got := p.skipShown(em.Framebuffer()); got != tc.want {
				t.Errorf("skipShown = %d, want %d", got, tc.want)
			}
		})
	}
}
