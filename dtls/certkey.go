package dtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// errCertificateKey reports a peer certificate key this package cannot
// verify signatures with.
var errCertificateKey = errors.New("dtls: unsupported certificate key")

// certificatePublicKey returns the subjectPublicKeyInfo key of a DER
// certificate (RFC 5280 §4.1). Only the envelope and the TBSCertificate
// fields before the key are walked: in WebRTC the certificate is
// authenticated by its SDP fingerprint (RFC 8122 §5), not by its contents,
// so the handshake needs nothing but the key the peer signs with, and the
// names, validity and extensions that x509.ParseCertificate would decode
// are not looked at. Callers who want them get the chain from
// Config.VerifyPeerCertificate or PeerCertificates.
func certificatePublicKey(der []byte) (crypto.PublicKey, error) {
	in := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	var spki []byte
	if !in.ReadASN1(&cert, asn1.SEQUENCE) || !in.Empty() ||
		!cert.ReadASN1(&tbs, asn1.SEQUENCE) ||
		!cert.SkipASN1(asn1.SEQUENCE) || // signatureAlgorithm
		!cert.SkipASN1(asn1.BIT_STRING) || // signatureValue
		!cert.Empty() ||
		!tbs.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) || // version
		!tbs.SkipASN1(asn1.INTEGER) || // serialNumber
		!tbs.SkipASN1(asn1.SEQUENCE) || // signature
		!tbs.SkipASN1(asn1.SEQUENCE) || // issuer
		!tbs.SkipASN1(asn1.SEQUENCE) || // validity
		!tbs.SkipASN1(asn1.SEQUENCE) || // subject
		!tbs.ReadASN1Element((*cryptobyte.String)(&spki), asn1.SEQUENCE) {
		return nil, errors.New("dtls: malformed certificate")
	}
	pub, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		return nil, errors.Join(errCertificateKey, err)
	}
	switch pub.(type) {
	case *ecdsa.PublicKey, *rsa.PublicKey, ed25519.PublicKey:
		return pub, nil
	}
	return nil, errCertificateKey
}
