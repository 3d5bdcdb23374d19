package srtp

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
)

// ctrKeystream produces the AES Counter Mode keystream of RFC 3711 §4.1.1
// without allocating per packet.
//
// The standard library offers no allocation-free way to start AES-CTR at an
// arbitrary counter block (cipher.NewCTR copies the key schedule into a new
// heap object per IV). Its GCM implementation, however, runs the same
// multi-block AES-CTR assembly without allocating: for a 16-octet nonce N it
// sets J0 = GHASH_H(N || 0^64 || [128]_64) and encrypts the data with the
// counter blocks inc32(J0), inc32(inc32(J0)), … (NIST SP 800-38D §7.1).
// GHASH is linear over GF(2^128), so for a wanted first counter block C we can
// solve for the nonce:
//
//	J0 = N•H² ⊕ L•H   ⇒   N = (J0 ⊕ L•H) • H⁻²,  with J0 = C with its low 32 bits minus 1.
//
// GCM's counter increments only the low 32 bits (inc32), while SRTP adds the
// block number to the whole 128-bit IV; the two agree because SRTP IVs have
// their low 16 bits zero (the salt and index are multiplied by 2^16) and a
// packet is shorter than 2^16 blocks, so no carry ever leaves the low 32 bits.
// The tag that GCM also produces is discarded. Tests compare this keystream
// with cipher.NewCTR for random IVs and lengths.
type ctrKeystream struct {
	aead cipher.AEAD
	// c is L•H•H⁻², so that N = J0•H⁻² ⊕ c. J0•H⁻² is computed in two
	// halves with 4-bit Shoup tables: tabHi multiplies the first 64 bits of
	// J0 by H⁻², tabLo the last 64 bits (it holds H⁻²•x^64). The first half
	// (salt ⊕ SSRC) is the same for every packet of a stream, so its product
	// is cached.
	c            gfElem
	tabHi, tabLo [16]gfElem
	hiKey        uint64
	hiProd       gfElem
	hiValid      bool
	// nonce is reused: a stack array passed to the AEAD interface escapes.
	nonce [16]byte
}

// errKeystreamTooLong reports a request that could make the GCM counter carry
// out of its low 32 bits.
var errKeystreamTooLong = errors.New("srtp: payload too long for AES-CM keystream")

func newCTRKeystream(key []byte) (*ctrKeystream, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithNonceSize(block, 16)
	if err != nil {
		return nil, err
	}
	var zero, hb [16]byte
	block.Encrypt(hb[:], zero[:])
	h := gfFromBytes(hb[:])
	hInv := gfInverse(h)
	m := gfMul(hInv, hInv)
	l := gfElem{lo: 128} // 0^64 || [len(N) in bits]_64
	ks := &ctrKeystream{aead: aead, c: gfMul(gfMul(l, h), m)}
	ks.tabHi = gfTable(m)
	ks.tabLo = gfTable(gfMul(gfElem{lo: 1 << 63}, m)) // x^64•H⁻²
	return ks, nil
}

// setNonce sets k.nonce to the GCM nonce whose first data counter block is iv.
func (k *ctrKeystream) setNonce(iv *[16]byte) {
	j0 := gfFromBytes(iv[:])
	j0.lo = j0.lo&^0xffffffff | uint64(uint32(j0.lo)-1)
	if !k.hiValid || k.hiKey != j0.hi {
		k.hiKey, k.hiValid = j0.hi, true
		k.hiProd = gfMulTable64(&k.tabHi, j0.hi)
	}
	n := gfMulTable64(&k.tabLo, j0.lo)
	n.hi ^= k.c.hi ^ k.hiProd.hi
	n.lo ^= k.c.lo ^ k.hiProd.lo
	binary.BigEndian.PutUint64(k.nonce[:8], n.hi)
	binary.BigEndian.PutUint64(k.nonce[8:], n.lo)
}

// xorKeyStream sets dst[i] = src[i] ⊕ keystream(iv)[i]. dst and src must be
// the same slice or not overlap. dst must have room for len(src) octets; if it
// has room for 16 more, they are used as scratch and restored, otherwise
// scratch (grown if needed) is used. It returns the possibly grown scratch.
func (k *ctrKeystream) xorKeyStream(dst, src []byte, iv *[16]byte, scratch []byte) ([]byte, error) {
	if len(src) > 0xffff*16 {
		return scratch, errKeystreamTooLong
	}
	if len(src) == 0 {
		return scratch, nil
	}
	k.setNonce(iv)
	n := len(src)
	if cap(dst) >= n+16 {
		full := dst[:n+16]
		var saved [16]byte
		copy(saved[:], full[n:])
		k.aead.Seal(full[:0], k.nonce[:], src, nil)
		copy(full[n:], saved[:])
		return scratch, nil
	}
	if cap(scratch) < n+16 {
		scratch = make([]byte, 0, n+16+256)
	}
	out := k.aead.Seal(scratch[:0], k.nonce[:], src, nil)
	copy(dst[:n], out[:n])
	return scratch, nil
}
