package srtp

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "\n", "", "\t", "").Replace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeystreamRFC3711B2 checks the AES-CM keystream test vector of RFC 3711
// Appendix B.2, all 65282 blocks long.
func TestKeystreamRFC3711B2(t *testing.T) {
	t.Logf("# RFC 3711 B.2: session key 2B7E…, salt F0F1…FD (already shifted), SSRC 0, index 0")
	ks, err := newCTRKeystream(unhex(t, "2B7E151628AED2A6ABF7158809CF4F3C"))
	if err != nil {
		t.Fatal(err)
	}
	var iv [16]byte
	copy(iv[:], unhex(t, "F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"))
	out := make([]byte, 1044512)
	if _, err := ks.xorKeyStream(out, out, &iv, nil); err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		0:      "E03EAD0935C95E80E166B16DD92B4EB4",
		1:      "D23513162B02D0F72A43A2FE4A5F97AB",
		2:      "41E95B3BB0A2E8DD477901E4FCA894C0",
		0xfeff: "EC8CDF7398607CB0F2D21675EA9EA1E4",
		0xff00: "362B7C3C6773516318A077D7FC5073AE",
		0xff01: "6A2CC3787889374FBEB4C81B17BA6C44",
	}
	for blk, w := range want {
		if got := out[blk*16 : blk*16+16]; !bytes.Equal(got, unhex(t, w)) {
			t.Errorf("block %#x = %X, want %s", blk, got, w)
		}
	}
}

// TestKeystreamMatchesCTR compares the GCM-derived keystream with
// cipher.NewCTR for random keys, IVs (low 16 bits zero, as SRTP IVs are) and
// lengths, through both the in-place and the scratch-buffer paths.
func TestKeystreamMatchesCTR(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		key := make([]byte, 16)
		if i%3 == 0 {
			key = make([]byte, 32)
		}
		for j := range key {
			key[j] = byte(r.Uint32())
		}
		var iv [16]byte
		for j := range 14 {
			iv[j] = byte(r.Uint32())
		}
		if i%4 == 0 {
			iv[12], iv[13] = 0, 0 // J0 = IV - 1 borrows through the 32-bit counter
		}
		n := r.IntN(2000)
		src := make([]byte, n)
		for j := range src {
			src[j] = byte(r.Uint32())
		}
		block, _ := aes.NewCipher(key)
		want := make([]byte, n)
		cipher.NewCTR(block, iv[:]).XORKeyStream(want, src)

		ks, err := newCTRKeystream(key)
		if err != nil {
			t.Fatal(err)
		}
		// in place, with 16 octets of spare capacity that must be restored
		buf := make([]byte, n, n+16)
		copy(buf, src)
		spare := buf[n : n+16]
		for j := range spare {
			spare[j] = byte(j + 1)
		}
		if _, err := ks.xorKeyStream(buf, buf, &iv, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf, want) {
			t.Fatalf("case %d: in-place keystream differs from cipher.NewCTR", i)
		}
		for j := range spare {
			if spare[j] != byte(j+1) {
				t.Fatalf("case %d: spare capacity not restored", i)
			}
		}
		// separate dst without spare capacity: goes through scratch
		dst := make([]byte, n)
		if _, err := ks.xorKeyStream(dst, src, &iv, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(dst, want) {
			t.Fatalf("case %d: scratch keystream differs from cipher.NewCTR", i)
		}
	}
}

// TestKeystreamStream runs one stream's packets (same salt and SSRC, index
// growing across a ROC change) through one keystream, exercising the cached
// first-half product, interleaved with a second SSRC that evicts it.
func TestKeystreamStream(t *testing.T) {
	key := []byte("0123456789abcdef")
	ks, _ := newCTRKeystream(key)
	block, _ := aes.NewCipher(key)
	salt := [14]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	for index := uint64(65530); index < 65600; index++ {
		for _, ssrc := range []uint32{0xcafebabe, 0xcafebabe, 7} {
			iv := cmIV(&salt, ssrc, index)
			src := make([]byte, 100)
			want := make([]byte, 100)
			cipher.NewCTR(block, iv[:]).XORKeyStream(want, src)
			got := make([]byte, 100, 116)
			if _, err := ks.xorKeyStream(got, src, &iv, nil); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("index %d SSRC %x: keystream differs", index, ssrc)
			}
		}
	}
}

func TestKeystreamTooLong(t *testing.T) {
	ks, _ := newCTRKeystream(make([]byte, 16))
	var iv [16]byte
	b := make([]byte, 0xffff*16+1)
	if _, err := ks.xorKeyStream(b, b, &iv, nil); err == nil {
		t.Fatal("keystream longer than 2^16-1 blocks accepted")
	}
}
