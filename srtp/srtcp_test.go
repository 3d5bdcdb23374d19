package srtp

import (
	"bytes"
	"errors"
	"testing"
)

const rfc7714RTCP = "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61" +
	"deadbeef deadbeef deadbeef deadbeef deadbeef"

// TestRTCPGCMRFC7714 checks the SRTCP vectors of RFC 7714 §17.1-17.4.
func TestRTCPGCMRFC7714(t *testing.T) {
	plain := unhex(t, rfc7714RTCP)
	t.Run("17.1 AEAD_AES_128_GCM encryption and tagging", func(t *testing.T) {
		c := newSessionContext(t, ProfileAEADAES128GCM, unhex(t, rfc7714Key128), unhex(t, rfc7714Salt))
		s, _ := c.state(0x4d617273, true)
		s.rtcpNext = 0x5d4
		buf := make([]byte, len(plain), len(plain)+20)
		copy(buf, plain)
		got, err := c.EncryptRTCP(buf, buf)
		if err != nil {
			t.Fatal(err)
		}
		want := unhex(t, "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d"+
			"c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4")
		if !bytes.Equal(got, want) {
			t.Fatalf("got  %x\nwant %x", got, want)
		}
		d := newSessionContext(t, ProfileAEADAES128GCM, unhex(t, rfc7714Key128), unhex(t, rfc7714Salt))
		back, err := d.DecryptRTCP(got, got)
		if err != nil || !bytes.Equal(back, plain) {
			t.Fatalf("decrypt: %v %x", err, back)
		}
	})
	for _, tc := range []struct {
		name string
		p    Profile
		key  string
		pkt  string
	}{
		{"17.2 AEAD_AES_256_GCM verification and decryption", ProfileAEADAES256GCM, rfc7714Key256,
			"81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50" +
				"a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4"},
		{"17.3 AEAD_AES_128_GCM tagging only", ProfileAEADAES128GCM, rfc7714Key128,
			rfc7714RTCP + "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4"},
		{"17.4 AEAD_AES_256_GCM tag verification", ProfileAEADAES256GCM, rfc7714Key256,
			rfc7714RTCP + "91db4afb feee5a97 8fab4393 ed2615fe 000005d4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newSessionContext(t, tc.p, unhex(t, tc.key), unhex(t, rfc7714Salt))
			pkt := unhex(t, tc.pkt)
			got, err := c.DecryptRTCP(nil, pkt)
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("DecryptRTCP: %v\n got %x", err, got)
			}
			t.Logf("# RFC 3711 §3.4: SRTCP replay protection uses the SRTCP index")
			if _, err := c.DecryptRTCP(nil, pkt); !errors.Is(err, ErrReplayed) {
				t.Fatalf("replay: %v", err)
			}
			bad := bytes.Clone(pkt)
			bad[len(bad)-5] ^= 0x80 // last tag octet
			c2 := newSessionContext(t, tc.p, unhex(t, tc.key), unhex(t, rfc7714Salt))
			if _, err := c2.DecryptRTCP(nil, bad); !errors.Is(err, ErrAuthFailed) {
				t.Fatalf("forged tag: %v", err)
			}
		})
	}
}

// TestGoldenMasterKey checks whole packets protected from a master key and
// salt (key derivation included) against output recorded from libsrtp's
// reference vectors for AES-CM (srtp_driver "AES_CM_128_HMAC_SHA1_80"
// policy) as reproduced by Pion v3.0.13 used as a test peer; Pion numbers
// the first SRTCP packet 1, so the test starts the SRTCP index there. The
// AEAD rows fix the 12-octet master salt placement of deriveKey.
func TestGoldenMasterKey(t *testing.T) {
	key := unhex(t, "e1f97a0d3e018be0d64fa32c06de4139")
	salt := unhex(t, "0ec675ad498afeebb6960b3aabe6")
	rtp := unhex(t, "800f1234decafbadcafebabeabababababababababababababababab")
	rtcp := unhex(t, "81c8000bcafebabeabababababababababababababababab")
	for _, tc := range []struct {
		p         Profile
		rtp, rtcp string
	}{
		{ProfileAES128CMHMACSHA1_80,
			"800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb",
			"81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798"},
		{ProfileAES128CMHMACSHA1_32,
			"800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc",
			"81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798"},
		{ProfileAEADAES128GCM,
			"800f1234decafbadcafebabe0eca0cf95ee955b26cd3d288b49f6ca959171450975f4144da9cdd7ae989a277",
			"81c8000bcafebabeea6e5eb3c75c462000f59ebf9e4ebd4e934239488f02f9ca1580174557117e3780000001"},
		{ProfileAEADAES256GCM,
			"800f1234decafbadcafebabe3605286d431e750554037568cf239a8dd403da521f2dc7dd60e01275e4bbd695",
			"81c8000bcafebabe64b62c967647f2532a4bb3c63f95b268fb4112e1c9ef95985a9379da3890ce2180000001"},
	} {
		k := append(bytes.Clone(key), key...)[:tc.p.KeyLen()]
		c, err := NewContext(tc.p, k, salt[:tc.p.SaltLen()])
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.EncryptRTP(nil, rtp)
		if err != nil || !bytes.Equal(got, unhex(t, tc.rtp)) {
			t.Errorf("%v SRTP: %v\n got %x\nwant %s", tc.p, err, got, tc.rtp)
		}
		s, _ := c.state(0xcafebabe, true)
		s.rtcpNext = 1
		got, err = c.EncryptRTCP(nil, rtcp)
		if err != nil || !bytes.Equal(got, unhex(t, tc.rtcp)) {
			t.Errorf("%v SRTCP: %v\n got %x\nwant %s", tc.p, err, got, tc.rtcp)
		}
		d, _ := NewContext(tc.p, k, salt[:tc.p.SaltLen()])
		if back, err := d.DecryptRTCP(nil, unhex(t, tc.rtcp)); err != nil || !bytes.Equal(back, rtcp) {
			t.Errorf("%v SRTCP decrypt: %v", tc.p, err)
		}
	}
}

func TestRTCPRoundTrip(t *testing.T) {
	for _, prof := range allProfiles {
		t.Run(prof.String(), func(t *testing.T) {
			p := newPair(t, prof)
			plain := unhex(t, "80c90001 cafebabe 81ca0003 cafebabe 01046e616d65 0000")
			var pkts [][]byte
			t.Logf("# RFC 3711 §3.4: the SRTCP index MUST start at zero and grow by one per packet")
			for i := range 5 {
				buf := make([]byte, len(plain), len(plain)+prof.RTCPOverhead())
				copy(buf, plain)
				out, err := p.tx.EncryptRTCP(buf, buf)
				if err != nil {
					t.Fatal(err)
				}
				if len(out) != len(plain)+prof.RTCPOverhead() {
					t.Fatalf("SRTCP length %d", len(out))
				}
				eIdx := out[len(out)-4:]
				if !prof.isAEAD() {
					eIdx = out[len(plain) : len(plain)+4]
				}
				if want := []byte{0x80, 0, 0, byte(i)}; !bytes.Equal(eIdx, want) {
					t.Fatalf("E||index = %x, want %x", eIdx, want)
				}
				if !bytes.Equal(out[:8], plain[:8]) || bytes.Equal(out[8:len(plain)], plain[8:]) {
					t.Fatal("first 8 octets must stay clear and the rest be encrypted")
				}
				pkts = append(pkts, bytes.Clone(out))
			}
			for _, i := range []int{1, 0, 4, 2} {
				got, err := p.rx.DecryptRTCP(nil, pkts[i])
				if err != nil || !bytes.Equal(got, plain) {
					t.Fatalf("packet %d: %v", i, err)
				}
			}
			if _, err := p.rx.DecryptRTCP(nil, pkts[2]); !errors.Is(err, ErrReplayed) {
				t.Fatalf("replay: %v", err)
			}
			t.Logf("# no strict prefix of an SRTCP packet is accepted")
			for i := range len(pkts[3]) {
				if _, err := p.rx.DecryptRTCP(nil, pkts[3][:i]); err == nil {
					t.Fatalf("%d-octet prefix accepted", i)
				}
			}
			for i := range pkts[3] {
				bad := bytes.Clone(pkts[3])
				bad[i] ^= 4
				if _, err := p.rx.DecryptRTCP(nil, bad); err == nil {
					t.Fatalf("flipped bit in octet %d accepted", i)
				}
			}
			if got, err := p.rx.DecryptRTCP(nil, pkts[3]); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("genuine packet after forgeries: %v", err)
			}
		})
	}
}

func TestRTCPUnencryptedCM(t *testing.T) {
	t.Logf("# RFC 3711 §3.4: with E = 0 the payload is left unmodified but still authenticated")
	p := newPair(t, ProfileAES128CMHMACSHA1_80)
	plain := unhex(t, "80c90001 cafebabe")
	pkt := append(bytes.Clone(plain), 0, 0, 0, 7)
	tag := p.rx.rtcpMAC(pkt)
	pkt = append(pkt, tag[:10]...)
	got, err := p.rx.DecryptRTCP(nil, pkt)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("E=0 packet: %v", err)
	}
}

func TestRTCPIndexExhausted(t *testing.T) {
	p := newPair(t, ProfileAES128CMHMACSHA1_80)
	s, _ := p.tx.state(0xcafebabe, true)
	s.rtcpNext = srtcpMaxIndex
	plain := unhex(t, "80c90001 cafebabe")
	if _, err := p.tx.EncryptRTCP(nil, plain); err != nil {
		t.Fatal(err)
	}
	t.Logf("# RFC 7714 §9.4 / RFC 3711 §9.2: rekey before the 31-bit SRTCP index cycles")
	if _, err := p.tx.EncryptRTCP(nil, plain); !errors.Is(err, ErrKeyExhausted) {
		t.Fatalf("after 2^31 packets: %v", err)
	}
}

func FuzzDecryptRTCP(f *testing.F) {
	for _, prof := range allProfiles {
		c, _ := NewContext(prof, make([]byte, prof.KeyLen()), make([]byte, prof.SaltLen()))
		enc, _ := c.EncryptRTCP(nil, []byte{0x80, 0xc9, 0, 1, 0, 0, 0, 1})
		f.Add(uint8(prof), enc)
	}
	rx := map[Profile]*Context{}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		prof := allProfiles[int(which)%len(allProfiles)]
		if rx[prof] == nil {
			rx[prof], _ = NewContext(prof, make([]byte, prof.KeyLen()), make([]byte, prof.SaltLen()))
		}
		c := rx[prof]
		if ssrc, ok := rtcpHeaderOK(b); ok {
			c.RemoveSSRC(ssrc)
		}
		out, err := c.DecryptRTCP(nil, bytes.Clone(b))
		if err == nil {
			if len(out) != len(b)-prof.RTCPOverhead() || !bytes.Equal(out[:8], b[:8]) {
				t.Fatalf("accepted packet decrypted to %d octets from %d", len(out), len(b))
			}
			if _, err := c.DecryptRTCP(nil, bytes.Clone(b)); !errors.Is(err, ErrReplayed) {
				t.Fatalf("second copy: %v", err)
			}
		}
		in := bytes.Clone(b)
		_, _ = c.DecryptRTCP(in, in)
	})
}

// TestGoldenROCWrap checks SEQ 65535, 0, 1 (ROC 0, 1, 1) against output of
// Pion v3.0.13 (test peer) for the libsrtp reference key: both ends must
// move to ROC 1 at the wrap (RFC 3711 §3.3.1).
func TestGoldenROCWrap(t *testing.T) {
	key := unhex(t, "e1f97a0d3e018be0d64fa32c06de4139")
	salt := unhex(t, "0ec675ad498afeebb6960b3aabe6")
	for _, tc := range []struct {
		p    Profile
		want []string
	}{
		{ProfileAES128CMHMACSHA1_80, []string{
			"800fffffdecafbadcafebabef36e96fc87ac01758cea5f94ba171db81149c9c49efa93c1b483",
			"800f0000decafbadcafebabe24ecf92d9c97bf2ac679b796fdfd365a267beecdc56456590e62",
			"800f0001decafbadcafebabeb6f1f0a458a238ac3d2f55ac6566b25c051f89495037505c44c7"}},
		{ProfileAEADAES128GCM, []string{
			"800fffffdecafbadcafebabe9ac1ef8077b83986c919388f6aa60fe4ee08ed46048c936e7d0b2accb2213758",
			"800f0000decafbadcafebabe84438743da5ca97253c8ea9c900c654aad5eedf195961df0a3938bb1b0960539",
			"800f0001decafbadcafebabe139cd24da1e9fdefc55d1b21e07270e95e8204314bdfe5c28c604f6e87c28dd8"}},
	} {
		enc, _ := NewContext(tc.p, key, salt[:tc.p.SaltLen()])
		dec, _ := NewContext(tc.p, key, salt[:tc.p.SaltLen()])
		for i, seq := range []string{"ffff", "0000", "0001"} {
			plain := unhex(t, "800f"+seq+"decafbadcafebabeabababababababababababababababab")
			got, err := enc.EncryptRTP(nil, plain)
			if err != nil || !bytes.Equal(got, unhex(t, tc.want[i])) {
				t.Fatalf("%v SEQ %s: %v\n got %x\nwant %s", tc.p, seq, err, got, tc.want[i])
			}
			back, err := dec.DecryptRTP(nil, unhex(t, tc.want[i]))
			if err != nil || !bytes.Equal(back, plain) {
				t.Fatalf("%v SEQ %s decrypt: %v", tc.p, seq, err)
			}
		}
		if roc, _ := dec.ROC(0xcafebabe); roc != 1 {
			t.Fatalf("ROC %d after the wrap", roc)
		}
	}
}
