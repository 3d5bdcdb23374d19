package webrtc

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/asn1"
	"io"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The object identifiers of a self-signed ECDSA P-256 certificate.
var (
	oidECDSAWithSHA256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2} // RFC 5758 §3.2
	oidECPublicKey     = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}    // RFC 5480 §2.1.1
	oidPrime256v1      = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7} // RFC 5480 §2.1.1.1
	oidCommonName      = asn1.ObjectIdentifier{2, 5, 4, 3}                // X.520
)

// selfSignedECDSA encodes and signs the DER of a self-signed X.509 v3
// certificate (RFC 5280 §4.1) for an ECDSA P-256 key: the serial number, a
// common name (hex digits, a PrintableString) as issuer and subject, the validity, the public key and an
// ecdsa-with-SHA256 signature, and no extensions — what a browser's WebRTC
// certificate holds. It is what x509.CreateCertificate would produce for the
// same template, without that function's parsing and verifying of its own
// output, which costs more than the signature (a PeerConnection generates
// one of these each time it is created).
func selfSignedECDSA(rnd io.Reader, key *ecdsa.PrivateKey, serial *big.Int, cn string, notBefore, notAfter time.Time) ([]byte, error) {
	point, err := key.PublicKey.Bytes() // uncompressed, RFC 5480 §2.2
	if err != nil {
		return nil, err
	}
	sigAlg := func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidECDSAWithSHA256) })
	}
	name := func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // RDNSequence
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { // RelativeDistinguishedName
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // AttributeTypeAndValue
					b.AddASN1ObjectIdentifier(oidCommonName)
					b.AddASN1(cbasn1.PrintableString, func(b *cryptobyte.Builder) { b.AddBytes([]byte(cn)) })
				})
			})
		})
	}
	// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after.
	addTime := func(b *cryptobyte.Builder, t time.Time) {
		if t.UTC().Year() < 2050 {
			b.AddASN1UTCTime(t.UTC())
		} else {
			b.AddASN1GeneralizedTime(t.UTC())
		}
	}
	// The builders start with room for the whole encoding (a P-256
	// certificate is about 300 bytes), so that they do not grow by
	// reallocation.
	tb := cryptobyte.NewBuilder(make([]byte, 0, 384))
	tb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) }) // v3
		b.AddASN1BigInt(serial)
		sigAlg(b)
		name(b) // issuer
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addTime(b, notBefore)
			addTime(b, notAfter)
		})
		name(b)                                                  // subject
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SubjectPublicKeyInfo
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidECPublicKey)
				b.AddASN1ObjectIdentifier(oidPrime256v1)
			})
			b.AddASN1BitString(point)
		})
	})
	tbs, err := tb.Bytes()
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(tbs)
	sig, err := key.Sign(rnd, digest[:], crypto.SHA256)
	if err != nil {
		return nil, err
	}
	cb := cryptobyte.NewBuilder(make([]byte, 0, len(tbs)+96))
	cb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		sigAlg(b)
		b.AddASN1BitString(sig)
	})
	return cb.Bytes()
}
