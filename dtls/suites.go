package dtls

import (
	"crypto"
	"fmt"
)

// CipherSuite identifies a TLS cipher suite (IANA TLS Cipher Suites registry).
type CipherSuite uint16

// The cipher suites this package implements: ECDHE key agreement (RFC 8422
// §6) with AES-GCM (RFC 5289 §3) or ChaCha20-Poly1305 (RFC 7905 §2), signed
// with ECDSA or RSA certificates.
const (
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256       CipherSuite = 0xc02b
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384       CipherSuite = 0xc02c
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         CipherSuite = 0xc02f
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384         CipherSuite = 0xc030
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   CipherSuite = 0xcca8
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 CipherSuite = 0xcca9
)

// scsvRenegotiation is TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3).
const scsvRenegotiation CipherSuite = 0x00ff

type cipherSuite struct {
	id     CipherSuite
	name   string
	ecdsa  bool // certificate type: ECDSA (else RSA)
	keyLen int
	ivLen  int // fixed IV length in the key block (RFC 5288 §3, RFC 7905 §2)
	chacha bool
	hash   crypto.Hash // PRF hash (RFC 5246 §5, RFC 5289 §3)
}

var cipherSuites = []*cipherSuite{
	{TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", true, 16, 4, false, crypto.SHA256},
	{TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", true, 32, 4, false, crypto.SHA384},
	{TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", true, 32, 12, true, crypto.SHA256},
	{TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", false, 16, 4, false, crypto.SHA256},
	{TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false, 32, 4, false, crypto.SHA384},
	{TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, 32, 12, true, crypto.SHA256},
}

// DefaultCipherSuites is the preference order used when Config.CipherSuites
// is empty.
var DefaultCipherSuites = []CipherSuite{
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

func suiteByID(id CipherSuite) *cipherSuite {
	for _, s := range cipherSuites {
		if s.id == id {
			return s
		}
	}
	return nil
}

// String returns the IANA name of the suite.
func (c CipherSuite) String() string {
	if s := suiteByID(c); s != nil {
		return s.name
	}
	return fmt.Sprintf("CipherSuite(%#04x)", uint16(c))
}
