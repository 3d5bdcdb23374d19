package webrtc_test

import (
	"fmt"
	"log"

	webrtc "github.com/c4c1f6e1/webrtc"
)

// A certificate is generated once, stored as PEM (with its private key) and
// loaded on the next run, so that the DTLS fingerprint a peer may have pinned
// stays the same.
func ExampleGenerateCertificate() {
	cert, err := webrtc.GenerateCertificate(webrtc.ECDSAP256)
	if err != nil {
		log.Fatal(err)
	}
	fp := cert.GetFingerprints()[0]
	fmt.Println(fp.Algorithm, len(fp.Value), "characters")

	stored, err := cert.PEM() // keep this secret: it holds the private key
	if err != nil {
		log.Fatal(err)
	}
	loaded, err := webrtc.CertificateFromPEM(stored)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("same fingerprint:", loaded.GetFingerprints()[0] == fp)
	fmt.Println("same expiry:", loaded.Expires().Equal(cert.Expires()))
	// Output:
	// sha-256 95 characters
	// same fingerprint: true
	// same expiry: true
}
