package srtp

import "fmt"

// Profile is an SRTP protection profile, numbered as in the DTLS use_srtp
// extension (RFC 5764 §4.1.2, RFC 7714 §14.2), so the value negotiated by DTLS
// maps onto it directly.
type Profile uint16

// The supported protection profiles.
const (
	// ProfileAES128CMHMACSHA1_80 is SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764
	// §4.1.2): AES-128 counter mode, HMAC-SHA1 with an 80-bit tag.
	ProfileAES128CMHMACSHA1_80 Profile = 0x0001
	// ProfileAES128CMHMACSHA1_32 is SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764
	// §4.1.2): as _80 but with a 32-bit SRTP tag; SRTCP keeps 80 bits.
	ProfileAES128CMHMACSHA1_32 Profile = 0x0002
	// ProfileAEADAES128GCM is SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2).
	ProfileAEADAES128GCM Profile = 0x0007
	// ProfileAEADAES256GCM is SRTP_AEAD_AES_256_GCM (RFC 7714 §14.2).
	ProfileAEADAES256GCM Profile = 0x0008
)

// String returns the profile's name as registered for DTLS-SRTP.
func (p Profile) String() string {
	switch p {
	case ProfileAES128CMHMACSHA1_80:
		return "SRTP_AES128_CM_HMAC_SHA1_80"
	case ProfileAES128CMHMACSHA1_32:
		return "SRTP_AES128_CM_HMAC_SHA1_32"
	case ProfileAEADAES128GCM:
		return "SRTP_AEAD_AES_128_GCM"
	case ProfileAEADAES256GCM:
		return "SRTP_AEAD_AES_256_GCM"
	}
	return fmt.Sprintf("Profile(0x%04x)", uint16(p))
}

// Supported reports whether this package implements the profile.
func (p Profile) Supported() bool {
	switch p {
	case ProfileAES128CMHMACSHA1_80, ProfileAES128CMHMACSHA1_32, ProfileAEADAES128GCM, ProfileAEADAES256GCM:
		return true
	}
	return false
}

// KeyLen returns the master key length in octets (cipher_key_length).
func (p Profile) KeyLen() int {
	if p == ProfileAEADAES256GCM {
		return 32
	}
	if p.Supported() {
		return 16
	}
	return 0
}

// SaltLen returns the master salt length in octets (cipher_salt_length):
// 14 for AES-CM (RFC 3711 §4.1.1), 12 for AES-GCM (RFC 7714 §14.2).
func (p Profile) SaltLen() int {
	switch p {
	case ProfileAES128CMHMACSHA1_80, ProfileAES128CMHMACSHA1_32:
		return 14
	case ProfileAEADAES128GCM, ProfileAEADAES256GCM:
		return 12
	}
	return 0
}

// RTPOverhead returns the octets SRTP adds to an RTP packet: the
// authentication tag (RFC 5764 §4.1.2) or the AEAD tag (RFC 7714 §14.2).
func (p Profile) RTPOverhead() int {
	switch p {
	case ProfileAES128CMHMACSHA1_80:
		return 10
	case ProfileAES128CMHMACSHA1_32:
		return 4
	case ProfileAEADAES128GCM, ProfileAEADAES256GCM:
		return 16
	}
	return 0
}

// RTCPOverhead returns the octets SRTCP adds to an RTCP packet: the E flag
// and SRTCP index (4 octets, RFC 3711 §3.4) plus the tag (80 bits for both
// AES-CM profiles, RFC 5764 §4.1.2; 16 octets for AES-GCM).
func (p Profile) RTCPOverhead() int {
	switch p {
	case ProfileAES128CMHMACSHA1_80, ProfileAES128CMHMACSHA1_32:
		return 4 + 10
	case ProfileAEADAES128GCM, ProfileAEADAES256GCM:
		return 4 + 16
	}
	return 0
}

func (p Profile) isAEAD() bool {
	return p == ProfileAEADAES128GCM || p == ProfileAEADAES256GCM
}
