package webrtc

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strings"
	"sync"
	"time"
)

// KeygenAlgorithm is the keygenAlgorithm argument of the W3C
// generateCertificate method (§4.9): a WebCrypto EcKeyGenParams or
// RsaHashedKeyGenParams dictionary plus the RTCCertificateExpiration
// dictionary (§4.9.1).
type KeygenAlgorithm struct {
	// Name is "ECDSA" or "RSASSA-PKCS1-v1_5", matched ASCII
	// case-insensitively as WebCrypto's "normalize an algorithm" does.
	Name string
	// NamedCurve is the ECDSA curve. Only "P-256" is accepted: it is the
	// curve the W3C specification requires, and the one DTLS peers expect.
	NamedCurve string
	// ModulusLength is the RSA modulus size in bits: 2048 to 8192.
	ModulusLength int
	// PublicExponent is the RSA public exponent. Only 65537 is accepted;
	// 0 means 65537.
	PublicExponent int
	// Hash is the RSA signature hash, matched case-insensitively. Only
	// "SHA-256" is accepted.
	Hash string
	// Expires is RTCCertificateExpiration.expires: how long the certificate
	// is valid from its generation. 0 means the default of 30 days; more
	// than 365 days is capped at 365 days (§4.9 generateCertificate steps
	// 2–3). The expiry is truncated to a whole second, the precision of
	// X.509 validity times.
	Expires time.Duration
}

// ECDSAP256 is the keygenAlgorithm {name: "ECDSA", namedCurve: "P-256"}, which
// the W3C specification requires and uses for certificates the user agent
// generates itself (§4.9).
var ECDSAP256 = KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-256"}

// The expiration bounds of W3C §4.9 generateCertificate steps 2 and 3.4.
const (
	defaultCertificateExpires = 30 * 24 * time.Hour
	maxCertificateExpires     = 365 * 24 * time.Hour
)

// The key names of the two WebCrypto algorithms generateCertificate accepts.
const (
	algECDSA    = "ECDSA"
	algRSAPKCS1 = "RSASSA-PKCS1-v1_5"
)

// RSA modulus bounds: the W3C specification requires 2048; smaller keys are
// too weak and larger ones than 8192 take unreasonably long to generate.
const (
	minRSABits = 2048
	maxRSABits = 8192
)

// timeNow is the clock GenerateCertificate reads; tests replace it.
var timeNow = time.Now

// certificateRand is the randomness GenerateCertificate uses for serial
// numbers, names and signatures; tests replace it. (Since Go 1.26 the key
// generators always use the system's secure source and ignore it.)
var certificateRand = rand.Reader

// Certificate is the W3C RTCCertificate (§4.9.2): a private key and a
// self-signed X.509 certificate for DTLS. It is immutable; copies are the
// same certificate and compare equal with ==, while two generations or two
// loads of the same PEM are distinct certificates. The zero Certificate holds
// nothing (see IsZero).
type Certificate struct {
	s *certificateState
}

type certificateState struct {
	key     crypto.Signer
	der     []byte
	expires time.Time
	// cert is parsed on the first call of X509: a connection never needs
	// it, and it is several KiB per connection.
	parsed sync.Once
	cert   *x509.Certificate
	// sha256 is the SHA-256 fingerprint, the one getFingerprints returns.
	sha256 DTLSFingerprint
}

// DTLSFingerprint is the W3C RTCDtlsFingerprint dictionary (§5.5.1): a hash
// function name from the IANA "Hash Function Textual Names" registry and the
// certificate's fingerprint as lower-case hex byte pairs separated by ":"
// (RFC 4572 §5 syntax).
type DTLSFingerprint struct {
	// Algorithm is the hash function's textual name, such as "sha-256".
	Algorithm string `json:"algorithm"`
	// Value is the fingerprint, such as "ab:01:…".
	Value string `json:"value"`
}

// GenerateCertificate is the W3C RTCPeerConnection.generateCertificate
// method (§4.9): it generates a key pair and a self-signed certificate as
// alg says. Like a browser's, the certificate carries nothing that identifies
// the user: a random 127-bit positive serial number, a random common name,
// validity from one day before now (to tolerate clock skew) to now plus
// alg.Expires, and an ecdsa-with-SHA256 or sha256WithRSAEncryption signature.
//
// Errors follow WebCrypto's "normalize an algorithm" and the spec's step 6:
// an unknown Name, an unsupported NamedCurve, Hash or PublicExponent, or a
// ModulusLength outside 2048–8192 is ErrNotSupported; a missing member that
// WebCrypto requires (NamedCurve for ECDSA, ModulusLength or Hash for RSA) or a
// negative Expires (an [EnforceRange] unsigned value) is ErrType; a failure
// of key generation is ErrOperation.
func GenerateCertificate(alg KeygenAlgorithm) (Certificate, error) {
	expires := alg.Expires
	switch {
	case expires < 0:
		return Certificate{}, newError(ErrType, "expires %v is negative", expires)
	case expires == 0:
		expires = defaultCertificateExpires
	case expires > maxCertificateExpires:
		expires = maxCertificateExpires
	}
	var (
		key    crypto.Signer
		sigAlg x509.SignatureAlgorithm
		err    error
	)
	switch {
	case strings.EqualFold(alg.Name, algECDSA):
		switch alg.NamedCurve {
		case "":
			return Certificate{}, newError(ErrType, "ECDSA needs a namedCurve")
		case "P-256":
		default:
			return Certificate{}, newError(ErrNotSupported, "ECDSA curve %q is not supported; use \"P-256\"", alg.NamedCurve)
		}
		key, err = ecdsa.GenerateKey(elliptic.P256(), certificateRand)
		sigAlg = x509.ECDSAWithSHA256
	case strings.EqualFold(alg.Name, algRSAPKCS1):
		// WebCrypto converts the dictionary (missing required members are a
		// TypeError) before it judges the values.
		switch {
		case alg.ModulusLength == 0:
			return Certificate{}, newError(ErrType, "RSASSA-PKCS1-v1_5 needs a modulusLength")
		case alg.Hash == "":
			return Certificate{}, newError(ErrType, "RSASSA-PKCS1-v1_5 needs a hash")
		case !strings.EqualFold(alg.Hash, "SHA-256"):
			return Certificate{}, newError(ErrNotSupported, "RSA hash %q is not supported; use \"SHA-256\"", alg.Hash)
		case alg.ModulusLength < minRSABits || alg.ModulusLength > maxRSABits:
			return Certificate{}, newError(ErrNotSupported, "RSA modulusLength %d is not supported; use %d to %d", alg.ModulusLength, minRSABits, maxRSABits)
		case alg.PublicExponent != 0 && alg.PublicExponent != 65537:
			return Certificate{}, newError(ErrNotSupported, "RSA publicExponent %d is not supported; use 65537", alg.PublicExponent)
		}
		key, err = rsa.GenerateKey(certificateRand, alg.ModulusLength)
		sigAlg = x509.SHA256WithRSA
	default:
		return Certificate{}, newError(ErrNotSupported, "key algorithm %q is not supported; use \"ECDSA\" or \"RSASSA-PKCS1-v1_5\"", alg.Name)
	}
	if err != nil {
		return Certificate{}, newError(ErrOperation, "generating the %s key: %v", alg.Name, err)
	}
	now := timeNow()
	// 127 random bits: positive and at most 16 octets (RFC 5280 §4.1.2.2).
	serial, err := rand.Int(certificateRand, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return Certificate{}, newError(ErrOperation, "generating the serial number: %v", err)
	}
	serial.SetBit(serial, 0, 1) // never zero
	var name [8]byte
	if _, err := certificateRand.Read(name[:]); err != nil {
		return Certificate{}, newError(ErrOperation, "generating the common name: %v", err)
	}
	notBefore, notAfter := now.Add(-24*time.Hour), now.Add(expires).Truncate(time.Second)
	cn := hex.EncodeToString(name[:])
	var der []byte
	if k, ok := key.(*ecdsa.PrivateKey); ok {
		der, err = selfSignedECDSA(certificateRand, k, serial, cn, notBefore, notAfter)
	} else {
		tmpl := &x509.Certificate{
			SerialNumber:       serial,
			Subject:            pkix.Name{CommonName: cn},
			NotBefore:          notBefore,
			NotAfter:           notAfter,
			SignatureAlgorithm: sigAlg,
		}
		der, err = x509.CreateCertificate(certificateRand, tmpl, tmpl, key.Public(), key)
	}
	if err != nil {
		return Certificate{}, newError(ErrOperation, "signing the certificate: %v", err)
	}
	// The key is the certificate's by construction: no parse, no check.
	return certificateOf(key, der, notAfter), nil
}

// NewCertificate wraps an existing key and DER certificate as a Certificate,
// for keys kept elsewhere (a file, a hardware module). The key's public half
// must be ECDSA on P-256 or RSA of 2048 to 8192 bits (otherwise
// ErrNotSupported) and equal the certificate's public key (otherwise
// ErrInvalidAccess); malformed DER is ErrSyntax. The certificate's signature
// is not checked: only its key and fingerprint matter to WebRTC (§4.9).
// Expires is the certificate's NotAfter. certDER is copied.
func NewCertificate(key crypto.Signer, certDER []byte) (Certificate, error) {
	if key == nil {
		return Certificate{}, newError(ErrType, "the private key is nil")
	}
	return newCertificate(key, bytes.Clone(certDER))
}

// newCertificate checks key and der (which it keeps) and builds the Certificate.
func newCertificate(key crypto.Signer, der []byte) (Certificate, error) {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Certificate{}, newError(ErrSyntax, "parsing the certificate: %v", err)
	}
	if err := certCheckKey(key.Public()); err != nil {
		return Certificate{}, err
	}
	type equaler interface{ Equal(crypto.PublicKey) bool }
	pub, ok := key.Public().(equaler)
	if !ok || !pub.Equal(cert.PublicKey) {
		return Certificate{}, newError(ErrInvalidAccess, "the private key does not match the certificate's public key")
	}
	c := certificateOf(key, der, cert.NotAfter)
	c.s.parsed.Do(func() { c.s.cert = cert })
	return c, nil
}

func certificateOf(key crypto.Signer, der []byte, expires time.Time) Certificate {
	s := &certificateState{key: key, der: der, expires: expires}
	s.sha256 = DTLSFingerprint{Algorithm: "sha-256", Value: certFingerprintValue(certSHA256(der))}
	return Certificate{s: s}
}

func certSHA256(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

// certCheckKey accepts the public key types this package signs DTLS
// handshakes with: ECDSA P-256, and RSA of 2048 to 8192 bits.
func certCheckKey(pub crypto.PublicKey) error {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return newError(ErrNotSupported, "ECDSA curve %s is not supported; use P-256", k.Curve.Params().Name)
		}
	case *rsa.PublicKey:
		if bits := k.N.BitLen(); bits < minRSABits || bits > maxRSABits {
			return newError(ErrNotSupported, "RSA key of %d bits is not supported; use %d to %d", bits, minRSABits, maxRSABits)
		}
	default:
		return newError(ErrNotSupported, "key type %T is not supported; use ECDSA P-256 or RSA", pub)
	}
	return nil
}

// IsZero reports whether c is the zero Certificate, which holds no key.
func (c Certificate) IsZero() bool { return c.s == nil }

// Expires is the W3C RTCCertificate.expires attribute (§4.9.2): the time
// after which the certificate is invalid, here its X.509 NotAfter. A
// PeerConnection refuses an expired certificate. It is the zero time for the
// zero Certificate.
func (c Certificate) Expires() time.Time {
	if c.s == nil {
		return time.Time{}
	}
	return c.s.expires
}

// GetFingerprints is the W3C RTCCertificate.getFingerprints method (§4.9.2):
// the certificate's fingerprints, one of them with the digest of its
// signature algorithm. It returns one, SHA-256, the hash both key types sign
// with and the one WebRTC endpoints put in a=fingerprint. The slice is the
// caller's. It is nil for the zero Certificate.
func (c Certificate) GetFingerprints() []DTLSFingerprint {
	if c.s == nil {
		return nil
	}
	return []DTLSFingerprint{c.s.sha256}
}

// Fingerprint returns the certificate's fingerprint (RFC 8122 §5) with the
// named hash function, one of "sha-1", "sha-224", "sha-256", "sha-384" and
// "sha-512" (the IANA textual names, matched case-insensitively). Another name,
// including "md5" and "md2", which RFC 8122 §5 forbids, is ErrNotSupported;
// the zero Certificate gives ErrInvalidState.
func (c Certificate) Fingerprint(algorithm string) (DTLSFingerprint, error) {
	if c.s == nil {
		return DTLSFingerprint{}, newError(ErrInvalidState, "the Certificate is zero")
	}
	var sum []byte
	name := strings.ToLower(algorithm)
	switch name {
	case "sha-1":
		h := sha1.Sum(c.s.der)
		sum = h[:]
	case "sha-224":
		h := sha256.Sum224(c.s.der)
		sum = h[:]
	case "sha-256":
		return c.s.sha256, nil
	case "sha-384":
		h := sha512.Sum384(c.s.der)
		sum = h[:]
	case "sha-512":
		h := sha512.Sum512(c.s.der)
		sum = h[:]
	default:
		return DTLSFingerprint{}, newError(ErrNotSupported, "fingerprint hash function %q is not supported", algorithm)
	}
	return DTLSFingerprint{Algorithm: name, Value: certFingerprintValue(sum)}, nil
}

// certFingerprintValue formats sum as lower-case hex byte pairs joined by ":".
func certFingerprintValue(sum []byte) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 0, 3*len(sum))
	for i, x := range sum {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, digits[x>>4], digits[x&0xf])
	}
	return string(b)
}

// PrivateKey returns the certificate's private key, for signing the DTLS
// handshake. It is nil for the zero Certificate.
func (c Certificate) PrivateKey() crypto.Signer {
	if c.s == nil {
		return nil
	}
	return c.s.key
}

// DER returns a copy of the certificate in DER form, as DTLS sends it. It is
// nil for the zero Certificate.
func (c Certificate) DER() []byte {
	if c.s == nil {
		return nil
	}
	return bytes.Clone(c.s.der)
}

// X509 returns the parsed certificate. It is shared by all copies of c and
// must not be modified. It is nil for the zero Certificate.
func (c Certificate) X509() *x509.Certificate {
	if c.s == nil {
		return nil
	}
	c.s.parsed.Do(func() {
		// The DER was parsed or built by this package: it parses.
		c.s.cert, _ = x509.ParseCertificate(c.s.der)
	})
	return c.s.cert
}

// PEM encodes the certificate and its private key as a "CERTIFICATE" block
// followed by a PKCS #8 "PRIVATE KEY" block, so that an application can store
// a Certificate and keep the same fingerprint across runs (the W3C
// specification's persistence requirement, §4.9.2); CertificateFromPEM reads
// it back. It fails for the zero Certificate and for a key that cannot be
// exported (such as one held in a hardware module). The result holds the
// private key in the clear: store it as a secret.
func (c Certificate) PEM() ([]byte, error) {
	if c.s == nil {
		return nil, newError(ErrInvalidState, "the Certificate is zero")
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.s.key)
	if err != nil {
		return nil, newError(ErrNotSupported, "the private key (%T) cannot be exported: %v", c.s.key, err)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.s.der})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...), nil
}

// CertificateFromPEM reads a Certificate from PEM data holding exactly one
// "CERTIFICATE" block and one private key block, in either order: PKCS #8
// "PRIVATE KEY" (what PEM writes), SEC 1 "EC PRIVATE KEY" or PKCS #1
// "RSA PRIVATE KEY". Other blocks and text between blocks are ignored. A
// missing, repeated or malformed block is ErrSyntax; an unsupported key is
// ErrNotSupported; a key that does not match the certificate is
// ErrInvalidAccess. Expires is the certificate's NotAfter.
func CertificateFromPEM(b []byte) (Certificate, error) {
	var certDER []byte
	var key crypto.Signer
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		var err error
		switch blk.Type {
		case "CERTIFICATE":
			if certDER != nil {
				return Certificate{}, newError(ErrSyntax, "PEM holds more than one CERTIFICATE block")
			}
			certDER = blk.Bytes
			continue
		case "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY":
			if key != nil {
				return Certificate{}, newError(ErrSyntax, "PEM holds more than one private key block")
			}
			key, err = certParsePEMKey(blk)
		default:
			continue
		}
		if err != nil {
			return Certificate{}, err
		}
	}
	switch {
	case certDER == nil:
		return Certificate{}, newError(ErrSyntax, "PEM holds no CERTIFICATE block")
	case key == nil:
		return Certificate{}, newError(ErrSyntax, "PEM holds no PRIVATE KEY block")
	}
	return newCertificate(key, certDER)
}

// certParsePEMKey decodes one private key block.
func certParsePEMKey(blk *pem.Block) (crypto.Signer, error) {
	var k any
	var err error
	switch blk.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	default:
		panic("BUG: certParsePEMKey called with block " + blk.Type)
	}
	if err != nil {
		return nil, newError(ErrSyntax, "parsing the %s block: %v", blk.Type, err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, newError(ErrNotSupported, "private key type %T cannot sign", k)
	}
	return s, nil
}
