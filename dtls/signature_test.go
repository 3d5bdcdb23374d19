package dtls

import (
	"testing"
)

func TestSignVerifyEachScheme(t *testing.T) {
	cases := map[string][]SignatureScheme{
		"ecdsa":    {ECDSAWithP256AndSHA256, ECDSAWithP384AndSHA384},
		"ecdsa384": {ECDSAWithP384AndSHA384},
		"rsa":      {PKCS1WithSHA256, PKCS1WithSHA384, PSSWithSHA256, PSSWithSHA384},
		"ed25519":  {Ed25519},
	}
	msg := []byte("client_random + server_random + params")
	for kind, schemes := range cases {
		cert := testCert(t, kind)
		pub := cert.PrivateKey.Public()
		for _, s := range schemes {
			sig, err := sign(cert.PrivateKey, newSeededRand(3), s, msg)
			if err != nil {
				t.Fatalf("%s %v: %v", kind, s, err)
			}
			if err := verify(pub, s, msg, sig); err != nil {
				t.Fatalf("%s %v: %v", kind, s, err)
			}
			if err := verify(pub, s, append(msg, 0), sig); err == nil {
				t.Fatalf("%s %v: signature over another message verified", kind, s)
			}
		}
		if err := verify(pub, Ed25519+1, msg, []byte{1}); err == nil {
			t.Fatalf("%s: unknown scheme accepted", kind)
		}
	}
	t.Logf("# we sign with the hash that matches the ECDSA curve when the peer allows it")
	p384 := testCert(t, "ecdsa384").PrivateKey.Public()
	if s, ok := chooseScheme(DefaultSignatureSchemes, DefaultSignatureSchemes, p384); !ok || s != ECDSAWithP384AndSHA384 {
		t.Fatalf("chose %v", s)
	}
	if s, ok := chooseScheme(DefaultSignatureSchemes, []SignatureScheme{ECDSAWithP256AndSHA256}, p384); !ok || s != ECDSAWithP256AndSHA256 {
		t.Fatalf("fallback chose %v %v", s, ok)
	}
	if _, ok := chooseScheme(DefaultSignatureSchemes, []SignatureScheme{PKCS1WithSHA256}, p384); ok {
		t.Fatal("RSA scheme chosen for an ECDSA key")
	}
}
