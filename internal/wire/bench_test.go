package wire

import (
	"bytes"
	"testing"
)

// typicalHost is a typical server frame: ~200 bytes of terminal output and
// an echo ack.
var typicalHost = []HostInstruction{
	{Kind: HostEchoAck, EchoAckNum: 1234},
	{Kind: HostBytes, HostString: bytes.Repeat([]byte("\x1b[?25l\r\n$ ls -l\x1b[K"), 10)},
}

func BenchmarkHostMessageEncode(b *testing.B) {
	buf := make([]byte, 0, 1024)
	b.SetBytes(int64(len(AppendHostMessage(nil, typicalHost))))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendHostMessage(buf[:0], typicalHost)
	}
}

func BenchmarkHostMessageDecode(b *testing.B) {
	enc := AppendHostMessage(nil, typicalHost)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseHostMessage(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInstructionUnmarshal(b *testing.B) {
	in := Instruction{ProtocolVersion: 2, OldNum: 100, NewNum: 102, AckNum: 55, ThrowawayNum: 100,
		Diff: AppendHostMessage(nil, typicalHost), Chaff: []byte{1, 2, 3, 4, 5, 6, 7}}
	enc := in.Append(nil)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	var out Instruction
	for b.Loop() {
		if err := out.Unmarshal(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFragmentRoundTrip is a whole typical instruction through
// Fragmenter (serialize, compress, split) and Reassembler (join,
// inflate, parse).
func BenchmarkFragmentRoundTrip(b *testing.B) {
	in := Instruction{ProtocolVersion: 2, OldNum: 100, NewNum: 102, AckNum: 55, ThrowawayNum: 100,
		Diff: AppendHostMessage(nil, typicalHost), Chaff: []byte{1, 2, 3}}
	var f Fragmenter
	var r Reassembler
	b.SetBytes(int64(len(in.Append(nil))))
	b.ReportAllocs()
	for b.Loop() {
		in.NewNum++
		var ok bool
		for _, fr := range f.Fragments(&in, 1214) {
			_, ok, _ = r.Add(fr)
		}
		if !ok {
			b.Fatal("no instruction")
		}
	}
}
