// Package srtp implements the Secure Real-time Transport Protocol and its
// control protocol SRTCP: RFC 3711 with the AES-CM/HMAC-SHA1 transforms, RFC
// 7714 AES-GCM, and the protection profiles and key export of DTLS-SRTP (RFC
// 5764 §4.1.2, §4.2).
//
// A Context holds the session keys derived from one master key and salt
// (RFC 3711 §4.3, key derivation rate 0) and the per-SSRC state: rollover
// counter and highest sequence number with index estimation (§3.3.1), the
// SRTCP index (§3.4), and replay lists (§3.3.2, 64 packets by default,
// settable). EncryptRTP, DecryptRTP, EncryptRTCP and DecryptRTCP work in place
// in the caller's buffer and do not allocate.
//
// Implemented profiles: SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AES128_CM_HMAC_SHA1_32
// (80-bit SRTCP tag), SRTP_AEAD_AES_128_GCM and SRTP_AEAD_AES_256_GCM.
//
// The package is sans-IO: no sockets, goroutines or clock. A Context is not
// safe for concurrent use; use one per direction.
//
// Not implemented yet: MKI (RFC 3711 §3.1, unused by DTLS-SRTP), key
// derivation rates other than 0, the NULL cipher profiles, AES-f8,
// encrypted header extensions (RFC 6904), and SRTP "authentication only"
// AEAD mode (RFC 7714 §16.1.3). Received SRTCP packets with the E flag clear
// are verified and accepted (RFC 3711 §3.4, RFC 7714 §9.3); EncryptRTCP always
// encrypts.
package srtp
