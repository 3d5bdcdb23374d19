package srtp

import (
	"bytes"
	"crypto/aes"
	"math/rand/v2"
	"testing"
)

func TestGF128(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	one := gfElem{hi: 1 << 63}
	for range 20 {
		h := gfElem{hi: r.Uint64(), lo: r.Uint64()}
		if got := gfMul(h, gfInverse(h)); got != one {
			t.Fatalf("h•h⁻¹ = %x, want 1", got)
		}
		m := gfElem{hi: r.Uint64(), lo: r.Uint64()}
		tab := gfTable(m)
		for range 20 {
			x := gfElem{hi: r.Uint64(), lo: r.Uint64()}
			if a, b := gfMulTable(&tab, x), gfMul(x, m); a != b {
				t.Fatalf("table product %x != bitwise product %x", a, b)
			}
			tabLo := gfTable(gfMul(gfElem{lo: 1 << 63}, m))
			hi, lo := gfMulTable64(&tab, x.hi), gfMulTable64(&tabLo, x.lo)
			if p := (gfElem{hi.hi ^ lo.hi, hi.lo ^ lo.lo}); p != gfMul(x, m) {
				t.Fatalf("split product %x != bitwise product %x", p, gfMul(x, m))
			}
		}
	}
	// GCM's H for the all-zero 128-bit key (RFC 7714 §16.1.1 shows H for key
	// 00..0f): c6a13b37878f5b826f4f8162a1c8d879.
	block, _ := aes.NewCipher(unhex(t, "000102030405060708090a0b0c0d0e0f"))
	var hb [16]byte
	block.Encrypt(hb[:], make([]byte, 16))
	if !bytes.Equal(hb[:], unhex(t, "c6a13b37878f5b826f4f8162a1c8d879")) {
		t.Fatalf("H = %x", hb)
	}
}

func BenchmarkKeystreamNonce(b *testing.B) {
	ks, _ := newCTRKeystream(make([]byte, 16))
	var iv [16]byte
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		iv[9] = byte(i)
		ks.setNonce(&iv)
	}
}
