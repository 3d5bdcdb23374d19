package dtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"errors"
	"io"
	"time"
)

// Certificate is a local certificate: a DER chain, leaf first, and the
// private key of the leaf. WebRTC peers use one self-signed certificate
// (RFC 8827 §6.5).
type Certificate struct {
	Chain      [][]byte
	PrivateKey crypto.Signer
}

// CertificateFromTLS converts a crypto/tls certificate.
func CertificateFromTLS(c tls.Certificate) (Certificate, error) {
	s, ok := c.PrivateKey.(crypto.Signer)
	if !ok || len(c.Certificate) == 0 {
		return Certificate{}, errors.New("dtls: tls.Certificate has no chain or no signing key")
	}
	return Certificate{Chain: c.Certificate, PrivateKey: s}, nil
}

// keyKind says whether the key signs for ECDSA suites (true) or RSA suites.
func (c *Certificate) ecdsaKey() (ecdsaSuites, ok bool) {
	switch c.PrivateKey.Public().(type) {
	case *ecdsa.PublicKey, ed25519.PublicKey:
		// RFC 8422 §5.1: Ed25519 certificates use the ECDSA suites.
		return true, true
	case *rsa.PublicKey:
		return false, true
	}
	return false, false
}

// Config configures a Conn. Rand and Certificate are required, and either
// ExpectedFingerprints, VerifyPeerCertificate or InsecureSkipVerify.
type Config struct {
	// Certificate is presented to the peer; both sides present one in
	// WebRTC (RFC 8827 §6.5).
	Certificate Certificate
	// Rand is the source of all randomness (hello randoms, ECDHE keys,
	// cookie secret, signatures). Callers pass crypto/rand.Reader.
	Rand io.Reader
	// CipherSuites in preference order; nil means DefaultCipherSuites.
	CipherSuites []CipherSuite
	// Groups for ECDHE in preference order; nil means DefaultGroups.
	Groups []Group
	// SignatureSchemes in preference order; nil means
	// DefaultSignatureSchemes.
	SignatureSchemes []SignatureScheme
	// SRTPProfiles offered or accepted in use_srtp (RFC 5764 §4.1.1), in
	// preference order; nil means DefaultSRTPProfiles, empty means no
	// use_srtp extension.
	SRTPProfiles []SRTPProtectionProfile
	// ALPN protocols (RFC 7301), in preference order; optional.
	ALPN []string
	// ExpectedFingerprints are the peer's a=fingerprint values from SDP
	// (RFC 8122 §5); the peer's certificate must match one.
	ExpectedFingerprints []Fingerprint
	// VerifyPeerCertificate, if set, is called with the peer's DER chain
	// after the fingerprint check; an error fails the handshake.
	VerifyPeerCertificate func(chain [][]byte) error
	// InsecureSkipVerify accepts any peer certificate (tests only).
	InsecureSkipVerify bool
	// MTU is the largest datagram the Conn emits during the handshake;
	// zero means 1200.
	MTU int
	// InitialRetransmit is the first retransmission timeout; zero means
	// 1 s (RFC 6347 §4.2.4.1).
	InitialRetransmit time.Duration
	// MaxRetransmit caps the doubled timeout; zero means 60 s (RFC 6347
	// §4.2.4.1).
	MaxRetransmit time.Duration
	// MaxRetransmissions is how often one flight is resent before the
	// handshake fails; zero means 10.
	MaxRetransmissions int
	// DisableHelloVerify makes a server skip the cookie exchange of RFC
	// 6347 §4.2.1: it answers the first ClientHello with its flight at
	// once, which saves a round trip and a second ClientHello.
	//
	// The cookie proves that the client receives datagrams at its source
	// address. Without it, a ClientHello with a forged source makes the
	// server create handshake state and send its flight (several times
	// larger, certificate included) to the forged address. RFC 6347
	// §4.2.1 lets a server skip the exchange "in an environment where
	// amplification is not a problem". WebRTC is one when DTLS runs only on
	// an ICE candidate pair whose remote address has been validated by
	// STUN connectivity checks carrying the credentials exchanged in
	// signalling (RFC 8445 §12.1, RFC 7675): the ICE layer has already done
	// what the cookie does. The driver must then give the server only
	// datagrams from such an address and send its answers only there. Do
	// not set it on a server that takes DTLS from addresses nothing has
	// validated.
	//
	// Without the cookie the first ClientHello creates the handshake
	// state. A duplicate or replayed ClientHello never creates a second
	// one: its message_seq is below next_receive_seq, so it only makes the
	// server resend its current flight (RFC 6347 §4.2.4), at most once per
	// datagram received, into the bounded transmit queue. Clients handle
	// servers with and without the exchange alike (RFC 6347 §4.2.1:
	// "Clients MUST be prepared to do a cookie exchange with every
	// handshake").
	DisableHelloVerify bool
}

func (c *Config) mtu() int {
	if c.MTU == 0 {
		return 1200
	}
	return c.MTU
}

func (c *Config) initialRTO() time.Duration {
	if c.InitialRetransmit <= 0 {
		return time.Second
	}
	return c.InitialRetransmit
}

func (c *Config) maxRTO() time.Duration {
	if c.MaxRetransmit <= 0 {
		return 60 * time.Second
	}
	return c.MaxRetransmit
}

func (c *Config) maxRetransmissions() int {
	if c.MaxRetransmissions <= 0 {
		return 10
	}
	return c.MaxRetransmissions
}

func (c *Config) suites() []CipherSuite {
	if c.CipherSuites == nil {
		return DefaultCipherSuites
	}
	return c.CipherSuites
}

func (c *Config) groups() []Group {
	if c.Groups == nil {
		return DefaultGroups
	}
	return c.Groups
}

func (c *Config) schemes() []SignatureScheme {
	if c.SignatureSchemes == nil {
		return DefaultSignatureSchemes
	}
	return c.SignatureSchemes
}

func (c *Config) srtpProfiles() []SRTPProtectionProfile {
	if c.SRTPProfiles == nil {
		return DefaultSRTPProfiles
	}
	return c.SRTPProfiles
}

// ErrConfig reports an unusable Config.
var ErrConfig = errors.New("dtls: invalid config")

func (c *Config) validate() error {
	switch {
	case c.Rand == nil:
		return errors.Join(ErrConfig, errors.New("config has no Rand"))
	case len(c.Certificate.Chain) == 0 || c.Certificate.PrivateKey == nil:
		return errors.Join(ErrConfig, errors.New("no certificate"))
	case len(c.ExpectedFingerprints) == 0 && c.VerifyPeerCertificate == nil && !c.InsecureSkipVerify:
		return errors.Join(ErrConfig, errors.New("no way to verify the peer: set ExpectedFingerprints"))
	case c.MTU != 0 && c.MTU < 200:
		return errors.Join(ErrConfig, errors.New("MTU below 200"))
	}
	if _, ok := c.Certificate.ecdsaKey(); !ok {
		return errors.Join(ErrConfig, errors.New("unsupported private key type"))
	}
	for _, s := range c.suites() {
		if suiteByID(s) == nil {
			return errors.Join(ErrConfig, errors.New("unsupported cipher suite "+s.String()))
		}
	}
	for _, g := range c.groups() {
		if cv, _ := g.curve(); cv == nil {
			return errors.Join(ErrConfig, errors.New("unsupported group "+g.String()))
		}
	}
	for _, f := range c.ExpectedFingerprints {
		if _, ok := fingerprintHash(f.Algorithm); !ok {
			return errors.Join(ErrConfig, ErrFingerprintAlgorithm)
		}
	}
	return nil
}
