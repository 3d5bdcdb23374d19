package dtls

import "fmt"

// SRTPProtectionProfile is a DTLS-SRTP protection profile (RFC 5764 §4.1.2,
// RFC 7714 §14.2).
type SRTPProtectionProfile uint16

// The protection profiles negotiated by use_srtp.
const (
	SRTP_AES128_CM_HMAC_SHA1_80 SRTPProtectionProfile = 0x0001
	SRTP_AES128_CM_HMAC_SHA1_32 SRTPProtectionProfile = 0x0002
	SRTP_AEAD_AES_128_GCM       SRTPProtectionProfile = 0x0007
	SRTP_AEAD_AES_256_GCM       SRTPProtectionProfile = 0x0008
)

// DefaultSRTPProfiles is the preference order used when
// Config.SRTPProfiles is nil.
var DefaultSRTPProfiles = []SRTPProtectionProfile{
	SRTP_AEAD_AES_128_GCM, SRTP_AEAD_AES_256_GCM, SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AES128_CM_HMAC_SHA1_32,
}

// String returns the RFC name of the profile.
func (p SRTPProtectionProfile) String() string {
	switch p {
	case SRTP_AES128_CM_HMAC_SHA1_80:
		return "SRTP_AES128_CM_HMAC_SHA1_80"
	case SRTP_AES128_CM_HMAC_SHA1_32:
		return "SRTP_AES128_CM_HMAC_SHA1_32"
	case SRTP_AEAD_AES_128_GCM:
		return "SRTP_AEAD_AES_128_GCM"
	case SRTP_AEAD_AES_256_GCM:
		return "SRTP_AEAD_AES_256_GCM"
	}
	return fmt.Sprintf("SRTPProtectionProfile(%#04x)", uint16(p))
}

// KeySaltLen returns the master key and master salt lengths of the profile
// (RFC 5764 §4.1.2, RFC 7714 §12), or zeros for an unknown profile.
func (p SRTPProtectionProfile) KeySaltLen() (key, salt int) {
	switch p {
	case SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AES128_CM_HMAC_SHA1_32:
		return 16, 14
	case SRTP_AEAD_AES_128_GCM:
		return 16, 12
	case SRTP_AEAD_AES_256_GCM:
		return 32, 12
	}
	return 0, 0
}

// SRTPKeys are the SRTP master keys and salts derived from the DTLS
// exporter (RFC 5764 §4.2).
type SRTPKeys struct {
	Profile               SRTPProtectionProfile
	ClientKey, ClientSalt []byte
	ServerKey, ServerSalt []byte
}

// srtpExporterLabel is the exporter label of RFC 5764 §4.2.
const srtpExporterLabel = "EXTRACTOR-dtls_srtp"
