package sctp

import (
	"bytes"
	"testing"
)

// TestCRC32cCheckValue checks the Castagnoli polynomial against the
// standard check value of CRC-32C ("123456789" → 0xE3069283, RFC 3720
// §B.4 lists the same polynomial as RFC 9260 Appendix A).
func TestCRC32cCheckValue(t *testing.T) {
	p := append(make([]byte, 12), "123456789"...)
	// Checksum covers the header with a zero checksum field; with an
	// all-zero header the value differs, so check the table directly.
	if got := crc32Castagnoli([]byte("123456789")); got != 0xE3069283 {
		t.Fatalf("CRC32c(123456789) = %#x, want 0xe3069283", got)
	}
	SetChecksum(p)
	if !VerifyChecksum(p, false) {
		t.Fatal("SetChecksum result does not verify")
	}
	p[20] ^= 1
	if VerifyChecksum(p, false) {
		t.Fatal("a flipped bit still verifies")
	}
	t.Logf("# RFC 9653 §5.3: a zero checksum is accepted only when announced")
	zero := append([]byte(nil), p...)
	copy(zero[8:12], []byte{0, 0, 0, 0})
	if VerifyChecksum(zero, false) || !VerifyChecksum(zero, true) {
		t.Fatal("zero checksum handling wrong")
	}
}

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{SrcPort: 5000, DstPort: 5001, VerificationTag: 0xdeadbeef}
	b := h.AppendTo(nil)
	b = AppendEmptyChunk(b, ChunkCookieAck, 0)
	SetChecksum(b)
	g, rest, err := ParseHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	h.Checksum = g.Checksum
	if g != h || !bytes.Equal(rest, b[12:]) {
		t.Fatalf("got %+v", g)
	}
	for i := 0; i < headerLen; i++ {
		if _, _, err := ParseHeader(b[:i]); err == nil {
			t.Fatalf("prefix of %d bytes parsed", i)
		}
	}
}

func TestNextChunkPrefixes(t *testing.T) {
	c := AppendHeartbeat(nil, false, []byte("hello"))
	for i := 0; i < len(c)-3; i++ { // the last 3 bytes are padding
		if _, _, _, _, err := NextChunk(c[:i]); err == nil {
			t.Fatalf("strict prefix of %d bytes parsed", i)
		}
	}
}

func FuzzHeader(f *testing.F) {
	f.Add([]byte{0x13, 0x88, 0x13, 0x88, 0, 0, 0, 1, 0, 0, 0, 0, 11, 0, 0, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, rest, err := ParseHeader(b)
		if err != nil {
			return
		}
		out := append(h.AppendTo(nil), rest...)
		if !bytes.Equal(out, b) {
			t.Fatalf("header round trip differs")
		}
		for len(rest) > 0 {
			_, _, _, r, err := NextChunk(rest)
			if err != nil {
				return
			}
			rest = r
		}
	})
}
