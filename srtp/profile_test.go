package srtp

import "testing"

func TestProfileParameters(t *testing.T) {
	// RFC 5764 §4.1.2 and RFC 7714 §14.2.
	for _, tc := range []struct {
		p                    Profile
		name                 string
		key, salt, rtp, rtcp int
		material             int
	}{
		{ProfileAES128CMHMACSHA1_80, "SRTP_AES128_CM_HMAC_SHA1_80", 16, 14, 10, 14, 60},
		{ProfileAES128CMHMACSHA1_32, "SRTP_AES128_CM_HMAC_SHA1_32", 16, 14, 4, 14, 60},
		{ProfileAEADAES128GCM, "SRTP_AEAD_AES_128_GCM", 16, 12, 16, 20, 56},
		{ProfileAEADAES256GCM, "SRTP_AEAD_AES_256_GCM", 32, 12, 16, 20, 88},
	} {
		p := tc.p
		if p.String() != tc.name || p.KeyLen() != tc.key || p.SaltLen() != tc.salt ||
			p.RTPOverhead() != tc.rtp || p.RTCPOverhead() != tc.rtcp || p.KeyingMaterialLen() != tc.material || !p.Supported() {
			t.Errorf("%v: key %d salt %d rtp %d rtcp %d material %d", p, p.KeyLen(), p.SaltLen(), p.RTPOverhead(), p.RTCPOverhead(), p.KeyingMaterialLen())
		}
	}
	for _, p := range []Profile{0, 5, 6, 9} {
		if p.Supported() || p.KeyLen() != 0 || p.SaltLen() != 0 || p.RTPOverhead() != 0 || p.RTCPOverhead() != 0 {
			t.Errorf("%v claims support", p)
		}
	}
	if s := Profile(5).String(); s != "Profile(0x0005)" {
		t.Errorf("String = %q", s)
	}
}
