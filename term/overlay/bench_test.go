package overlay

import (
	"testing"
	"time"

	"ssh-mosh/term"
)

// BenchmarkKeystroke is the engine's share of one typed key on an 80×24
// screen: predict it, then cull and apply for the next paint.
func BenchmarkKeystroke(b *testing.B) {
	em := term.New(80, 24)
	em.WriteString("$ ")
	server := em.Framebuffer().Clone()
	p := NewPredictor(Always, false)
	p.SetSendInterval(150 * time.Millisecond)
	now := time.Unix(1000, 0)
	shown := server.Clone()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%60 == 0 {
			p.Reset()
		}
		now = now.Add(10 * time.Millisecond)
		p.SetLocalFrameSent(uint64(i))
		p.NewUserByte('a'+byte(i%26), shown, now)
		f := server.Clone()
		p.Cull(f, now)
		p.Apply(f)
		shown = f
	}
}

// BenchmarkBar draws the notification bar over an 80-column frame.
func BenchmarkBar(b *testing.B) {
	t0 := time.Unix(1000, 0)
	n := NewNotifier(t0)
	n.SetQuitHint(" [To quit: Ctrl-^ .]")
	fb := term.NewFramebuffer(80, 24)
	now := t0.Add(8 * time.Second)
	b.ReportAllocs()
	for b.Loop() {
		f := fb.Clone()
		n.Apply(f, now)
	}
}
