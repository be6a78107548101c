package wire

import (
	"bytes"
	"testing"
)

// TestAppendixB decodes the plaintexts of PROTOCOL.md Appendix B field by
// field (U3) and checks that the instruction bytes inside the C zlib
// payloads are exactly what Instruction.Append produces.
func TestAppendixB(t *testing.T) {
	tests := []struct {
		name      string
		plaintext string
		ts, reply uint16
		id        uint64
		in        Instruction
		user      []UserInstruction
		host      []HostInstruction
	}{
		{"B.1", "1234ffff00000000000000018000789ce360126090605460d06030e2e0629362d1083090b0620000105301de",
			0x1234, NoTimestamp, 1,
			Instruction{ProtocolVersion: 2, NewNum: 1, Diff: AppendUserMessage(nil, []UserInstruction{{Kind: UserResize, Width: 80, Height: 24}})},
			[]UserInstruction{{Kind: UserResize, Width: 80, Height: 24}}, nil},
		{"B.2", "12401234 0000000000000001 8000 789ce360126090605460d46030e2e6e214625762f548cdc9c9b76200001a66033b",
			0x1240, 0x1234, 1,
			Instruction{ProtocolVersion: 2, NewNum: 1, AckNum: 1, Diff: AppendHostMessage(nil, []HostInstruction{{Kind: HostBytes, HostString: []byte("Hello")}})},
			nil, []HostInstruction{{Kind: HostBytes, HostString: []byte("Hello")}}},
		{"B.3", "20001ff0 0000000000000003 8000 789ce360126094605260d4603462e762156256624cb4626664620600128b01a4",
			0x2000, 0x1FF0, 3,
			Instruction{ProtocolVersion: 2, OldNum: 1, NewNum: 2, AckNum: 1, ThrowawayNum: 1,
				Diff: AppendUserMessage(nil, []UserInstruction{{Kind: UserKeystroke, Keys: []byte("a")}}), Chaff: []byte{1, 2, 3}},
			[]UserInstruction{{Kind: UserKeystroke, Keys: []byte("a")}}, nil},
		{"B.4", "3000ffff 0000000000000007 8000 789ce360126092f80f038c0a8c1a4c460c560c00850309e4",
			0x3000, NoTimestamp, 7,
			Instruction{ProtocolVersion: 2, OldNum: 2, NewNum: ShutdownNum, AckNum: 1, ThrowawayNum: 2},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain := unhex(t, tt.plaintext)
			ts, reply, payload, err := ParsePacket(plain)
			if err != nil || ts != tt.ts || reply != tt.reply {
				t.Fatalf("ParsePacket = %x %x %v", ts, reply, err)
			}
			f, err := ParseFragment(payload)
			if err != nil || f.ID != tt.id || f.Num != 0 || !f.Final {
				t.Fatalf("ParseFragment = %+v %v", f, err)
			}
			raw, err := Decompress(f.Data)
			if err != nil || !bytes.Equal(raw, tt.in.Append(nil)) {
				t.Fatalf("inflated %x, %v; want %x", raw, err, tt.in.Append(nil))
			}
			var r Reassembler
			in, ok, err := r.Add(f)
			if !ok || err != nil || !sameInstruction(in, &tt.in) {
				t.Fatalf("Reassembler.Add = %v %v %v", in, ok, err)
			}
			if tt.user != nil {
				u, err := ParseUserMessage(in.Diff)
				if err != nil || !sameUser(u, tt.user) {
					t.Fatalf("ParseUserMessage = %+v %v", u, err)
				}
			}
			if tt.host != nil {
				h, err := ParseHostMessage(in.Diff)
				if err != nil || len(h) != 1 || string(h[0].HostString) != string(tt.host[0].HostString) {
					t.Fatalf("ParseHostMessage = %+v %v", h, err)
				}
			}
			// Rebuilt with the Go compressor, the packet decodes the same.
			var fr Fragmenter
			frags := fr.Fragments(&tt.in, 1214)
			rebuilt := AppendPacket(nil, tt.ts, tt.reply, Fragment{ID: tt.id, Final: true, Data: frags[0].Data}.Append(nil))
			_, _, p2, _ := ParsePacket(rebuilt)
			f2, _ := ParseFragment(p2)
			if in2, ok, err := new(Reassembler).Add(f2); !ok || err != nil || !sameInstruction(in2, &tt.in) {
				t.Fatalf("rebuilt packet: %v %v %v", in2, ok, err)
			}
		})
	}
}
