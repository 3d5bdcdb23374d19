package dtls

import (
	"bytes"
	"testing"
)

func benchProtection(b *testing.B, id CipherSuite) {
	s := suiteByID(id)
	w, _ := newProtection(s, bytes.Repeat([]byte{1}, s.keyLen), bytes.Repeat([]byte{2}, s.ivLen))
	r, _ := newProtection(s, bytes.Repeat([]byte{1}, s.keyLen), bytes.Repeat([]byte{2}, s.ivLen))
	payload := make([]byte, 1200)
	buf := make([]byte, 0, 2048)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rec := w.seal(buf[:0], ContentApplicationData, 1, uint64(i), payload)
		h, _ := ParseRecordHeader(rec)
		if _, err := r.open(&h, rec[RecordHeaderLen:]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordSealOpen encrypts and decrypts a 1200-byte record in place.
func BenchmarkRecordSealOpen(b *testing.B) {
	b.Run("AES128GCM", func(b *testing.B) { benchProtection(b, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) })
	b.Run("AES256GCM", func(b *testing.B) { benchProtection(b, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384) })
	b.Run("ChaCha20Poly1305", func(b *testing.B) { benchProtection(b, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256) })
}

// BenchmarkApplicationData sends 1200-byte records from a connected client
// to its server through the public API: WriteApplicationData, PollTransmit,
// HandleInput, ReadApplicationData.
func BenchmarkApplicationData(b *testing.B) {
	for _, id := range []CipherSuite{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256} {
		b.Run(id.String(), func(b *testing.B) {
			c, s := testPair(b, "ecdsa", func(cc, sc *Config) { cc.CipherSuites = []CipherSuite{id} })
			h := &harness{c: c, s: s, now: t0}
			_ = c.Start(t0)
			for range 6 {
				h.give(s, h.take(c))
				h.give(c, h.take(s))
			}
			if !c.Connected() || !s.Connected() {
				b.Fatal("no handshake")
			}
			payload := make([]byte, 1200)
			dg := make([]byte, 2048)
			rd := make([]byte, 2048)
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.WriteApplicationData(payload); err != nil {
					b.Fatal(err)
				}
				n, _ := c.PollTransmit(dg)
				s.HandleInput(t0, dg[:n])
				if m, ok := s.ReadApplicationData(rd); !ok || m != len(payload) {
					b.Fatal("record lost")
				}
			}
		})
	}
}

// BenchmarkHandshake runs a full ECDSA P-256 handshake with
// HelloVerifyRequest between our client and server in memory.
func BenchmarkHandshake(b *testing.B) {
	ccert, scert := testCert(b, "ecdsa"), testCert(b, "ecdsa")
	b.ReportAllocs()
	for b.Loop() {
		c, s := testPairCerts(b, ccert, scert, nil)
		h := &harness{c: c, s: s, now: t0}
		_ = c.Start(t0)
		for range 6 {
			h.give(s, h.take(c))
			h.give(c, h.take(s))
		}
		if !c.Connected() || !s.Connected() {
			b.Fatal("no handshake")
		}
	}
}

// BenchmarkHandshakeVariants runs the handshake of BenchmarkHandshake
// with the server choosing P-256 instead of X25519 for ECDHE, and without
// the cookie exchange (Config.DisableHelloVerify).
func BenchmarkHandshakeVariants(b *testing.B) {
	ccert, scert := testCert(b, "ecdsa"), testCert(b, "ecdsa")
	for _, v := range []struct {
		name string
		mod  func(cc, sc *Config)
	}{
		{"x25519", nil},
		{"p256", func(cc, sc *Config) { sc.Groups = []Group{GroupP256} }},
		{"x25519-no-cookie", func(cc, sc *Config) { sc.DisableHelloVerify = true }},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, s := testPairCerts(b, ccert, scert, v.mod)
				h := &harness{c: c, s: s, now: t0}
				_ = c.Start(t0)
				for range 6 {
					h.give(s, h.take(c))
					h.give(c, h.take(s))
				}
				if !c.Connected() || !s.Connected() {
					b.Fatal("no handshake")
				}
			}
		})
	}
}

// BenchmarkApplicationDataAppend is BenchmarkApplicationData with the
// record sealed straight into the caller's buffer (AppendApplicationData)
// instead of WriteApplicationData and PollTransmit.
func BenchmarkApplicationDataAppend(b *testing.B) {
	c, s := testPair(b, "ecdsa", nil)
	h := &harness{c: c, s: s, now: t0}
	_ = c.Start(t0)
	for range 6 {
		h.give(s, h.take(c))
		h.give(c, h.take(s))
	}
	if !c.Connected() || !s.Connected() {
		b.Fatal("no handshake")
	}
	payload := make([]byte, 1200)
	dg := make([]byte, 0, 2048)
	rd := make([]byte, 2048)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.AppendApplicationData(dg[:0], payload)
		if err != nil {
			b.Fatal(err)
		}
		s.HandleInput(t0, out)
		if m, ok := s.ReadApplicationData(rd); !ok || m != len(payload) {
			b.Fatal("record lost")
		}
	}
}
