package stun

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding"
	"hash"
	"sync"
)

// HMAC (RFC 2104 §2, the MAC of MESSAGE-INTEGRITY and
// MESSAGE-INTEGRITY-SHA256, RFC 8489 §14.5, §14.6) is
//
//	H(K XOR opad, H(K XOR ipad, text))
//
// where K is the key padded with zeros to the block size B (a key longer
// than B is first hashed), ipad is B bytes 0x36 and opad B bytes 0x5c. The
// first block of each hash depends on the key only, so an hmacKey keeps the
// two hash states reached after it and every MAC then costs only the
// compression of the text and of the inner digest. The hash objects that do
// the work are borrowed per call from a pool shared by all keys: a key holds
// its two saved states (96 bytes each for SHA-1) and nothing else.

// hmacKey is a key prepared for one hash function.
type hmacKey struct {
	pool *sync.Pool // of *hmacHash for the hash function
	// inner and outer are the hash states after the first block
	// (encoding.BinaryMarshaler form).
	inner, outer []byte
}

// hmacHash is a hash object with scratch space, borrowed for one MAC.
type hmacHash struct {
	h hash.Hash
	u encoding.BinaryUnmarshaler
	// hdr is the length-adjusted header of a checked message and sum the
	// computed MAC; here they need no allocation per call. pad is the
	// padded key while a key is prepared.
	hdr [HeaderSize]byte
	sum [sha256.Size]byte
	pad [sha256.BlockSize]byte
}

func newHMACHash(h hash.Hash) *hmacHash {
	u, ok := h.(encoding.BinaryUnmarshaler)
	if !ok {
		panic("BUG: stun: the hash cannot restore a saved state")
	}
	return &hmacHash{h: h, u: u}
}

var (
	sha1Hashes   = sync.Pool{New: func() any { return newHMACHash(sha1.New()) }}
	sha256Hashes = sync.Pool{New: func() any { return newHMACHash(sha256.New()) }}
)

// newHMACKey prepares key for the hash function of pool.
func newHMACKey(pool *sync.Pool, key []byte) *hmacKey {
	hh := pool.Get().(*hmacHash)
	defer pool.Put(hh)
	h := hh.h
	h.Reset()
	b := h.BlockSize()
	if len(key) > b {
		// RFC 2104 §2: keys longer than B bytes are first hashed.
		h.Write(key)
		key = h.Sum(nil)
		h.Reset()
	}
	m, ok := h.(encoding.BinaryAppender)
	if !ok || b > len(hh.pad) {
		panic("BUG: stun: the hash cannot save its state")
	}
	save := func(x byte) []byte {
		pad := hh.pad[:b]
		clear(pad)
		copy(pad, key)
		for i := range pad {
			pad[i] ^= x
		}
		h.Reset()
		h.Write(pad)
		s, err := m.AppendBinary(nil)
		if err != nil {
			panic("BUG: stun: saving a hash state: " + err.Error())
		}
		return s
	}
	k := &hmacKey{pool: pool, inner: save(0x36), outer: save(0x5c)}
	h.Reset()
	clear(hh.pad[:]) // no key material left in the pool
	return k
}

// restore puts hh's hash in the saved state s.
func restore(hh *hmacHash, s []byte) {
	if err := hh.u.UnmarshalBinary(s); err != nil {
		panic("BUG: stun: restoring a saved hash state: " + err.Error())
	}
}

// mac computes the HMAC of a followed by b with hh (borrowed from k.pool)
// and returns it; it aliases hh.sum.
func (k *hmacKey) mac(hh *hmacHash, a, b []byte) []byte {
	restore(hh, k.inner)
	hh.h.Write(a)
	hh.h.Write(b)
	inner := hh.h.Sum(hh.sum[:0])
	restore(hh, k.outer)
	hh.h.Write(inner)
	return hh.h.Sum(hh.sum[:0])
}
