package srtp

import "fmt"

// ExporterLabel is the TLS exporter label for DTLS-SRTP keying material
// (RFC 5764 §4.2); the context value is empty.
const ExporterLabel = "EXTRACTOR-dtls_srtp"

// KeyingMaterialLen returns how many octets to export from DTLS for the
// profile: 2 * (master_key_len + master_salt_len) (RFC 5764 §4.2).
func (p Profile) KeyingMaterialLen() int {
	return 2 * (p.KeyLen() + p.SaltLen())
}

// Keys holds the master keys and salts of both directions of a DTLS-SRTP
// association.
type Keys struct {
	// ClientKey and ClientSalt protect what the DTLS client sends.
	ClientKey, ClientSalt []byte
	// ServerKey and ServerSalt protect what the DTLS server sends.
	ServerKey, ServerSalt []byte
}

// SplitKeyingMaterial splits the DTLS exporter output into the client and
// server write keys and salts in the order of RFC 5764 §4.2:
// client_write_SRTP_master_key, server_write_SRTP_master_key,
// client_write_SRTP_master_salt, server_write_SRTP_master_salt. The returned
// slices alias material. The DTLS client protects what it sends with the
// client keys and the server with the server keys (RFC 5764 §4.2, Figure 1).
func SplitKeyingMaterial(p Profile, material []byte) (Keys, error) {
	if !p.Supported() {
		return Keys{}, fmt.Errorf("%w: %v", ErrUnsupportedProfile, p)
	}
	if len(material) != p.KeyingMaterialLen() {
		return Keys{}, fmt.Errorf("%w: keying material is %d octets, %v needs %d",
			ErrInvalidKey, len(material), p, p.KeyingMaterialLen())
	}
	k, s := p.KeyLen(), p.SaltLen()
	return Keys{
		ClientKey:  material[0:k:k],
		ServerKey:  material[k : 2*k : 2*k],
		ClientSalt: material[2*k : 2*k+s : 2*k+s],
		ServerSalt: material[2*k+s : 2*k+2*s : 2*k+2*s],
	}, nil
}
