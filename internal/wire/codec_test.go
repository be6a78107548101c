package wire

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// TestTimestamp16 includes U6 of INTEROP-TESTS.md §1.
func TestTimestamp16(t *testing.T) {
	tests := []struct {
		ms   int64
		want uint16
	}{
		{0, 0}, {1, 1}, {65534, 65534}, {65535, 0}, {65536, 0}, {65537, 1},
		{131071, 0}, {47354, 47354}, {-1, 0}, {-2, 65534},
	}
	for _, tt := range tests {
		if got := Timestamp16(tt.ms); got != tt.want {
			t.Errorf("Timestamp16(%d) = %d, want %d", tt.ms, got, tt.want)
		}
	}
}

func TestPacket(t *testing.T) {
	p := AppendPacket([]byte{9}, 0x1234, NoTimestamp, []byte("frag"))
	if want := unhex(t, "09 1234 ffff 66726167"); !bytes.Equal(p, want) {
		t.Fatalf("AppendPacket = %x, want %x", p, want)
	}
	ts, reply, payload, err := ParsePacket(p[1:])
	if err != nil || ts != 0x1234 || reply != NoTimestamp || string(payload) != "frag" {
		t.Fatalf("ParsePacket = %x %x %q %v", ts, reply, payload, err)
	}
	for n := 0; n < PacketHeaderLen; n++ {
		if _, _, _, err := ParsePacket(p[1 : 1+n]); err != ErrShortPacket {
			t.Errorf("ParsePacket(%d bytes) err = %v", n, err)
		}
	}
	if _, _, payload, err := ParsePacket(p[1:5]); err != nil || len(payload) != 0 {
		t.Errorf("ParsePacket(header only) = %q, %v", payload, err)
	}
}

// TestInstructionAppend checks byte-exact encoding against §9.6 and the
// instructions of Appendix B (U3, U4).
func TestInstructionAppend(t *testing.T) {
	tests := []struct {
		name string
		in   Instruction
		want string
	}{
		{"B.1", Instruction{ProtocolVersion: 2, NewNum: 1, Diff: unhex(t, "0a061a0428503018")},
			"0802100018012000280032080a061a04285030183a00"},
		{"B.2", Instruction{ProtocolVersion: 2, NewNum: 1, AckNum: 1, Diff: unhex(t, "0a091207220548656c6c6f")},
			"08021000180120012800320b0a091207220548656c6c6f3a00"},
		{"B.3", Instruction{ProtocolVersion: 2, OldNum: 1, NewNum: 2, AckNum: 1, ThrowawayNum: 1,
			Diff: unhex(t, "0a0512032201 61"), Chaff: []byte{1, 2, 3}},
			"0802100118022001280132070a0512032201613a03010203"},
		{"B.4", Instruction{ProtocolVersion: 2, OldNum: 2, NewNum: ShutdownNum, AckNum: 1, ThrowawayNum: 2},
			"0802100218ffffffffffffffffff012001280232003a00"},
		{"zero", Instruction{}, "080010001800200028003200 3a00"},
	}
	for _, tt := range tests {
		got := tt.in.Append([]byte{0xEE})
		if want := unhex(t, tt.want); got[0] != 0xEE || !bytes.Equal(got[1:], want) {
			t.Errorf("%s: Append = %x, want %x", tt.name, got[1:], want)
		}
		var back Instruction
		if err := back.Unmarshal(got[1:]); err != nil || !sameInstruction(&back, &tt.in) {
			t.Errorf("%s: Unmarshal = %+v, %v", tt.name, back, err)
		}
	}
}

func sameInstruction(a, b *Instruction) bool {
	return sameButDiff(a, b) && bytes.Equal(a.Diff, b.Diff)
}

// TestInstructionUnmarshal covers the proto2 rules of §9.5 (U4).
func TestInstructionUnmarshal(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Instruction
		wantErr bool
	}{
		{"empty message", "", Instruction{}, false},
		{"reverse order", "3a0101 32026869 2805 2004 1803 1002 0802",
			Instruction{2, 2, 3, 4, 5, []byte("hi"), []byte{1}}, false},
		{"missing fields", "1807", Instruction{NewNum: 7}, false},
		{"last wins", "0802 0803 32016132 0162", Instruction{ProtocolVersion: 3, Diff: []byte("b")}, false},
		{"unknown fields", "0802 4001 4a03616263 5d01020304 610102030405060708 180a",
			Instruction{ProtocolVersion: 2, NewNum: 10}, false},
		{"unknown high field", "f8ffffff0f01 0802", Instruction{ProtocolVersion: 2}, false},
		{"wrong wire type skipped", "3005 0802", Instruction{ProtocolVersion: 2}, false},
		{"group skipped", "0b 0801 0c 0802", Instruction{ProtocolVersion: 2}, false},
		{"uint32 truncation", "08ffffffff1f", Instruction{ProtocolVersion: 0xFFFFFFFF}, false},
		{"truncated varint", "08", Instruction{}, true},
		{"truncated varint 2", "08ff", Instruction{}, true},
		{"bytes too long", "320568", Instruction{}, true},
		{"field zero", "0002", Instruction{}, true},
		{"bad wire type", "0f", Instruction{}, true},
		{"unterminated group", "0b0801", Instruction{}, true},
		{"overlong varint", "08ffffffffffffffffffff01", Instruction{}, true},
	}
	for _, tt := range tests {
		var got Instruction
		got.OldNum = 99 // must be reset
		err := got.Unmarshal(unhex(t, tt.in))
		if tt.wantErr {
			if err == nil || !strings.HasPrefix(err.Error(), "wire: Instruction: malformed protobuf") {
				t.Errorf("%s: err = %v, want a wire error", tt.name, err)
			}
			continue
		}
		if err != nil || !sameInstruction(&got, &tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

// TestUserMessage checks the examples of §9.6 and U8.
func TestUserMessage(t *testing.T) {
	tests := []struct {
		name string
		ins  []UserInstruction
		want string
	}{
		{"keystroke e", []UserInstruction{{Kind: UserKeystroke, Keys: []byte("e")}}, "0a05120322 0165"},
		{"exit", []UserInstruction{{Kind: UserKeystroke, Keys: []byte("exit\r")}}, "0a09120722056578 69740d"},
		{"resize", []UserInstruction{{Kind: UserResize, Width: 80, Height: 24}}, "0a061a0428503018"},
		{"U8", []UserInstruction{
			{Kind: UserKeystroke, Keys: []byte("ab")},
			{Kind: UserResize, Width: 80, Height: 24},
			{Kind: UserKeystroke, Keys: []byte("c")},
		}, "0a06120422026162 0a061a0428503018 0a05120322 0163"},
		{"empty", nil, ""},
		{"empty keys", []UserInstruction{{Kind: UserKeystroke, Keys: []byte{}}}, "0a0412022200"},
		{"wide resize", []UserInstruction{{Kind: UserResize, Width: 300, Height: 1}}, "0a071a0528ac023001"},
		{"negative resize", []UserInstruction{{Kind: UserResize, Width: -1, Height: 0}},
			"0a0f1a0d28ffffffffffffffffff013000"},
	}
	for _, tt := range tests {
		got := AppendUserMessage(nil, tt.ins)
		if want := unhex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("%s: Append = %x, want %x", tt.name, got, want)
		}
		back, err := ParseUserMessage(got)
		if err != nil || !sameUser(back, tt.ins) {
			t.Errorf("%s: Parse = %+v, %v", tt.name, back, err)
		}
	}
	// Unknown kinds are skipped on the way out.
	if got := AppendUserMessage(nil, []UserInstruction{{Kind: UserUnknown}}); len(got) != 0 {
		t.Errorf("UserUnknown encoded as %x", got)
	}
}

func sameUser(a, b []UserInstruction) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Kind != b[i].Kind || !bytes.Equal(a[i].Keys, b[i].Keys) || a[i].Width != b[i].Width || a[i].Height != b[i].Height {
			return false
		}
	}
	return true
}

func TestParseUserMessage(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []UserInstruction
		wantErr bool
	}{
		{"resize then keystroke: keystroke wins", "0a0b 1a0428503018 1203220178",
			[]UserInstruction{{Kind: UserKeystroke, Keys: []byte("x")}}, false},
		{"unknown extension left out", "0a03 2a0100 0a0512032201 79",
			[]UserInstruction{{Kind: UserKeystroke, Keys: []byte("y")}}, false},
		{"empty instruction left out", "0a00", nil, false},
		{"keystroke without keys", "0a021200", []UserInstruction{{Kind: UserKeystroke, Keys: []byte{}}}, false},
		{"resize merged", "0a0c 1a022850 1a023018 1a022851",
			[]UserInstruction{{Kind: UserResize, Width: 81, Height: 24}}, false},
		{"unknown outer fields", "1001 0a061a0428503018 22020000",
			[]UserInstruction{{Kind: UserResize, Width: 80, Height: 24}}, false},
		{"bad outer", "0a07", nil, true},
		{"bad inner", "0a021202", nil, true},
		{"bad keystroke", "0a0412022205", nil, true},
		{"bad resize", "0a031a0128", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseUserMessage(unhex(t, tt.in))
		if tt.wantErr {
			if err == nil || !strings.HasPrefix(err.Error(), "wire: UserMessage: ") {
				t.Errorf("%s: err = %v", tt.name, err)
			}
			continue
		}
		if err != nil || !sameUser(got, tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

// TestHostMessage checks the examples of §9.6.
func TestHostMessage(t *testing.T) {
	tests := []struct {
		name string
		ins  []HostInstruction
		want string
	}{
		{"echo ack then bytes", []HostInstruction{
			{Kind: HostEchoAck, EchoAckNum: 1},
			{Kind: HostBytes, HostString: []byte("\x1b[?25l\n$ \x1b[?25h")},
		}, "0a043a024001 0a131211220f1b5b3f32356c0a24201b5b3f323568"},
		{"resize", []HostInstruction{{Kind: HostResize, Width: 80, Height: 24}}, "0a061a0428503018"},
		{"echo ack 5", []HostInstruction{{Kind: HostEchoAck, EchoAckNum: 5}}, "0a043a024005"},
		{"hello", []HostInstruction{{Kind: HostBytes, HostString: []byte("Hello")}}, "0a091207220548656c6c6f"},
		{"big echo ack", []HostInstruction{{Kind: HostEchoAck, EchoAckNum: ShutdownNum}},
			"0a0d3a0b40ffffffffffffffffff01"},
	}
	for _, tt := range tests {
		got := AppendHostMessage(nil, tt.ins)
		if want := unhex(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("%s: Append = %x, want %x", tt.name, got, want)
		}
		back, err := ParseHostMessage(got)
		if err != nil || !reflect.DeepEqual(back, tt.ins) {
			t.Errorf("%s: Parse = %+v, %v", tt.name, back, err)
		}
	}
}

func TestParseHostMessage(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []HostInstruction
		wantErr bool
	}{
		{"echoack, resize, bytes: bytes win", "0a0f 3a024001 1a0428503018 1203220161",
			[]HostInstruction{{Kind: HostBytes, HostString: []byte("a")}}, false},
		{"echoack and resize: resize wins", "0a0a 3a024001 1a0428503018",
			[]HostInstruction{{Kind: HostResize, Width: 80, Height: 24}}, false},
		{"unknown extension left out", "0a03 2a0100", nil, false},
		{"bad echoack", "0a043a024080", nil, true},
		{"bad outer", "0b", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseHostMessage(unhex(t, tt.in))
		if tt.wantErr {
			if err == nil || !strings.HasPrefix(err.Error(), "wire: HostMessage: ") {
				t.Errorf("%s: err = %v", tt.name, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}
