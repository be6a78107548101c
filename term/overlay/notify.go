package overlay

import (
	"fmt"
	"time"

	"ssh-mosh/term"
)

// Timings of the notification bar (PREDICTION.md §14).
const (
	serverLateAfter   = 6500 * time.Millisecond
	replyLateAfter    = 10000 * time.Millisecond
	messageLifetime   = 1000 * time.Millisecond
	networkErrorLife  = 3100 * time.Millisecond
	countupInterval   = 1000 * time.Millisecond
	slowCountupAfter  = 60 * time.Second
	slowCountupPeriod = 3000 * time.Millisecond
	maxBarRunes       = 127
)

// Notifier is the notification bar (PREDICTION.md §14): a message, and a
// count-up of the time since the server was last heard from or last
// acknowledged us, drawn over the top row of the frame. It is not safe for
// concurrent use.
type Notifier struct {
	lastWordFromServer time.Time
	lastAckedState     time.Time
	message            string
	networkError       bool
	expiration         time.Time // zero: never
	showQuit           bool
	quitHint           string
}

// NewNotifier returns an empty bar created at now (which counts as the last
// word from the server).
func NewNotifier(now time.Time) *Notifier {
	return &Notifier{lastWordFromServer: now, lastAckedState: now, showQuit: true}
}

// SetQuitHint sets the text appended to messages, " [To quit: Ctrl-^ .]"
// for the default escape key, "" when the escape key is disabled.
func (n *Notifier) SetQuitHint(hint string) { n.quitHint = hint }

// ServerHeard records when the newest server state arrived.
func (n *Notifier) ServerHeard(t time.Time) { n.lastWordFromServer = t }

// ServerAcked records when the newest client state the server acknowledged
// was sent.
func (n *Notifier) ServerAcked(t time.Time) { n.lastAckedState = t }

// Set shows msg: for one second, or until replaced when permanent; with the
// quit hint when showQuit.
func (n *Notifier) Set(msg string, permanent, showQuit bool, now time.Time) {
	n.message = msg
	n.networkError = false
	n.showQuit = showQuit
	n.expiration = time.Time{}
	if !permanent {
		n.expiration = now.Add(messageLifetime)
	}
}

// SetNetworkError shows a transport error for 3.1 s.
func (n *Notifier) SetNetworkError(text string, now time.Time) {
	n.message = text
	n.networkError = true
	n.showQuit = true
	n.expiration = now.Add(networkErrorLife)
}

// ClearNetworkError lets a network error expire within a second; the loop
// calls it on every iteration without a send error.
func (n *Notifier) ClearNetworkError(now time.Time) {
	if !n.networkError {
		return
	}
	if soon := now.Add(messageLifetime); n.expiration.IsZero() || soon.Before(n.expiration) {
		n.expiration = soon
	}
}

// Message returns the current message, "" when none.
func (n *Notifier) Message() string { return n.message }

// Clear removes the message.
func (n *Notifier) Clear() {
	n.message = ""
	n.networkError = false
	n.expiration = time.Time{}
}

// AdjustMessage removes an expired message.
func (n *Notifier) AdjustMessage(now time.Time) {
	if !n.expiration.IsZero() && !now.Before(n.expiration) {
		n.Clear()
	}
}

func (n *Notifier) serverLate(now time.Time) bool {
	return now.Sub(n.lastWordFromServer) > serverLateAfter
}

func (n *Notifier) replyLate(now time.Time) bool {
	return now.Sub(n.lastAckedState) > replyLateAfter
}

// Deadline returns when the bar next changes by itself: the message's
// expiry, or the next second of the count-up; zero when never.
func (n *Notifier) Deadline(now time.Time) time.Time {
	next := time.Time{}
	if !n.expiration.IsZero() && n.expiration.After(now) {
		next = n.expiration
	}
	if n.serverLate(now) || n.replyLate(now) {
		since := n.lastWordFromServer
		if !n.serverLate(now) {
			since = n.lastAckedState
		}
		period := countupInterval
		if now.Sub(n.lastWordFromServer) > slowCountupAfter {
			period = slowCountupPeriod
		}
		elapsed := now.Sub(since)
		tick := since.Add((elapsed/period + 1) * period)
		if next.IsZero() || tick.Before(next) {
			next = tick
		}
	}
	return next
}

// Text returns the bar's text at now, "" when no bar is shown (§14.3).
func (n *Notifier) Text(now time.Time) string {
	serverLate, replyLate := n.serverLate(now), n.replyLate(now)
	if n.message == "" && !serverLate && !replyLate {
		return ""
	}
	q := ""
	if n.showQuit {
		q = n.quitHint
	}
	since, what := n.lastWordFromServer, "contact"
	if !serverLate {
		since, what = n.lastAckedState, "reply"
	}
	secs := int64(now.Sub(since) / time.Second)
	var s string
	switch {
	case n.message == "":
		s = fmt.Sprintf("mosh: Last %s %s ago.%s", what, humanDuration(secs, "seconds"), q)
	case serverLate || replyLate:
		s = fmt.Sprintf("mosh: %s (%s without %s.)%s", n.message, humanDuration(secs, "s"), what, q)
	default:
		s = "mosh: " + n.message + q
	}
	if r := []rune(s); len(r) > maxBarRunes {
		s = string(r[:maxBarRunes])
	}
	return s
}

// humanDuration formats n seconds as "N unit", "M:SS" or "H:MM:SS".
func humanDuration(n int64, unit string) string {
	switch {
	case n < 60:
		return fmt.Sprintf("%d %s", n, unit)
	case n < 3600:
		return fmt.Sprintf("%d:%02d", n/60, n%60)
	}
	return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
}

// Bar cell renditions: white on blue, text bold (§14.4).
var (
	barRenditions  = term.Renditions{FG: 30 + 7, BG: 40 + 4}
	textRenditions = term.Renditions{FG: 30 + 7, BG: 40 + 4, Attrs: term.Bold}
)

// Apply draws the bar over row 0 of f (§14.4). Nothing is drawn when there
// is no text.
func (n *Notifier) Apply(f *term.Framebuffer, now time.Time) {
	text := n.Text(now)
	if text == "" {
		return
	}
	if f.DS.CursorRow == 0 {
		f.DS.CursorVisible = false
	}
	row := f.MutableRow(0)
	w := f.Width()
	blank := term.NewCell(" ", barRenditions, false)
	for x := 0; x < w; x++ {
		row.SetCell(x, blank)
	}
	col := 0
	for _, ch := range text {
		if col >= w {
			break
		}
		switch cw := term.WCWidth(ch); cw {
		case 1, 2:
			row.SetCell(col, term.NewCell(string(ch), textRenditions, cw == 2))
			col += cw
		case 0:
			at := max(col-1, 0)
			prev := row.Cell(at)
			if prev.Empty() {
				row.SetCell(at, term.NewCell("\u00a0"+string(ch), textRenditions, false))
				col++
			} else {
				row.SetCell(at, term.NewCell(prev.Contents()+string(ch), prev.Renditions(), prev.Wide()))
			}
		}
	}
}
