package srtp

import (
	"crypto/aes"
	"crypto/cipher"
)

// Key derivation labels, RFC 3711 §4.3.1 and §4.3.2.
const (
	labelRTPEncryption  = 0x00
	labelRTPAuth        = 0x01
	labelRTPSalt        = 0x02
	labelRTCPEncryption = 0x03
	labelRTCPAuth       = 0x04
	labelRTCPSalt       = 0x05
)

// deriveKey is the AES-CM PRF of RFC 3711 §4.3.3 with a key derivation rate
// of zero (so r = index DIV kdr = 0, §4.3.1): it returns the first n octets of
// the AES-CM keystream under masterKey with IV = (label<<48 XOR master_salt)
// * 2^16.
//
// The master salt is 14 octets for the AES-CM profiles. The AEAD profiles use
// a 12-octet master salt (RFC 7714 §14.2) with the same PRF (RFC 7714 §11,
// AES_256_CM_PRF of RFC 6188 §7 for 256-bit keys); as deployed (libsrtp,
// Chromium), the 12-octet salt occupies the first 12 of the 14 salt octets,
// the last two being zero, so the label still lands in octet 7.
func deriveKey(masterKey, masterSalt []byte, label byte, n int) ([]byte, error) {
	block, err := aes.NewCipher(masterKey)
	if err != nil {
		return nil, err
	}
	var iv [16]byte
	copy(iv[:14], masterSalt)
	// key_id = label || r (r = 48 zero bits) is 7 octets, right-aligned
	// with the 14-octet salt: the label XORs octet 14-7 = 7.
	iv[7] ^= label
	out := make([]byte, n)
	cipher.NewCTR(block, iv[:]).XORKeyStream(out, out)
	return out, nil
}
