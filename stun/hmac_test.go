package stun

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"
	"testing"
)

// The prepared-state HMAC must equal crypto/hmac for keys shorter than,
// equal to and longer than the block size (longer keys are hashed first,
// RFC 2104 §2), for texts split anywhere between the two parts, and on
// every reuse of the key and of the pooled hash objects.
func TestHMACMatchesCryptoHMAC(t *testing.T) {
	text := make([]byte, 300)
	for i := range text {
		text[i] = byte(i * 7)
	}
	for _, alg := range []struct {
		name string
		pool *sync.Pool
		h    func() hash.Hash
	}{{"SHA-1", &sha1Hashes, sha1.New}, {"SHA-256", &sha256Hashes, sha256.New}} {
		for _, kl := range []int{0, 1, 22, 63, 64, 65, 200} {
			key := text[100 : 100+kl]
			k := newHMACKey(alg.pool, key)
			for _, n := range []int{0, 1, 20, 55, 56, 64, 119, 300} {
				for _, split := range []int{0, n / 3, n} {
					ref := hmac.New(alg.h, key)
					ref.Write(text[:n])
					want := ref.Sum(nil)
					hh := alg.pool.Get().(*hmacHash)
					got := k.mac(hh, text[:split], text[split:n])
					if !bytes.Equal(got, want) {
						t.Fatalf("%s key %d text %d split %d: %x, want %x", alg.name, kl, n, split, got, want)
					}
					alg.pool.Put(hh)
				}
			}
		}
	}
}

// A Key holds its two saved states and nothing else that grows: this is
// what an ICE agent keeps per credential.
func TestKeyRetainedSize(t *testing.T) {
	k := NewKey([]byte("pppppppppppppppppppppppp"))
	s := k.hmacSHA1()
	if n := cap(s.inner) + cap(s.outer); n > 2*100 {
		t.Errorf("SHA-1 states take %d bytes, want about 2 × 96", n)
	}
	if k.sha256 != nil {
		t.Errorf("SHA-256 state prepared without being used")
	}
}
