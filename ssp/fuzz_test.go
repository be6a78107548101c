package ssp_test

import (
	"testing"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
)

// FuzzReceive: Receive never panics, whatever the bytes. Each input is
// received both as a raw datagram and sealed as an authentic plaintext,
// so mutations reach the fragment, zlib, protobuf and SSP layers, not
// just the tag check. Run by hand with
// go test -fuzz FuzzReceive ./ssp.
func FuzzReceive(f *testing.F) {
	sess := crypto.NewSession(testKey)
	seal := func(seq uint64, plain []byte) []byte { return sess.Seal(nil, crypto.ToServer, seq, plain) }
	in := wire.Instruction{ProtocolVersion: 2, OldNum: 0, NewNum: 1, Diff: []byte("hello")}
	frag := wire.Fragment{ID: 1, Final: true, Data: wire.Compress(nil, in.Append(nil))}
	f.Add(wire.AppendPacket(nil, 1, wire.NoTimestamp, frag.Append(nil)))
	in2 := wire.Instruction{ProtocolVersion: 2, OldNum: 0, NewNum: 1<<64 - 1, AckNum: 7, ThrowawayNum: 9}
	frag2 := wire.Fragment{ID: 2, Num: 3, Data: wire.Compress(nil, in2.Append(nil))}
	f.Add(wire.AppendPacket(nil, 1, 2, frag2.Append(nil)))
	f.Add(seal(0, wire.AppendPacket(nil, 1, wire.NoTimestamp, frag.Append(nil))))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, plain []byte) {
		p := newPair(t, 1, nil)
		// Fuzz both the raw datagram and the plaintext inside a valid
		// envelope.
		p.s.Receive(testStart, p.net.ClientAddr, plain)
		p.s.Receive(testStart, p.net.ClientAddr, seal(10, plain))
		p.s.Tick(testStart)
	})
}
