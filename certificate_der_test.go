package webrtc

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// TestSelfSignedECDSAMatchesX509 checks the hand-built certificate against
// crypto/x509's for the same template: the to-be-signed parts are the same
// bytes, and the signature verifies.
func TestSelfSignedECDSAMatchesX509(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial := new(big.Int).SetBytes([]byte{0x5a, 0x01, 0xff, 0x80, 0x00, 0x12})
	for _, tc := range []struct{ notBefore, notAfter time.Time }{
		{time.Date(2026, 12, 2, 15, 4, 5, 0, time.UTC), time.Date(2027, 1, 1, 15, 4, 5, 0, time.UTC)},
		// RFC 5280 §4.1.2.5: GeneralizedTime from 2050 on.
		{time.Date(2049, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2050, 1, 2, 0, 0, 0, 0, time.UTC)},
	} {
		der, err := selfSignedECDSA(rand.Reader, key, serial, "0123456789abcdef", tc.notBefore, tc.notAfter)
		if err != nil {
			t.Fatal(err)
		}
		ours, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatalf("x509 cannot parse our certificate: %v", err)
		}
		tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "0123456789abcdef"},
			NotBefore: tc.notBefore, NotAfter: tc.notAfter, SignatureAlgorithm: x509.ECDSAWithSHA256}
		refDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := x509.ParseCertificate(refDER)
		if !bytes.Equal(ours.RawTBSCertificate, ref.RawTBSCertificate) {
			t.Fatalf("TBSCertificate differs from crypto/x509's:\n ours %x\n x509 %x", ours.RawTBSCertificate, ref.RawTBSCertificate)
		}
		if err := ours.CheckSignature(ours.SignatureAlgorithm, ours.RawTBSCertificate, ours.Signature); err != nil {
			t.Fatalf("self-signature: %v", err)
		}
		if !ours.NotAfter.Equal(tc.notAfter) || !ours.NotBefore.Equal(tc.notBefore) {
			t.Fatalf("validity %v–%v", ours.NotBefore, ours.NotAfter)
		}
	}
}
