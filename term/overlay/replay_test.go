package overlay

import (
	"strings"
	"testing"
	"time"
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
