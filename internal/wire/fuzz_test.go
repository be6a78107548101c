package wire

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func seedHex(f *testing.F, hexes ...string) {
	for _, h := range hexes {
		b, err := hex.DecodeString(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

var instructionSeeds = []string{
	"0802100018012000280032080a061a04285030183a00",
	"08021000180120012800320b0a091207220548656c6c6f3a00",
	"0802100118022001280132070a0512032201613a03010203",
	"0802100218ffffffffffffffffff012001280232003a00",
	"3a01013202686928052004180310020802",
	"0b08010c0802", "08ff", "",
}

func FuzzInstructionUnmarshal(f *testing.F) {
	seedHex(f, instructionSeeds...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var in Instruction
		if err := in.Unmarshal(b); err != nil {
			return
		}
		var back Instruction
		enc := in.Append(nil)
		if err := back.Unmarshal(enc); err != nil || !sameInstruction(&back, &in) || !bytes.Equal(back.Chaff, in.Chaff) {
			t.Fatalf("re-encoded %x does not decode to %+v: %+v %v", enc, in, back, err)
		}
	})
}

func FuzzParseUserMessage(f *testing.F) {
	seedHex(f, "0a061a0428503018", "0a061204220261620a061a04285030180a051203220163",
		"0a0512032201", "0a0b1a04285030181203220178",
		"0a0c1a0228501a0230181a022851", "0a0f1a0d28ffffffffffffffffff013000", "0a07", "0a021202")
	f.Fuzz(func(t *testing.T, b []byte) {
		ins, err := ParseUserMessage(b)
		if err != nil {
			return
		}
		enc := AppendUserMessage(nil, ins)
		back, err := ParseUserMessage(enc)
		if err != nil || !sameUser(back, ins) {
			t.Fatalf("re-encoded %x does not decode to %+v: %+v %v", enc, ins, back, err)
		}
	})
}

func FuzzParseHostMessage(f *testing.F) {
	seedHex(f, "0a043a0240010a131211220f1b5b3f32356c0a24201b5b3f323568", "0a061a0428503018",
		"0a043a024005", "0a0f3a0240011a04285030181203220161", "0a0d3a0b40ffffffffffffffffff01", "0b")
	f.Fuzz(func(t *testing.T, b []byte) {
		ins, err := ParseHostMessage(b)
		if err != nil {
			return
		}
		enc := AppendHostMessage(nil, ins)
		back, err := ParseHostMessage(enc)
		if err != nil || len(back) != len(ins) {
			t.Fatalf("re-encoded %x: %+v %v", enc, back, err)
		}
		for i := range ins {
			a, b := ins[i], back[i]
			if a.Kind != b.Kind || !bytes.Equal(a.HostString, b.HostString) || a.Width != b.Width || a.Height != b.Height || a.EchoAckNum != b.EchoAckNum {
				t.Fatalf("instruction %d: %+v became %+v", i, a, b)
			}
		}
	})
}

func FuzzDecompress(f *testing.F) {
	seedHex(f, "789ce360126090605460d06030e2e0629362d1083090b0620000105301de",
		"789ce360126092f80f038c0a8c1a4c460c560c00850309e4", "789c", "", "1f8b0800")
	f.Add(Compress(nil, make([]byte, 100000)))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Decompress(b)
		if err != nil {
			return
		}
		if len(out) > MaxInstructionLen {
			t.Fatalf("inflated to %d bytes", len(out))
		}
		if back, err := Decompress(Compress(nil, out)); err != nil || !bytes.Equal(back, out) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

// FuzzReassemble feeds a stream of fragments to ParseFragment and one
// Reassembler. The input is a series of records: one length byte, then
// that many bytes of packet payload.
func FuzzReassemble(f *testing.F) {
	in := Instruction{ProtocolVersion: 2, NewNum: 1, Diff: []byte("hello, fragments")}
	var fr Fragmenter
	var stream []byte
	for _, frag := range fr.Fragments(&in, 7) {
		enc := frag.Append(nil)
		stream = append(append(stream, byte(len(enc))), enc...)
	}
	f.Add(stream)
	f.Add(append(bytes.Clone(stream), stream...))
	seedHex(f, "2600000000000000018000789ce360126090605460d06030e2e0629362d1083090b0620000105301de",
		"0a00000000000000097fff", "05000000000000", "")
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Reassembler
		for len(b) > 0 {
			n := min(int(b[0]), len(b)-1)
			rec := b[1 : 1+n]
			b = b[1+n:]
			frag, err := ParseFragment(rec)
			if err != nil {
				if len(rec) >= FragmentHeaderLen {
					t.Fatalf("ParseFragment(%x): %v", rec, err)
				}
				continue
			}
			if !bytes.Equal(frag.Append(nil), rec) {
				t.Fatalf("fragment %x does not re-encode", rec)
			}
			in, ok, _ := r.Add(frag)
			if ok != (in != nil) {
				t.Fatalf("ok = %v with instruction %v", ok, in)
			}
			if r.bytes > MaxAssemblyBytes {
				t.Fatalf("holding %d bytes", r.bytes)
			}
		}
	})
}
