package srtp

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"runtime"
	"slices"
	"testing"
	"time"
)

const benchPacket = 1200 // octets of RTP packet, header included

// A step processes packet number i; the set-up functions below build one.
type step func(i int)

func benchContext(b *testing.B, p Profile) *Context {
	c, err := NewContext(p, make([]byte, p.KeyLen()), make([]byte, p.SaltLen()))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// protectStep encrypts a 1200-octet packet in place, with a new sequence
// number each time.
func protectStep(b *testing.B, p Profile) step {
	c := benchContext(b, p)
	pkt := rtpPacket(0, 1, benchPacket-12)
	buf := make([]byte, len(pkt), len(pkt)+16)
	copy(buf, pkt)
	return func(i int) {
		buf = buf[:len(pkt)]
		binary.BigEndian.PutUint16(buf[2:], uint16(i))
		if _, err := c.EncryptRTP(buf, buf); err != nil {
			b.Fatal(err)
		}
	}
}

// unprotectStep decrypts a 1200-octet SRTP packet into a separate buffer.
// After each packet the receiver's highest index is rewound by one so that
// the same ciphertext counts as new: index estimation, the replay check and
// the replay-list update all run every time.
func unprotectStep(b *testing.B, p Profile) step {
	c := benchContext(b, p)
	enc, err := benchContext(b, p).EncryptRTP(nil, rtpPacket(1000, 1, benchPacket-12))
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, len(enc))
	if _, err := c.DecryptRTP(dst, enc); err != nil {
		b.Fatal(err)
	}
	s, _ := c.state(1, false)
	return func(int) {
		s.rtpRecv.highest--
		if _, err := c.DecryptRTP(dst, enc); err != nil {
			b.Fatal(err)
		}
	}
}

// bareCMProtect is the reference for AES-CM protect: AES-128-CTR through
// cipher.NewCTR and HMAC-SHA1 over packet || ROC truncated to 80 bits, with
// the AES key schedule and the HMAC pads set up once, on the same in-place
// 1200-octet packet.
func bareCMProtect(b *testing.B) step {
	block, _ := aes.NewCipher(make([]byte, 16))
	mac := hmac.New(sha1.New, make([]byte, 20))
	pkt := rtpPacket(0, 1, benchPacket-12)
	buf := make([]byte, len(pkt), len(pkt)+10)
	copy(buf, pkt)
	var iv [16]byte
	var roc [4]byte
	var sum [20]byte
	n := len(pkt)
	return func(i int) {
		binary.BigEndian.PutUint32(iv[10:], uint32(i))
		cipher.NewCTR(block, iv[:]).XORKeyStream(buf[12:n], buf[12:n])
		mac.Reset()
		mac.Write(buf[:n])
		mac.Write(roc[:])
		copy(buf[n:n+10], mac.Sum(sum[:0]))
	}
}

// bareCMUnprotect is the reference for AES-CM unprotect: HMAC-SHA1 over
// packet || ROC compared in constant time, then AES-128-CTR through
// cipher.NewCTR into a separate buffer.
func bareCMUnprotect(b *testing.B) step {
	block, _ := aes.NewCipher(make([]byte, 16))
	mac := hmac.New(sha1.New, make([]byte, 20))
	pkt := rtpPacket(0, 1, benchPacket-12+10)
	dst := make([]byte, len(pkt))
	var iv [16]byte
	var roc [4]byte
	var sum [20]byte
	n := len(pkt) - 10
	return func(i int) {
		mac.Reset()
		mac.Write(pkt[:n])
		mac.Write(roc[:])
		if hmac.Equal(mac.Sum(sum[:0])[:10], pkt[n:]) {
			b.Fatal("tag unexpectedly matched")
		}
		binary.BigEndian.PutUint32(iv[10:], uint32(i))
		copy(dst[:12], pkt[:12])
		cipher.NewCTR(block, iv[:]).XORKeyStream(dst[12:n], pkt[12:n])
	}
}

// bareGCMProtect is the reference for AES-GCM protect: one AES-128-GCM Seal
// of the same packet in place, header as additional data.
func bareGCMProtect(b *testing.B) step {
	block, _ := aes.NewCipher(make([]byte, 16))
	aead, _ := cipher.NewGCM(block)
	pkt := rtpPacket(0, 1, benchPacket-12)
	buf := make([]byte, len(pkt), len(pkt)+16)
	copy(buf, pkt)
	nonce := make([]byte, 12)
	n := len(pkt)
	return func(i int) {
		binary.BigEndian.PutUint32(nonce[8:], uint32(i))
		aead.Seal(buf[12:12], nonce, buf[12:n], buf[:12])
	}
}

// bareGCMUnprotect is the reference for AES-GCM unprotect: one AES-128-GCM
// Open of the same packet into a separate buffer.
func bareGCMUnprotect(b *testing.B) step {
	block, _ := aes.NewCipher(make([]byte, 16))
	aead, _ := cipher.NewGCM(block)
	nonce := make([]byte, 12)
	pkt := rtpPacket(0, 1, benchPacket-12)
	enc := aead.Seal(bytes.Clone(pkt[:12]), nonce, pkt[12:], pkt[:12])
	dst := make([]byte, len(pkt))
	return func(int) {
		copy(dst[:12], enc[:12])
		if _, err := aead.Open(dst[12:12], nonce, enc[12:], enc[:12]); err != nil {
			b.Fatal(err)
		}
	}
}

func runSteps(b *testing.B, s step) {
	b.SetBytes(benchPacket)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s(i)
	}
}

func BenchmarkProtectRTP(b *testing.B) {
	for _, p := range allProfiles {
		b.Run(p.String(), func(b *testing.B) { runSteps(b, protectStep(b, p)) })
	}
}

func BenchmarkUnprotectRTP(b *testing.B) {
	for _, p := range allProfiles {
		b.Run(p.String(), func(b *testing.B) { runSteps(b, unprotectStep(b, p)) })
	}
}

// ratio runs ours and the bare reference in alternating chunks of 64
// packets within the same benchmark, so that both see the same machine load,
// timing each chunk with b.Elapsed. It reports ours as ns/op, the reference
// as bare-ns/op (means over all packets), ratio as the median over chunks of
// ours/bare (robust against other processes stealing the CPU during a chunk
// on this shared machine), and ours' allocations per packet, counted with
// runtime.ReadMemStats around 1000 packets.
func ratio(b *testing.B, ours, bare step) {
	const chunk = 64
	for i := range 2 * chunk { // warm up both
		ours(i)
		bare(i)
	}
	i := 2 * chunk
	allocs, bytesPerOp := allocsOf(func() { ours(i); i++ })
	var to, tb time.Duration
	ratios := make([]float64, 0, b.N/chunk+1)
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		t0 := b.Elapsed()
		for j := range n {
			ours(i + done + j)
		}
		t1 := b.Elapsed()
		for j := range n {
			bare(i + done + j)
		}
		t2 := b.Elapsed()
		to += t1 - t0
		tb += t2 - t1
		if t2 > t1 {
			ratios = append(ratios, float64(t1-t0)/float64(t2-t1))
		}
		done += n
	}
	b.StopTimer()
	slices.Sort(ratios)
	b.ReportMetric(float64(to.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(tb.Nanoseconds())/float64(b.N), "bare-ns/op")
	b.ReportMetric(ratios[len(ratios)/2], "ratio")
	b.ReportMetric(allocs, "allocs/op")
	b.ReportMetric(bytesPerOp, "B/op")
}

// allocsOf returns the heap allocations and bytes per call of f.
func allocsOf(f func()) (allocs, bytes float64) {
	const runs = 1000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / runs, float64(after.TotalAlloc-before.TotalAlloc) / runs
}

// BenchmarkRatio compares protect and unprotect of a 1200-octet packet with
// the bare primitives. Goals: AES_CM_128_HMAC_SHA1_80 ≤ 1.15×,
// AEAD_AES_128_GCM ≤ 1.05×.
func BenchmarkRatio(b *testing.B) {
	b.Run("protect/AES_CM_128_HMAC_SHA1_80", func(b *testing.B) {
		ratio(b, protectStep(b, ProfileAES128CMHMACSHA1_80), bareCMProtect(b))
	})
	b.Run("unprotect/AES_CM_128_HMAC_SHA1_80", func(b *testing.B) {
		ratio(b, unprotectStep(b, ProfileAES128CMHMACSHA1_80), bareCMUnprotect(b))
	})
	b.Run("protect/AEAD_AES_128_GCM", func(b *testing.B) {
		ratio(b, protectStep(b, ProfileAEADAES128GCM), bareGCMProtect(b))
	})
	b.Run("unprotect/AEAD_AES_128_GCM", func(b *testing.B) {
		ratio(b, unprotectStep(b, ProfileAEADAES128GCM), bareGCMUnprotect(b))
	})
}

// BenchmarkRTCP protects and unprotects a 100-octet compound RTCP packet
// (an SR with two report blocks); unprotect rewinds the replay list as
// unprotectStep does.
func BenchmarkRTCP(b *testing.B) {
	plain := make([]byte, 100)
	plain[0], plain[1], plain[3] = 0x82, 200, 24
	plain[7] = 1
	for _, p := range allProfiles {
		b.Run("protect/"+p.String(), func(b *testing.B) {
			c := benchContext(b, p)
			buf := make([]byte, len(plain), len(plain)+p.RTCPOverhead())
			copy(buf, plain)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.EncryptRTCP(buf, buf[:len(plain)]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("unprotect/"+p.String(), func(b *testing.B) {
			c := benchContext(b, p)
			tx := benchContext(b, p)
			st, _ := tx.state(1, true)
			st.rtcpNext = 1000 // so that rewinding below does not wrap
			enc, _ := tx.EncryptRTCP(nil, plain)
			dst := make([]byte, len(enc))
			if _, err := c.DecryptRTCP(dst, enc); err != nil {
				b.Fatal(err)
			}
			s, _ := c.state(1, false)
			b.ReportAllocs()
			for b.Loop() {
				s.rtcpRecv.highest--
				if _, err := c.DecryptRTCP(dst, enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
