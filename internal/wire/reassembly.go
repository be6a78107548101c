package wire

import (
	"bytes"
	"fmt"
)

// MaxAssemblyBytes caps the compressed bytes a Reassembler holds for one
// instruction: what fits mosh's 4 MiB buffer.
const MaxAssemblyBytes = MaxInstructionLen

// Reassembler collects the fragments of one instruction at a time, the
// single slot of §7.3. A fragment with a new id discards the assembly in
// progress. Where real mosh aborts (§18) it drops instead: a duplicate
// whose data differs is dropped; a final flag that contradicts fragments
// already held (a higher number stored, or a different final number)
// drops the whole assembly; so does going over MaxAssemblyBytes. The zero
// value is ready to use; it is not safe for concurrent use.
type Reassembler struct {
	id      uint64
	started bool
	frags   map[uint16][]byte // private copies
	total   int               // fragment count once the final one is seen, else 0
	bytes   int
	highest uint16
}

// Add takes one fragment, copying its data. It returns ok with the
// decoded instruction when f completes one. A non-nil err means something
// was dropped and is never fatal: a fragment that contradicts the
// assembly, or a completed payload that does not decompress or decode.
func (r *Reassembler) Add(f Fragment) (in *Instruction, ok bool, err error) {
	if !r.started || f.ID != r.id {
		r.reset()
		r.started = true
		r.id = f.ID
	}
	if old, dup := r.frags[f.Num]; dup {
		if !bytes.Equal(old, f.Data) {
			return nil, false, fmt.Errorf("wire: fragment %d of instruction %d: duplicate with different data dropped", f.Num, f.ID)
		}
		return nil, false, nil
	}
	if f.Final {
		if (r.total != 0 && r.total != int(f.Num)+1) || (len(r.frags) > 0 && r.highest > f.Num) {
			r.reset()
			return nil, false, fmt.Errorf("wire: instruction %d: final fragment %d contradicts fragments held; assembly dropped", f.ID, f.Num)
		}
		r.total = int(f.Num) + 1
	} else if r.total != 0 && int(f.Num) >= r.total {
		r.reset()
		return nil, false, fmt.Errorf("wire: instruction %d: fragment %d beyond final fragment %d; assembly dropped", f.ID, f.Num, r.total-1)
	}
	if r.bytes+len(f.Data) > MaxAssemblyBytes {
		r.reset()
		return nil, false, fmt.Errorf("wire: instruction %d: more than %d bytes of fragments; assembly dropped", f.ID, MaxAssemblyBytes)
	}
	if r.frags == nil {
		r.frags = make(map[uint16][]byte)
	}
	r.frags[f.Num] = bytes.Clone(f.Data)
	r.bytes += len(f.Data)
	r.highest = max(r.highest, f.Num)
	if r.total == 0 || len(r.frags) != r.total {
		return nil, false, nil
	}
	payload := make([]byte, 0, r.bytes)
	for i := 0; i < r.total; i++ {
		payload = append(payload, r.frags[uint16(i)]...)
	}
	r.reset() // keeps r.id, as mosh does
	plain, err := Decompress(payload)
	if err != nil {
		return nil, false, fmt.Errorf("wire: instruction %d: %w", f.ID, err)
	}
	in = new(Instruction)
	if err := in.Unmarshal(plain); err != nil {
		return nil, false, fmt.Errorf("wire: instruction %d: %w", f.ID, err)
	}
	return in, true, nil
}

// reset empties the slot but keeps the current id.
func (r *Reassembler) reset() {
	clear(r.frags)
	r.total, r.bytes, r.highest = 0, 0, 0
}
