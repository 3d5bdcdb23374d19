package srtp

import "encoding/binary"

// gfElem is an element of GF(2^128) in the bit order of NIST SP 800-38D §6.3:
// the first bit of the 16-octet string (the most significant bit of hi) is the
// coefficient of x^0. Multiplication by x is a right shift with reduction by
// R = 11100001 || 0^120.
type gfElem struct{ hi, lo uint64 }

func gfFromBytes(b []byte) gfElem {
	return gfElem{hi: binary.BigEndian.Uint64(b[:8]), lo: binary.BigEndian.Uint64(b[8:16])}
}

// gfMul is Algorithm 1 of SP 800-38D §6.3, bit by bit. It is used only at key
// set-up.
func gfMul(x, y gfElem) gfElem {
	var z gfElem
	v := y
	for i := 0; i < 128; i++ {
		var bit uint64
		if i < 64 {
			bit = x.hi >> (63 - i) & 1
		} else {
			bit = x.lo >> (127 - i) & 1
		}
		mask := -bit
		z.hi ^= v.hi & mask
		z.lo ^= v.lo & mask
		lsb := v.lo & 1
		v.lo = v.lo>>1 | v.hi<<63
		v.hi = v.hi>>1 ^ (0xe1<<56)&-lsb
	}
	return z
}

// gfInverse returns h^(2^128-2) = h⁻¹ for h ≠ 0.
func gfInverse(h gfElem) gfElem {
	r := h // h^(2^k - 1) with k = 1
	for k := 1; k < 127; k++ {
		r = gfMul(gfMul(r, r), h)
	}
	return gfMul(r, r)
}

// gfRed4[v] is the reduction of the four coefficients x^124..x^127 (the low
// nibble v of lo, first coefficient in its most significant bit) after a
// multiplication by x^4; only hi is affected.
var gfRed4 = func() (t [16]uint64) {
	for v := range t {
		e := gfElem{lo: uint64(v)}
		for range 4 {
			lsb := e.lo & 1
			e.lo = e.lo>>1 | e.hi<<63
			e.hi = e.hi>>1 ^ (0xe1<<56)&-lsb
		}
		t[v] = e.hi
	}
	return t
}()

// gfTable returns t[v] = poly(v)•m where the nibble v holds the coefficients
// of x^0..x^3 (x^0 in its most significant bit).
func gfTable(m gfElem) (t [16]gfElem) {
	for v := range 16 {
		t[v] = gfMul(gfElem{hi: uint64(v) << 60}, m)
	}
	return t
}

// gfMulTable returns x•m using Horner's rule over the 32 nibbles of x with the
// table from gfTable (Shoup's 4-bit method).
func gfMulTable(t *[16]gfElem, x gfElem) gfElem {
	var z gfElem
	for i := 0; i < 16; i++ {
		// nibbles of lo from the last (x^124..x^127) to the first.
		z = gfMulX4(z)
		v := x.lo >> (4 * i) & 0xf
		z.hi ^= t[v].hi
		z.lo ^= t[v].lo
	}
	for i := 0; i < 16; i++ {
		z = gfMulX4(z)
		v := x.hi >> (4 * i) & 0xf
		z.hi ^= t[v].hi
		z.lo ^= t[v].lo
	}
	return z
}

// gfMulTable64 returns poly(w)•m, where the 64 bits of w are the
// coefficients of x^0..x^63 and t = gfTable(m): Horner's rule over the 16
// nibbles of w. With t = gfTable(x^64•m) it multiplies the last 64 bits of
// an element instead.
func gfMulTable64(t *[16]gfElem, w uint64) gfElem {
	var z gfElem
	for i := 0; i < 16; i++ {
		z = gfMulX4(z)
		v := w >> (4 * i) & 0xf
		z.hi ^= t[v].hi
		z.lo ^= t[v].lo
	}
	return z
}

func gfMulX4(z gfElem) gfElem {
	r := gfRed4[z.lo&0xf]
	return gfElem{hi: z.hi>>4 ^ r, lo: z.lo>>4 | z.hi<<60}
}
