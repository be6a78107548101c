package server

import (
	"net/netip"
	"time"

	"ssh-mosh/internal/statesync"
	"ssh-mosh/ssp"
)

// serverTransport is the SSP core of a server: it sends the terminal and
// receives the user's stream.
type serverTransport = ssp.Transport[*statesync.Complete, *statesync.UserStream]

// newSession builds the transport and the terminal state for cfg.
func newSession(cfg Config, local netip.Addr, now time.Time, logf func(string, ...any)) (transport, host, error) {
	cols, rows := cfg.Cols, cfg.Rows
	if cols <= 0 || rows <= 0 {
		cols, rows = 80, 24
	}
	live := statesync.NewComplete(cols, rows, statesync.CompleteOptions{AltScreen: true})
	t, err := ssp.New(ssp.Config{Key: cfg.Key, Side: ssp.Server, Local: local, Logf: logf},
		live.Clone(), statesync.NewUserStream(), now)
	if err != nil {
		return nil, nil, err
	}
	return sspTransport{t}, &terminal{t: t, live: live, processed: statesync.NewUserStream()}, nil
}

// sspTransport adapts *ssp.Transport to the loop's transport interface.
type sspTransport struct{ *serverTransport }

// Tick converts the core's datagrams; the server has one socket.
func (a sspTransport) Tick(now time.Time) []datagram {
	ds := a.serverTransport.Tick(now)
	if len(ds) == 0 {
		return nil
	}
	out := make([]datagram, len(ds))
	for i, d := range ds {
		out[i] = datagram{to: d.To, data: d.Data}
	}
	return out
}

// terminal is the loop's host: the live emulator and the part of the
// client's stream already handled.
type terminal struct {
	t         *serverTransport
	live      *statesync.Complete
	processed *statesync.UserStream
}

func (h *terminal) Write(b []byte) []byte      { return h.live.Act(b) }
func (h *terminal) Keystrokes(b []byte) []byte { return h.live.TranslateKeys(b) }
func (h *terminal) Resize(cols, rows int)      { h.live.Resize(cols, rows) }
func (h *terminal) SetEchoAck(n uint64)        { h.live.SetEchoAck(n) }
func (h *terminal) Publish()                   { h.t.SetCurrentState(h.live.Clone()) }

// NewEvents returns the newest client state's events beyond those handled
// (PROTOCOL.md §11.4). The newest state normally extends the handled one;
// that is checked cheaply at the boundary, and a stream that does not
// extend it (which makes mosh abort) is handled from the longest common
// prefix instead.
func (h *terminal) NewEvents() ([]event, bool) {
	newest := h.t.RemoteState()
	all, done := newest.Events(), h.processed.Events()
	var fresh []statesync.UserEvent
	ok := len(all) >= len(done) && (len(done) == 0 || all[len(done)-1] == done[len(done)-1])
	if ok {
		fresh = all[len(done):]
	} else {
		fresh = newest.Since(h.processed)
	}
	h.processed = newest.Clone()
	return toEvents(fresh), ok
}

// toEvents groups runs of bytes into one event each.
func toEvents(in []statesync.UserEvent) []event {
	var out []event
	for _, e := range in {
		switch e.Kind {
		case statesync.UserByte:
			if n := len(out); n > 0 && out[n-1].cols == 0 {
				out[n-1].bytes = append(out[n-1].bytes, e.Byte)
				continue
			}
			out = append(out, event{bytes: []byte{e.Byte}})
		case statesync.UserResize:
			if e.Width <= 0 || e.Height <= 0 {
				continue // mosh aborts; ignore (PROTOCOL.md §18)
			}
			out = append(out, event{cols: int(min(e.Width, 65535)), rows: int(min(e.Height, 65535))})
		}
	}
	return out
}
