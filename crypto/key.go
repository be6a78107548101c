// Package crypto is mosh's session cryptography: the 128-bit session key
// and its 22-character printable form (../shared/spec/PROTOCOL.md §1), and
// the sealing and opening of whole datagrams with AES-128-OCB3, a nonce
// built from the direction bit and a sequence number (§2).
//
// It does not number datagrams, order them, or drop replays: callers choose
// the sequence numbers they seal with and decide what to do with the ones
// they open. The OCB mode itself is in the subpackage ocb.
package crypto

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
)

// Key is a mosh session key: 16 bytes, used in both directions.
type Key [16]byte

// KeyLen is the length of a key's printable form.
const KeyLen = 22

// The messages of the real mosh-client for bad keys, in the order it checks
// them (PROTOCOL.md §1).
const (
	msgKeyLength     = "Key must be 22 letters long."
	msgKeyBase64     = "Key must be well-formed base64."
	msgKeyOctets     = "Key must represent 16 octets."
	msgKeyNotEncoded = "Base64 key was not encoded 128-bit key."
)

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// KeyError reports a key that ParseKey refused.
type KeyError struct {
	// Msg is the real mosh's message for this defect, word for word; the
	// real client prints "Crypto exception: " + Msg.
	Msg string
}

// Error returns "crypto: " followed by Msg.
func (e *KeyError) Error() string { return "crypto: " + e.Msg }

// ParseKey parses the 22-character printable form of a key: standard base64
// without the two "=" of padding, whose last character carries only zero
// bits below its top two.
func ParseKey(s string) (Key, error) {
	var k Key
	if len(s) != KeyLen {
		return k, &KeyError{msgKeyLength}
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(base64Alphabet, s[i]) < 0 {
			return k, &KeyError{msgKeyBase64}
		}
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return k, &KeyError{msgKeyBase64}
	}
	if len(b) != len(k) {
		return k, &KeyError{msgKeyOctets}
	}
	copy(k[:], b)
	if k.String() != s {
		return Key{}, &KeyError{msgKeyNotEncoded}
	}
	return k, nil
}

// GenerateKey reads a new key from r, which should be crypto/rand.Reader
// outside tests.
func GenerateKey(r io.Reader) (Key, error) {
	var k Key
	if _, err := io.ReadFull(r, k[:]); err != nil {
		return Key{}, fmt.Errorf("crypto: generating key: %w", err)
	}
	return k, nil
}

// String returns the key's 22-character printable form.
func (k Key) String() string { return base64.RawStdEncoding.EncodeToString(k[:]) }
