package dtls

import (
	"crypto"
	"crypto/x509"
	"testing"
)

// TestCertificatePublicKey: the key found by walking the certificate to
// its subjectPublicKeyInfo (RFC 5280 §4.1) is the one x509 parses, for
// every key kind; truncations and trailing bytes are rejected.
func TestCertificatePublicKey(t *testing.T) {
	for _, kind := range []string{"ecdsa", "ecdsa384", "rsa", "ed25519"} {
		der := testCert(t, kind).Chain[0]
		got, err := certificatePublicKey(der)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		if !got.(interface{ Equal(crypto.PublicKey) bool }).Equal(cert.PublicKey) {
			t.Fatalf("%s: key differs from x509's", kind)
		}
		for _, bad := range [][]byte{der[:len(der)-1], append(append([]byte{}, der...), 0), der[:40], nil} {
			if _, err := certificatePublicKey(bad); err == nil {
				t.Fatalf("%s: accepted a %d-byte mangled certificate", kind, len(bad))
			}
		}
	}
}

// FuzzCertificatePublicKey: whatever the input, no panic, and a key found
// in a certificate that x509 also parses is x509's key.
func FuzzCertificatePublicKey(f *testing.F) {
	for _, kind := range []string{"ecdsa", "rsa", "ed25519"} {
		f.Add(testCert(f, kind).Chain[0])
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		got, err := certificatePublicKey(der)
		if err != nil {
			return
		}
		if cert, err := x509.ParseCertificate(der); err == nil {
			if !got.(interface{ Equal(crypto.PublicKey) bool }).Equal(cert.PublicKey) {
				t.Fatal("key differs from x509's")
			}
		}
	})
}
