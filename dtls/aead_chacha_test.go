package dtls

import (
	"bytes"
	"testing"
)

// TestChaCha20Poly1305Vector is the AEAD test vector of RFC 8439 §2.8.2.
func TestChaCha20Poly1305Vector(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = 0x80 + byte(i)
	}
	nonce := []byte{0x07, 0, 0, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47}
	aad := []byte{0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7}
	pt := []byte("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")
	a, _ := newChachaPoly(key)
	ct := a.Seal(nil, nonce, pt, aad)
	wantPrefix := []byte{0xd3, 0x1a, 0x8d, 0x34, 0x64, 0x8e, 0x60, 0xdb, 0x7b, 0x86, 0xaf, 0xbc, 0x53, 0xef, 0x7e, 0xc2}
	wantTag := []byte{0x1a, 0xe1, 0x0b, 0x59, 0x4f, 0x09, 0xe2, 0x6a, 0x7e, 0x90, 0x2e, 0xcb, 0xd0, 0x60, 0x06, 0x91}
	if !bytes.Equal(ct[:16], wantPrefix) || !bytes.Equal(ct[len(ct)-16:], wantTag) {
		t.Fatalf("ciphertext %x", ct)
	}
	back, err := a.Open(nil, nonce, ct, aad)
	if err != nil || !bytes.Equal(back, pt) {
		t.Fatalf("open: %v", err)
	}
	ct[0] ^= 1
	if _, err := a.Open(nil, nonce, ct, aad); err == nil {
		t.Fatal("tampered ciphertext opened")
	}
}
