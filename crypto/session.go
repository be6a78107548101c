package crypto

import (
	"encoding/binary"
	"errors"
	"sync/atomic"

	"ssh-mosh/crypto/ocb"
)

// Direction is the direction bit of a datagram's nonce: it keeps the
// client's and the server's nonces apart although they share one key.
type Direction uint8

const (
	// ToServer marks datagrams from the client to the server.
	ToServer Direction = 0
	// ToClient marks datagrams from the server to the client.
	ToClient Direction = 1
)

// String returns "to-server" or "to-client".
func (d Direction) String() string {
	if d == ToServer {
		return "to-server"
	}
	return "to-client"
}

const (
	// NonceLen is the number of clear bytes at the start of a datagram: the
	// big-endian direction bit and sequence number.
	NonceLen = 8
	// Overhead is the number of bytes a datagram adds to its plaintext:
	// NonceLen clear bytes and a 16-byte tag.
	Overhead = NonceLen + ocb.TagSize
	// MaxSeq is the largest sequence number; higher bits are dropped.
	MaxSeq = 1<<63 - 1
	// MaxBlocks is the key-wear limit of PROTOCOL.md §2: mosh ends the
	// session once it has sealed this many 16-byte blocks with one key.
	MaxBlocks = 1 << 47
)

var (
	// ErrShortDatagram is returned by Open for a datagram too short to hold
	// the clear nonce bytes and a tag (mosh: "Ciphertext must contain nonce
	// and tag.").
	ErrShortDatagram = errors.New("crypto: ciphertext must contain nonce and tag")
	// ErrIntegrity is returned by Open when the tag does not match: wrong
	// key, or any byte changed (mosh: "Packet failed integrity check.").
	ErrIntegrity = errors.New("crypto: packet failed integrity check")
)

// Session seals and opens the datagrams of one session key. It is safe
// for concurrent use, and after NewSession it does not allocate when dst
// has room.
type Session struct {
	aead   *ocb.AEAD
	blocks atomic.Uint64 // ⌈len/16⌉ summed over sealed plaintexts
}

// NewSession returns a Session for k.
func NewSession(k Key) *Session {
	a, err := ocb.New(k[:])
	if err != nil {
		// A 16-byte key is always a valid AES key.
		panic("crypto: " + err.Error())
	}
	return &Session{aead: a}
}

// nonce returns the 12-byte OCB nonce for the 8 clear bytes of a datagram:
// four zero bytes, then the clear bytes (PROTOCOL.md §2).
func nonce(clear []byte) [ocb.NonceSize]byte {
	var n [ocb.NonceSize]byte
	copy(n[4:], clear)
	return n
}

// Seal appends to dst the whole datagram: the 8-byte big-endian value
// dir<<63 | seq&MaxSeq, then the OCB ciphertext of plaintext, then the tag.
// The datagram is len(plaintext)+Overhead bytes. dst must not overlap
// plaintext.
func (s *Session) Seal(dst []byte, dir Direction, seq uint64, plaintext []byte) []byte {
	s.blocks.Add(uint64(len(plaintext)+ocb.BlockSize-1) / ocb.BlockSize)
	v := uint64(dir&1)<<63 | seq&MaxSeq
	dst = binary.BigEndian.AppendUint64(dst, v)
	n := nonce(dst[len(dst)-NonceLen:])
	return s.aead.Seal(dst, n[:], plaintext, nil)
}

// Open checks and decrypts a datagram and, like cipher.AEAD.Open, returns
// dst with the plaintext appended (so with dst == nil, just the plaintext).
// It returns ErrShortDatagram for fewer than Overhead bytes and
// ErrIntegrity for a tag mismatch; both mean "drop the datagram". The
// direction is reported, not checked: the caller drops datagrams meant for
// its peer. dst must not overlap datagram.
func (s *Session) Open(dst, datagram []byte) (dir Direction, seq uint64, plaintext []byte, err error) {
	if len(datagram) < Overhead {
		return 0, 0, nil, ErrShortDatagram
	}
	v := binary.BigEndian.Uint64(datagram)
	n := nonce(datagram[:NonceLen])
	plaintext, err = s.aead.Open(dst, n[:], datagram[NonceLen:], nil)
	if err != nil {
		return 0, 0, nil, ErrIntegrity
	}
	return Direction(v >> 63), v & MaxSeq, plaintext, nil
}

// BlocksSealed returns the number of 16-byte plaintext blocks (⌈len/16⌉ per
// datagram) sealed so far. The caller enforces the key-wear limit: a
// session whose count reaches MaxBlocks must end.
func (s *Session) BlocksSealed() uint64 { return s.blocks.Load() }
