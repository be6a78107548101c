package statesync

import (
	"fmt"

	"ssh-mosh/internal/wire"
	"ssh-mosh/term"
	"ssh-mosh/term/display"
)

// CompleteOptions configure a Complete.
type CompleteOptions struct {
	// AltScreen gives the emulator a real alternate screen (modes 47,
	// 1047, 1049; term.Options.AltScreen). Server side only: the client's
	// copy must interpret diffs exactly as mosh 1.4.0 does.
	AltScreen bool
}

// Complete is the server → client state (PROTOCOL.md §12): a terminal
// emulator and the echo ack, the newest client state whose keystrokes
// have had time to be echoed. The server feeds pty output with Act; the
// client applies the server's diffs with Apply.
//
// Clone is cheap: framebuffer rows are shared copy-on-write, so a clone
// costs one slice of row pointers, not a copy of the cells.
type Complete struct {
	emu     *term.Emulator
	echoAck uint64
}

// NewComplete returns a blank width×height terminal with echo ack 0.
func NewComplete(width, height int, o CompleteOptions) *Complete {
	return &Complete{emu: term.NewWithOptions(width, height, term.Options{AltScreen: o.AltScreen})}
}

// Act feeds host (pty) output to the emulator and returns the bytes the
// terminal answers (device attributes, status reports), which the server
// writes back to the pty.
func (c *Complete) Act(hostBytes []byte) (reply []byte) {
	return c.emu.Write(hostBytes)
}

// Resize changes the terminal size (TERMINAL.md §10).
func (c *Complete) Resize(width, height int) {
	c.emu.Resize(width, height)
}

// TranslateKeys passes user keystrokes through the emulator's key
// translator (TERMINAL.md §9), for the server to write to the pty.
func (c *Complete) TranslateKeys(keys []byte) []byte { return c.emu.TranslateKeys(keys) }

// Framebuffer returns the live framebuffer; read-only.
func (c *Complete) Framebuffer() *term.Framebuffer { return c.emu.Framebuffer() }

// EchoAck returns the echo ack (PROTOCOL.md §12.2).
func (c *Complete) EchoAck() uint64 { return c.echoAck }

// SetEchoAck sets the echo ack; it reports whether the value changed.
func (c *Complete) SetEchoAck(n uint64) bool {
	changed := c.echoAck != n
	c.echoAck = n
	return changed
}

// Clone returns an independent copy (copy-on-write rows).
func (c *Complete) Clone() *Complete {
	return &Complete{emu: c.emu.Clone(), echoAck: c.echoAck}
}

// Equal reports framebuffer equality (TERMINAL.md §3.5: row identities
// included, icon name excluded) and equal echo acks (PROTOCOL.md §12.1).
func (c *Complete) Equal(o *Complete) bool {
	return c.echoAck == o.echoAck && c.emu.Framebuffer().Equal(o.emu.Framebuffer())
}

// DiffFrom returns the serialized HostMessage that turns older into c
// (PROTOCOL.md §12.3): an echo ack if it changed, then, if the
// framebuffers differ, a resize if the size changed and the display frame
// from older's screen to c's. It returns nil when there is nothing to
// send.
//
// As in mosh, the receiver's copy of older must have older's size. Each
// side's state 0 has its own size (DISPLAY.md §1.3); that is harmless
// because the client's first state resizes the server, so any later
// state differs from state 0 in size, unless the server returns to its
// initial size before the client acknowledged anything.
func (c *Complete) DiffFrom(older *Complete) []byte {
	var ins [3]wire.HostInstruction
	n := 0
	if older.echoAck != c.echoAck {
		ins[n] = wire.HostInstruction{Kind: wire.HostEchoAck, EchoAckNum: c.echoAck}
		n++
	}
	of, f := older.emu.Framebuffer(), c.emu.Framebuffer()
	if !f.Equal(of) {
		if f.Width() != of.Width() || f.Height() != of.Height() {
			ins[n] = wire.HostInstruction{Kind: wire.HostResize, Width: int32(f.Width()), Height: int32(f.Height())}
			n++
		}
		if s := display.NewFrame(true, of, f); len(s) > 0 {
			ins[n] = wire.HostInstruction{Kind: wire.HostBytes, HostString: s}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return wire.AppendHostMessage(nil, ins[:n])
}

// Apply changes c by a HostMessage from DiffFrom (PROTOCOL.md §12.4):
// host bytes go through c's own emulator, a resize resizes it, an echo
// ack replaces the echo ack. A malformed message, a size that is not
// positive or an echo ack lower than c's (mosh aborts on those) is an
// error and leaves c unchanged. Anything the emulator would answer (a
// server diff never holds a query) is dropped: the copy has no host to
// answer to.
func (c *Complete) Apply(diff []byte) error {
	ins, err := wire.ParseHostMessage(diff)
	if err != nil {
		return fmt.Errorf("statesync: host diff: %w", err)
	}
	ack := c.echoAck
	for _, in := range ins {
		switch in.Kind {
		case wire.HostResize:
			if in.Width <= 0 || in.Height <= 0 {
				return fmt.Errorf("statesync: host diff: resize to %d×%d", in.Width, in.Height)
			}
		case wire.HostEchoAck:
			if in.EchoAckNum < ack {
				return fmt.Errorf("statesync: host diff: echo ack goes back from %d to %d", ack, in.EchoAckNum)
			}
			ack = in.EchoAckNum
		}
	}
	for _, in := range ins {
		switch in.Kind {
		case wire.HostBytes:
			c.emu.Write(in.HostString) // replies dropped, see above
		case wire.HostResize:
			c.emu.Resize(int(in.Width), int(in.Height))
		case wire.HostEchoAck:
			c.echoAck = in.EchoAckNum
		}
	}
	return nil
}
