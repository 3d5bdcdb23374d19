package dtls

import (
	"crypto/cipher"

	"golang.org/x/crypto/chacha20poly1305"
)

// newChachaPoly returns the AEAD_CHACHA20_POLY1305 of RFC 8439 §2.8 used by
// the TLS_ECDHE_*_WITH_CHACHA20_POLY1305_SHA256 suites (RFC 7905):
// golang.org/x/crypto's implementation, which has assembly for amd64 and
// arm64.
func newChachaPoly(key []byte) (cipher.AEAD, error) { return chacha20poly1305.New(key) }
