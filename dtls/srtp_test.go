package dtls

import "testing"

func TestSRTPKeySaltLengths(t *testing.T) {
	// RFC 5764 §4.1.2 and RFC 7714 §12: the exporter yields
	// 2*(key+salt) bytes.
	for p, want := range map[SRTPProtectionProfile]int{
		SRTP_AES128_CM_HMAC_SHA1_80: 60, SRTP_AES128_CM_HMAC_SHA1_32: 60,
		SRTP_AEAD_AES_128_GCM: 56, SRTP_AEAD_AES_256_GCM: 88,
	} {
		k, s := p.KeySaltLen()
		if 2*(k+s) != want {
			t.Errorf("%v: %d", p, 2*(k+s))
		}
	}
}

func TestSRTPNegotiationByPreference(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
		cc.SRTPProfiles = []SRTPProtectionProfile{SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AEAD_AES_256_GCM}
		sc.SRTPProfiles = []SRTPProtectionProfile{SRTP_AEAD_AES_256_GCM, SRTP_AES128_CM_HMAC_SHA1_80}
	})
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	if c.SRTPProfile() != SRTP_AEAD_AES_256_GCM || s.SRTPProfile() != SRTP_AEAD_AES_256_GCM {
		t.Fatalf("profiles %v %v: the server's preference decides", c.SRTPProfile(), s.SRTPProfile())
	}
	ck, _ := c.SRTPKeys()
	if len(ck.ClientKey) != 32 || len(ck.ServerSalt) != 12 {
		t.Fatalf("key sizes %d %d", len(ck.ClientKey), len(ck.ServerSalt))
	}
	t.Logf("# no common profile: the handshake succeeds without SRTP")
	c, s = testPair(t, "ecdsa", func(cc, sc *Config) {
		cc.SRTPProfiles = []SRTPProtectionProfile{SRTP_AES128_CM_HMAC_SHA1_32}
		sc.SRTPProfiles = []SRTPProtectionProfile{SRTP_AEAD_AES_128_GCM}
	})
	h = &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	if c.SRTPProfile() != 0 {
		t.Fatalf("profile %v", c.SRTPProfile())
	}
	if _, err := c.SRTPKeys(); err == nil {
		t.Fatal("SRTP keys without a profile")
	}
}

func TestALPN(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
		cc.ALPN = []string{"webrtc", "c-webrtc"}
		sc.ALPN = []string{"c-webrtc", "webrtc"}
	})
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	if c.NegotiatedProtocol() != "c-webrtc" || s.NegotiatedProtocol() != "c-webrtc" {
		t.Fatalf("ALPN %q %q", c.NegotiatedProtocol(), s.NegotiatedProtocol())
	}
}
