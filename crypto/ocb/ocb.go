// Package ocb implements the OCB3 authenticated-encryption mode of RFC 7253
// over a 128-bit block cipher (AES in practice), as a crypto/cipher.AEAD.
//
// Mosh uses AES-128-OCB3 with a 12-byte nonce, a 16-byte tag and no
// associated data (../shared/spec/PROTOCOL.md §2); New returns exactly that.
// NewWithSizes allows the other nonce and tag lengths of the RFC, which the
// RFC's own test procedure needs.
//
// The implementation precomputes L_*, L_$ and the L_i table once per key,
// caches the last nonce-derived Ktop (consecutive mosh sequence numbers share
// it for 64 datagrams in a row), works block by block in place, and does not
// allocate after construction. It is not constant-time beyond what the block
// cipher provides. This package knows nothing about mosh datagrams; see
// package ssh-mosh/crypto for those.
package ocb

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"math/bits"
	"sync"
)

const (
	// BlockSize is the block size of the underlying cipher, in bytes.
	BlockSize = 16
	// NonceSize is the nonce length used by mosh and by New.
	NonceSize = 12
	// TagSize is the tag length used by mosh and by New.
	TagSize = 16

	// numL is the number of precomputed L_i values: enough for messages of
	// 2^numL - 1 blocks, far beyond any datagram; longer inputs are refused.
	numL = 32
)

// ErrOpen is returned by Open when the tag does not authenticate the input.
var ErrOpen = errors.New("ocb: message authentication failed")

// block is one 128-bit block held as two big-endian halves, which keeps the
// XORs and shifts of the mode as plain integer operations.
type block struct{ hi, lo uint64 }

func load(b []byte) block {
	return block{binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])}
}

func (x block) store(b []byte) {
	binary.BigEndian.PutUint64(b, x.hi)
	binary.BigEndian.PutUint64(b[8:], x.lo)
}

func (x block) xor(y block) block { return block{x.hi ^ y.hi, x.lo ^ y.lo} }

// double multiplies by x in GF(2^128) with the RFC's polynomial
// x^128 + x^7 + x^2 + x + 1 (RFC 7253 §2, "double").
func (x block) double() block {
	carry := x.hi >> 63
	return block{x.hi<<1 | x.lo>>63, x.lo<<1 ^ carry*0x87}
}

// AEAD is OCB3 over one key. It implements cipher.AEAD and is safe for
// concurrent use: a mutex guards the Ktop cache and the scratch block.
type AEAD struct {
	b         cipher.Block
	nonceSize int
	tagSize   int
	lStar     block
	lDollar   block
	l         [numL]block

	mu       sync.Mutex
	ktopFor  [BlockSize]byte // nonce block (low 6 bits cleared) that ktop belongs to
	ktop     block
	ktopOK   bool
	scratch  [BlockSize]byte // cipher input/output; a field so it never escapes per call
	scratch2 [BlockSize]byte
}

// New returns AES-OCB3 with a 12-byte nonce and a 16-byte tag, the
// parameters mosh uses. key must be 16, 24 or 32 bytes (AES-128/192/256).
func New(key []byte) (*AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, errors.New("ocb: " + err.Error())
	}
	return NewWithSizes(b, NonceSize, TagSize)
}

// NewWithSizes returns OCB3 over b with the given nonce length (1 to 15
// bytes) and tag length (1 to 16 bytes). b must have 16-byte blocks.
func NewWithSizes(b cipher.Block, nonceSize, tagSize int) (*AEAD, error) {
	switch {
	case b.BlockSize() != BlockSize:
		return nil, errors.New("ocb: block cipher must have 16-byte blocks")
	case nonceSize < 1 || nonceSize > 15:
		return nil, errors.New("ocb: nonce length must be 1 to 15 bytes")
	case tagSize < 1 || tagSize > 16:
		return nil, errors.New("ocb: tag length must be 1 to 16 bytes")
	}
	a := &AEAD{b: b, nonceSize: nonceSize, tagSize: tagSize}
	var zero [BlockSize]byte
	b.Encrypt(zero[:], zero[:])
	a.lStar = load(zero[:])
	a.lDollar = a.lStar.double()
	a.l[0] = a.lDollar.double()
	for i := 1; i < numL; i++ {
		a.l[i] = a.l[i-1].double()
	}
	return a, nil
}

// NonceSize returns the nonce length in bytes.
func (a *AEAD) NonceSize() int { return a.nonceSize }

// Overhead returns the tag length in bytes.
func (a *AEAD) Overhead() int { return a.tagSize }

// Seal encrypts and authenticates plaintext and additionalData and appends
// ciphertext ‖ tag to dst. To encrypt in place use plaintext[:0] as dst. It
// panics on a nonce of the wrong length or an input of 2^32 blocks or more,
// as cipher.AEAD implementations do on misuse.
func (a *AEAD) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	a.check(nonce, len(plaintext))
	ret, out := grow(dst, len(plaintext)+a.tagSize)
	a.mu.Lock()
	tag := a.crypt(true, out[:len(plaintext)], plaintext, nonce, additionalData)
	tag.store(a.scratch[:])
	copy(out[len(plaintext):], a.scratch[:a.tagSize])
	a.mu.Unlock()
	return ret
}

// Open authenticates and decrypts ciphertext ‖ tag and appends the
// plaintext to dst. On failure it returns ErrOpen and overwrites with zeros
// whatever it decrypted into dst's spare capacity.
func (a *AEAD) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	if len(ciphertext) < a.tagSize {
		return nil, ErrOpen
	}
	n := len(ciphertext) - a.tagSize
	a.check(nonce, n)
	ret, out := grow(dst, n)
	a.mu.Lock()
	tag := a.crypt(false, out, ciphertext[:n], nonce, additionalData)
	tag.store(a.scratch[:])
	ok := subtle.ConstantTimeCompare(a.scratch[:a.tagSize], ciphertext[n:]) == 1
	a.mu.Unlock()
	if !ok {
		clear(out)
		return nil, ErrOpen
	}
	return ret, nil
}

func (a *AEAD) check(nonce []byte, n int) {
	if len(nonce) != a.nonceSize {
		panic("ocb: wrong nonce length")
	}
	if uint64(n)/BlockSize >= 1<<numL-1 {
		panic("ocb: message too long")
	}
}

// grow extends in by n bytes, reusing its capacity when it can, and returns
// the whole slice and the n new bytes.
func grow(in []byte, n int) (whole, tail []byte) {
	total := len(in) + n
	if cap(in) >= total {
		whole = in[:total]
	} else {
		whole = make([]byte, total)
		copy(whole, in)
	}
	return whole, whole[len(in):]
}

// offset0 returns Offset_0 for a nonce (RFC 7253 §4.2): the nonce block is
// num2str(TAGLEN mod 128, 7) ‖ zeros ‖ 1 ‖ N; its low 6 bits select a
// 128-bit window of Stretch = Ktop ‖ (Ktop[1..64] xor Ktop[9..72]), where
// Ktop is the encrypted nonce block with those 6 bits cleared. Called with
// a.mu held.
func (a *AEAD) offset0(nonce []byte) block {
	var nb [BlockSize]byte
	copy(nb[BlockSize-len(nonce):], nonce)
	nb[BlockSize-1-len(nonce)] |= 1
	nb[0] |= byte((a.tagSize * 8 % 128) << 1)
	bottom := uint(nb[BlockSize-1] & 63)
	nb[BlockSize-1] &^= 63
	if !a.ktopOK || nb != a.ktopFor {
		a.scratch = nb
		a.b.Encrypt(a.scratch[:], a.scratch[:])
		a.ktop = load(a.scratch[:])
		a.ktopFor = nb
		a.ktopOK = true
	}
	k := a.ktop
	w2 := k.hi ^ (k.hi<<8 | k.lo>>56)
	if bottom == 0 {
		return k
	}
	return block{
		k.hi<<bottom | k.lo>>(64-bottom),
		k.lo<<bottom | w2>>(64-bottom),
	}
}

// enc returns E_K(x). Called with a.mu held.
func (a *AEAD) enc(x block) block {
	x.store(a.scratch2[:])
	a.b.Encrypt(a.scratch2[:], a.scratch2[:])
	return load(a.scratch2[:])
}

// crypt runs OCB-ENCRYPT (seal) or the decryption half of OCB-DECRYPT over
// in, writing len(in) bytes to out (out may be exactly in), and returns the
// full 128-bit tag. Called with a.mu held.
func (a *AEAD) crypt(seal bool, out, in, nonce, ad []byte) block {
	off := a.offset0(nonce)
	var sum block
	m := len(in) / BlockSize
	for i := 0; i < m; i++ {
		off = off.xor(a.l[bits.TrailingZeros(uint(i+1))])
		src, dst := in[i*BlockSize:(i+1)*BlockSize], out[i*BlockSize:(i+1)*BlockSize]
		x := load(src)
		if seal {
			sum = sum.xor(x)
		}
		x.xor(off).store(dst)
		if seal {
			a.b.Encrypt(dst, dst)
		} else {
			a.b.Decrypt(dst, dst)
		}
		y := load(dst).xor(off)
		y.store(dst)
		if !seal {
			sum = sum.xor(y)
		}
	}
	if rest := len(in) - m*BlockSize; rest > 0 {
		off = off.xor(a.lStar)
		pad := a.enc(off)
		pad.store(a.scratch[:])
		src, dst := in[m*BlockSize:], out[m*BlockSize:len(in)]
		var last [BlockSize]byte
		if seal {
			copy(last[:], src)
		}
		subtle.XORBytes(dst, src, a.scratch[:rest])
		if !seal {
			copy(last[:], dst)
		}
		last[rest] = 0x80
		sum = sum.xor(load(last[:]))
	}
	return a.enc(sum.xor(off).xor(a.lDollar)).xor(a.hash(ad))
}

// hash is HASH(K, A) of RFC 7253 §4.1. Called with a.mu held.
func (a *AEAD) hash(ad []byte) block {
	var sum, off block
	m := len(ad) / BlockSize
	for i := 0; i < m; i++ {
		off = off.xor(a.l[bits.TrailingZeros(uint(i+1))])
		sum = sum.xor(a.enc(load(ad[i*BlockSize:]).xor(off)))
	}
	if rest := len(ad) - m*BlockSize; rest > 0 {
		off = off.xor(a.lStar)
		var last [BlockSize]byte
		copy(last[:], ad[m*BlockSize:])
		last[rest] = 0x80
		sum = sum.xor(a.enc(load(last[:]).xor(off)))
	}
	return sum
}
