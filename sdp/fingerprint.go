package sdp

import (
	"bytes"
	"strings"
)

// Fingerprint is the value of an a=fingerprint attribute (RFC 8122 §5):
// "<hash-func> <fingerprint>", e.g. "sha-256 F0:46:…:DC". A media section
// may carry several, with different hash functions (RFC 8122 §5).
type Fingerprint struct {
	HashFunc string // "sha-256", "sha-1", …, as written; compare case-insensitively
	Value    []byte // the certificate fingerprint bytes
}

// fingerprintSize gives the digest length of the hash functions RFC 8122
// §5 names.
var fingerprintSize = map[string]int{
	"sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64, "md5": 16, "md2": 16,
}

// maxFingerprintSize bounds the fingerprint of an unknown hash function.
const maxFingerprintSize = 64

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	case 'a' <= c && c <= 'f':
		// RFC 8122 §5 says upper case; lower case is accepted liberally.
		return c - 'a' + 10, true
	}
	return 0, false
}

// ParseFingerprint parses the value of an a=fingerprint attribute (RFC 8122
// §5): the hash function, a space, and colon-separated pairs of hex digits.
// For the hash functions RFC 8122 names, the number of bytes must match
// the digest size.
func ParseFingerprint(v string) (Fingerprint, error) {
	hash, hexs, ok := strings.Cut(v, " ")
	if !ok || !isToken(hash) {
		return Fingerprint{}, attrErrorf(AttrFingerprint, "want <hash-func> <fingerprint> (RFC 8122 §5)")
	}
	if (len(hexs)+1)%3 != 0 || len(hexs)/3+1 > maxFingerprintSize {
		return Fingerprint{}, attrErrorf(AttrFingerprint, "want 2UHEX *(\":\" 2UHEX) of at most %d bytes (RFC 8122 §5)", maxFingerprintSize)
	}
	val := make([]byte, (len(hexs)+1)/3)
	for i := range val {
		hi, ok1 := unhex(hexs[3*i])
		lo, ok2 := unhex(hexs[3*i+1])
		if !ok1 || !ok2 || (3*i+2 < len(hexs) && hexs[3*i+2] != ':') {
			return Fingerprint{}, attrErrorf(AttrFingerprint, "want 2UHEX *(\":\" 2UHEX) (RFC 8122 §5)")
		}
		val[i] = hi<<4 | lo
	}
	if n, known := fingerprintSize[strings.ToLower(hash)]; known && n != len(val) {
		return Fingerprint{}, attrErrorf(AttrFingerprint, "%s fingerprint has %d bytes, want %d", hash, len(val), n)
	}
	return Fingerprint{HashFunc: hash, Value: val}, nil
}

// AppendTo appends the attribute value to b, with upper-case hex as RFC
// 8122 §5 requires.
func (f Fingerprint) AppendTo(b []byte) []byte {
	const digits = "0123456789ABCDEF"
	b = append(b, f.HashFunc...)
	b = append(b, ' ')
	for i, x := range f.Value {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, digits[x>>4], digits[x&15])
	}
	return b
}

// String returns the attribute value.
func (f Fingerprint) String() string { return string(f.AppendTo(nil)) }

// Equal reports whether f and g name the same hash function (compared
// case-insensitively) and the same bytes.
func (f Fingerprint) Equal(g Fingerprint) bool {
	return strings.EqualFold(f.HashFunc, g.HashFunc) && bytes.Equal(f.Value, g.Value)
}

// Fingerprints parses the section's a=fingerprint attributes (RFC 8122 §5).
func (m *MediaDescription) Fingerprints() ([]Fingerprint, error) {
	return parseEach(m.Lines, AttrFingerprint, ParseFingerprint)
}

// Fingerprints parses the session-level a=fingerprint attributes (RFC 8122
// §5; Firefox puts them at session level, which applies to every section
// without its own).
func (s *SessionDescription) Fingerprints() ([]Fingerprint, error) {
	return parseEach(s.Lines, AttrFingerprint, ParseFingerprint)
}

// Setup is the value of an a=setup attribute (RFC 8122 §4; RFC 8842 §5.1
// for DTLS roles).
type Setup string

// The setup roles of RFC 8122 §4.
const (
	SetupActive   Setup = "active"   // the endpoint initiates the connection (DTLS client)
	SetupPassive  Setup = "passive"  // the endpoint accepts a connection (DTLS server)
	SetupActPass  Setup = "actpass"  // either; an offerer MUST use actpass (RFC 8842 §5.2)
	SetupHoldConn Setup = "holdconn" // no connection for now
)

// ParseSetup parses the value of an a=setup attribute (RFC 8122 §4).
func ParseSetup(v string) (Setup, error) {
	switch s := Setup(v); s {
	case SetupActive, SetupPassive, SetupActPass, SetupHoldConn:
		return s, nil
	}
	return "", attrErrorf(AttrSetup, "unknown role %q (RFC 8122 §4)", v)
}

// String returns the attribute value.
func (s Setup) String() string { return string(s) }

// Setup returns the section's a=setup role (RFC 8122 §4), false if it has
// none, and an error if the value is unknown.
func (m *MediaDescription) Setup() (Setup, bool, error) {
	v, ok := m.Attribute(AttrSetup)
	if !ok {
		return "", false, nil
	}
	s, err := ParseSetup(v)
	return s, err == nil, err
}

// Setup returns the session-level a=setup role; see MediaDescription.Setup.
func (s *SessionDescription) Setup() (Setup, bool, error) {
	v, ok := s.Attribute(AttrSetup)
	if !ok {
		return "", false, nil
	}
	r, err := ParseSetup(v)
	return r, err == nil, err
}
