package srtp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// newSessionContext builds a Context from session keys directly, as the RFC
// 7714 §16-17 vectors give them (they skip key derivation).
func newSessionContext(t testing.TB, p Profile, key, salt []byte, opts ...Option) *Context {
	t.Helper()
	c, err := newContext(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []**transform{&c.rtp, &c.rtcp} {
		*tr = &transform{}
		if p.isAEAD() {
			err = (*tr).initAEAD(key, salt)
		} else {
			err = (*tr).initCM(key, salt, make([]byte, 20))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return c
}

const (
	rfc7714RTP = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976" +
		"69736120 696e2070 61727465 73207472 6573"
	rfc7714Salt   = "517569642070726f2071756f"
	rfc7714Key128 = "000102030405060708090a0b0c0d0e0f"
	rfc7714Key256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
)

// TestRTPGCMRFC7714 checks the SRTP vectors of RFC 7714 §16.1.1/16.1.2
// (AEAD_AES_128_GCM) and §16.2.1/16.2.2 (AEAD_AES_256_GCM), in place.
func TestRTPGCMRFC7714(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Profile
		key  string
		want string
	}{
		{"16.1 AEAD_AES_128_GCM", ProfileAEADAES128GCM, rfc7714Key128,
			"8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5" +
				"0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce"},
		{"16.2 AEAD_AES_256_GCM", ProfileAEADAES256GCM, rfc7714Key256,
			"8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238" +
				"9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enc := newSessionContext(t, tc.p, unhex(t, tc.key), unhex(t, rfc7714Salt))
			plain := unhex(t, rfc7714RTP)
			buf := make([]byte, len(plain), len(plain)+16)
			copy(buf, plain)
			got, err := enc.EncryptRTP(buf, buf)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, unhex(t, tc.want)) {
				t.Fatalf("encrypted\n got %x\nwant %s", got, tc.want)
			}
			if &got[0] != &buf[0] {
				t.Error("not encrypted in place")
			}
			dec := newSessionContext(t, tc.p, unhex(t, tc.key), unhex(t, rfc7714Salt))
			back, err := dec.DecryptRTP(got, got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, plain) {
				t.Fatalf("decrypted %x, want %x", back, plain)
			}
		})
	}
}

// pair is the test harness: a sender and a receiver Context sharing keys.
type pair struct {
	t        *testing.T
	tx, rx   *Context
	ssrc     uint32
	overhead int
}

func newPair(t *testing.T, p Profile, opts ...Option) *pair {
	key := bytes.Repeat([]byte{0x42}, p.KeyLen())
	salt := bytes.Repeat([]byte{0x17}, p.SaltLen())
	tx, err := NewContext(p, key, salt, opts...)
	if err != nil {
		t.Fatal(err)
	}
	rx, err := NewContext(p, key, salt, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &pair{t: t, tx: tx, rx: rx, ssrc: 0xcafebabe, overhead: p.RTPOverhead()}
}

func rtpPacket(seq uint16, ssrc uint32, payload int) []byte {
	b := make([]byte, 12+payload)
	b[0], b[1] = 0x80, 96
	binary.BigEndian.PutUint16(b[2:], seq)
	binary.BigEndian.PutUint32(b[4:], uint32(seq)*90)
	binary.BigEndian.PutUint32(b[8:], ssrc)
	for i := 12; i < len(b); i++ {
		b[i] = byte(i) ^ byte(seq)
	}
	return b
}

// writeRTP protects an RTP packet with sequence number seq.
func (p *pair) writeRTP(seq uint16) []byte {
	p.t.Helper()
	plain := rtpPacket(seq, p.ssrc, 100)
	out, err := p.tx.EncryptRTP(nil, plain)
	if err != nil {
		p.t.Fatalf("EncryptRTP(seq %d): %v", seq, err)
	}
	if len(out) != len(plain)+p.overhead {
		p.t.Fatalf("SRTP packet is %d octets, want %d", len(out), len(plain)+p.overhead)
	}
	return out
}

// wantRTP delivers an SRTP packet and wants it accepted with sequence seq.
func (p *pair) wantRTP(what string, pkt []byte, seq uint16) {
	p.t.Helper()
	got, err := p.rx.DecryptRTP(nil, pkt)
	if err != nil {
		p.t.Fatalf("%s: DecryptRTP: %v", what, err)
	}
	if want := rtpPacket(seq, p.ssrc, 100); !bytes.Equal(got, want) {
		p.t.Fatalf("%s: decrypted packet differs", what)
	}
}

// wantDropped delivers an SRTP packet and wants err.
func (p *pair) wantDropped(what string, pkt []byte, want error) {
	p.t.Helper()
	if _, err := p.rx.DecryptRTP(nil, pkt); !errors.Is(err, want) {
		p.t.Fatalf("%s: DecryptRTP error %v, want %v", what, err, want)
	}
}

var allProfiles = []Profile{ProfileAES128CMHMACSHA1_80, ProfileAES128CMHMACSHA1_32, ProfileAEADAES128GCM, ProfileAEADAES256GCM}

func TestRTPRoundTripAcrossROCWrap(t *testing.T) {
	for _, prof := range allProfiles {
		t.Run(prof.String(), func(t *testing.T) {
			p := newPair(t, prof)
			t.Logf("# RFC 3711 §3.3.1: ROC MUST be incremented when SEQ wraps; both ends track it")
			seqs := []uint16{65530, 65531, 65533, 65532, 65535, 0, 1, 65534, 2, 3}
			pkts := map[uint16][]byte{}
			for s := uint16(65530); s != 4; s++ {
				pkts[s] = p.writeRTP(s)
			}
			for _, s := range seqs {
				p.wantRTP("reordered around wrap", pkts[s], s)
			}
			if roc, ok := p.rx.ROC(p.ssrc); !ok || roc != 1 {
				t.Fatalf("receiver ROC = %d, %v, want 1", roc, ok)
			}
			t.Logf("# the packet of index 65534 (ROC 0) arrived after ROC 1 began and was still accepted")
			t.Logf("# a replay of SEQ 0 (ROC 1) is refused")
			p.wantDropped("replay", pkts[0], ErrReplayed)
		})
	}
}

func TestRTPSetROC(t *testing.T) {
	p := newPair(t, ProfileAES128CMHMACSHA1_80)
	t.Logf("# a stream joined with ROC 0xffff signalled out of band (RFC 3711 §3.3.1)")
	if err := p.tx.SetROC(p.ssrc, 0xffff); err != nil {
		t.Fatal(err)
	}
	pkt := p.writeRTP(7)
	p.wantDropped("receiver assuming ROC 0", bytes.Clone(pkt), ErrAuthFailed)
	if err := p.rx.SetROC(p.ssrc, 0xffff); err != nil {
		t.Fatal(err)
	}
	p.wantRTP("receiver told ROC 0xffff", pkt, 7)
	if roc, _ := p.rx.ROC(p.ssrc); roc != 0xffff {
		t.Fatalf("ROC = %#x", roc)
	}
}

func TestRTPKeyExhausted(t *testing.T) {
	p := newPair(t, ProfileAEADAES128GCM)
	if err := p.tx.SetROC(p.ssrc, 0xffffffff); err != nil {
		t.Fatal(err)
	}
	p.writeRTP(65535)
	t.Logf("# RFC 3711 §9.2: no more than 2^48 SRTP packets per master key")
	if _, err := p.tx.EncryptRTP(nil, rtpPacket(0, p.ssrc, 10)); !errors.Is(err, ErrKeyExhausted) {
		t.Fatalf("EncryptRTP after index 2^48-1: %v", err)
	}
}

func TestRTPReplayWindow(t *testing.T) {
	for _, size := range []int{64, 200, 0} {
		p := newPair(t, ProfileAES128CMHMACSHA1_80, WithReplayWindow(size))
		t.Logf("# window %d: RFC 3711 §3.3.2 replay list", size)
		pkts := map[uint16][]byte{}
		for s := uint16(1000); s < 1400; s++ {
			pkts[s] = p.writeRTP(s)
		}
		p.wantRTP("first", pkts[1000], 1000)
		p.wantRTP("jump ahead", pkts[1399], 1399)
		oldest := uint16(1399 - size + 1)
		if size == 0 {
			p.wantRTP("no window: old packet", pkts[1001], 1001)
			p.wantRTP("no window: replay accepted", pkts[1001], 1001)
			continue
		}
		p.wantRTP("oldest inside window", pkts[oldest], oldest)
		p.wantDropped("just outside window", pkts[oldest-1], ErrReplayed)
		p.wantDropped("replay of newest", pkts[1399], ErrReplayed)
		p.wantDropped("replay inside window", pkts[oldest], ErrReplayed)
		p.wantRTP("unseen inside window", pkts[1398], 1398)
	}
}

func TestRTPTampering(t *testing.T) {
	for _, prof := range allProfiles {
		t.Run(prof.String(), func(t *testing.T) {
			p := newPair(t, prof)
			pkt := p.writeRTP(5)
			t.Logf("# RFC 3711 §3.3 step 5: a packet failing authentication MUST be discarded")
			for i := range pkt {
				bad := bytes.Clone(pkt)
				bad[i] ^= 0x01
				if _, err := p.rx.DecryptRTP(nil, bad); err == nil {
					t.Fatalf("flipping a bit of octet %d went unnoticed", i)
				}
			}
			t.Logf("# the failures left no state behind: the genuine packet still passes")
			p.wantRTP("genuine after forgeries", pkt, 5)
			if p.rx.SSRCCount() != 1 {
				t.Fatalf("SSRCCount = %d", p.rx.SSRCCount())
			}
		})
	}
}

func TestRTPHeaderWithCSRCAndExtension(t *testing.T) {
	for _, prof := range allProfiles {
		p := newPair(t, prof)
		// V=2, X=1, CC=2; two CSRCs; extension header with 2 words.
		plain := unhex(t, "92600005 00000010 cafebabe 11111111 22222222 bede0002 10aa2000 01020300 deadbeef deadbeef")
		enc, err := p.tx.EncryptRTP(nil, plain)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(enc[:32], plain[:32]) {
			t.Fatal("header, CSRCs or extension were modified (RFC 3711 §3.1: only the payload is encrypted)")
		}
		if bytes.Equal(enc[32:40], plain[32:40]) {
			t.Fatal("payload not encrypted")
		}
		dec, err := p.rx.DecryptRTP(nil, enc)
		if err != nil || !bytes.Equal(dec, plain) {
			t.Fatalf("round trip: %v", err)
		}
	}
}

func TestRTPMalformed(t *testing.T) {
	for _, prof := range allProfiles {
		c, _ := NewContext(prof, make([]byte, prof.KeyLen()), make([]byte, prof.SaltLen()))
		good := rtpPacket(1, 1, 0)
		enc, err := c.EncryptRTP(nil, good)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("# no strict prefix of an SRTP packet is accepted (%v)", prof)
		for i := range len(enc) {
			if _, err := c.DecryptRTP(nil, enc[:i]); err == nil {
				t.Fatalf("%d-octet prefix accepted", i)
			}
		}
		for _, b := range [][]byte{nil, {0x80}, unhex(t, "40000001 00000000 00000001"), unhex(t, "8f000001 00000000 00000001"),
			unhex(t, "90000001 00000000 00000001 bede"), unhex(t, "90000001 00000000 00000001 bede0001")} {
			if _, err := c.EncryptRTP(nil, b); !errors.Is(err, ErrMalformed) {
				t.Fatalf("EncryptRTP(%x) = %v, want ErrMalformed", b, err)
			}
		}
	}
}

// TestRTPSeparateBuffers protects into a distinct dst, with and without
// enough capacity.
func TestRTPSeparateBuffers(t *testing.T) {
	for _, prof := range allProfiles {
		p := newPair(t, prof)
		plain := rtpPacket(9, p.ssrc, 300)
		orig := bytes.Clone(plain)
		dst := make([]byte, 0, 2000)
		enc, err := p.tx.EncryptRTP(dst, plain)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(plain, orig) {
			t.Fatal("EncryptRTP modified its input")
		}
		if &enc[:1][0] != &dst[:1][0] {
			t.Fatal("result not in dst")
		}
		small := make([]byte, 5)
		dec, err := p.rx.DecryptRTP(small, enc)
		if err != nil || !bytes.Equal(dec, plain) {
			t.Fatalf("decrypt into small dst: %v", err)
		}
	}
}

func FuzzDecryptRTP(f *testing.F) {
	for _, prof := range allProfiles {
		c, _ := NewContext(prof, make([]byte, prof.KeyLen()), make([]byte, prof.SaltLen()))
		for _, s := range []uint16{1, 2, 65535} {
			enc, _ := c.EncryptRTP(nil, rtpPacket(s, 1, 20))
			f.Add(uint8(prof), enc)
		}
	}
	f.Add(uint8(1), []byte{0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0xff, 0xff})
	rx := map[Profile]*Context{}
	tx := map[Profile]*Context{}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		prof := allProfiles[int(which)%len(allProfiles)]
		if rx[prof] == nil {
			rx[prof], _ = NewContext(prof, make([]byte, prof.KeyLen()), make([]byte, prof.SaltLen()))
			tx[prof], _ = NewContext(prof, make([]byte, prof.KeyLen()), make([]byte, prof.SaltLen()))
		}
		c, e := rx[prof], tx[prof]
		if _, _, ssrc, ok := rtpHeaderLen(b); ok {
			// Start from a fresh per-SSRC state so that the index is SEQ.
			c.RemoveSSRC(ssrc)
			e.RemoveSSRC(ssrc)
		}
		out, err := c.DecryptRTP(nil, bytes.Clone(b))
		if err == nil {
			// An accepted packet re-encrypts to itself under the same index.
			again, err := e.EncryptRTP(nil, out)
			if err != nil || !bytes.Equal(again, b) {
				t.Fatalf("accepted packet does not re-encrypt to itself: %v", err)
			}
			if _, err := c.DecryptRTP(nil, bytes.Clone(b)); !errors.Is(err, ErrReplayed) {
				t.Fatalf("second copy of an accepted packet: %v, want ErrReplayed", err)
			}
		}
		in := bytes.Clone(b)
		_, _ = c.DecryptRTP(in, in) // in place must not panic either
	})
}
