package dtls

import (
	"crypto"
	_ "crypto/sha1" // registers the hashes RFC 8122 §5 names
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Fingerprint is a certificate fingerprint as the SDP a=fingerprint
// attribute carries it (RFC 8122 §5): a hash function name from the IANA
// "Hash Function Textual Names" registry and the hash of the DER
// certificate.
type Fingerprint struct {
	Algorithm string // "sha-256", "sha-1", "sha-384", "sha-512", "sha-224"
	Value     []byte
}

func fingerprintHash(alg string) (crypto.Hash, bool) {
	switch strings.ToLower(alg) {
	case "sha-1":
		return crypto.SHA1, true
	case "sha-224":
		return crypto.SHA224, true
	case "sha-256":
		return crypto.SHA256, true
	case "sha-384":
		return crypto.SHA384, true
	case "sha-512":
		return crypto.SHA512, true
	}
	return 0, false
}

// ErrFingerprintAlgorithm reports a hash name RFC 8122 §5 does not list.
var ErrFingerprintAlgorithm = errors.New("dtls: unknown fingerprint hash function")

// NewFingerprint hashes a DER certificate with the named hash function
// (RFC 8122 §5).
func NewFingerprint(alg string, der []byte) (Fingerprint, error) {
	h, ok := fingerprintHash(alg)
	if !ok {
		return Fingerprint{}, fmt.Errorf("%w: %q", ErrFingerprintAlgorithm, alg)
	}
	return Fingerprint{Algorithm: strings.ToLower(alg), Value: digest(h, der)}, nil
}

// ParseFingerprint reads the SDP form "sha-256 AB:CD:…" (RFC 8122 §5).
func ParseFingerprint(s string) (Fingerprint, error) {
	alg, val, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return Fingerprint{}, errors.New("dtls: fingerprint needs a hash name and a value")
	}
	h, ok := fingerprintHash(alg)
	if !ok {
		return Fingerprint{}, fmt.Errorf("%w: %q", ErrFingerprintAlgorithm, alg)
	}
	parts := strings.Split(strings.TrimSpace(val), ":")
	if len(parts) != h.Size() {
		return Fingerprint{}, fmt.Errorf("dtls: fingerprint %q has %d bytes, %s needs %d", val, len(parts), alg, h.Size())
	}
	v := make([]byte, 0, len(parts))
	for _, p := range parts {
		if len(p) != 2 {
			return Fingerprint{}, fmt.Errorf("dtls: bad fingerprint byte %q", p)
		}
		b, err := hex.DecodeString(p)
		if err != nil {
			return Fingerprint{}, fmt.Errorf("dtls: bad fingerprint byte %q", p)
		}
		v = append(v, b[0])
	}
	return Fingerprint{Algorithm: strings.ToLower(alg), Value: v}, nil
}

// String formats the fingerprint as SDP writes it: the hash name, a space,
// and upper-case hex bytes joined by colons (RFC 8122 §5).
func (f Fingerprint) String() string {
	var sb strings.Builder
	sb.WriteString(f.Algorithm)
	sb.WriteByte(' ')
	for i, b := range f.Value {
		if i > 0 {
			sb.WriteByte(':')
		}
		fmt.Fprintf(&sb, "%02X", b)
	}
	return sb.String()
}

// Matches reports whether der hashes to this fingerprint.
func (f Fingerprint) Matches(der []byte) bool {
	g, err := NewFingerprint(f.Algorithm, der)
	return err == nil && subtle.ConstantTimeCompare(g.Value, f.Value) == 1
}

// ErrFingerprintMismatch reports a peer certificate that matches none of
// the expected fingerprints (RFC 8122 §5: the connection must not be used).
var ErrFingerprintMismatch = errors.New("dtls: peer certificate does not match the SDP fingerprint")
