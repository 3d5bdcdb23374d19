package dtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"io"
	"slices"
)

// SignatureScheme is a TLS 1.2 SignatureAndHashAlgorithm (RFC 5246
// §7.4.1.4.1), written as the two-byte code point RFC 8446 §4.2.3 named.
type SignatureScheme uint16

// Signature schemes this package signs and verifies with.
const (
	ECDSAWithP256AndSHA256 SignatureScheme = 0x0403
	ECDSAWithP384AndSHA384 SignatureScheme = 0x0503
	PKCS1WithSHA256        SignatureScheme = 0x0401
	PKCS1WithSHA384        SignatureScheme = 0x0501
	PSSWithSHA256          SignatureScheme = 0x0804
	PSSWithSHA384          SignatureScheme = 0x0805
	Ed25519                SignatureScheme = 0x0807
)

// DefaultSignatureSchemes is the preference order used when
// Config.SignatureSchemes is empty.
var DefaultSignatureSchemes = []SignatureScheme{
	ECDSAWithP256AndSHA256, ECDSAWithP384AndSHA384,
	PSSWithSHA256, PKCS1WithSHA256, PSSWithSHA384, PKCS1WithSHA384, Ed25519,
}

// String returns the RFC 8446 name of the scheme.
func (s SignatureScheme) String() string {
	switch s {
	case ECDSAWithP256AndSHA256:
		return "ecdsa_secp256r1_sha256"
	case ECDSAWithP384AndSHA384:
		return "ecdsa_secp384r1_sha384"
	case PKCS1WithSHA256:
		return "rsa_pkcs1_sha256"
	case PKCS1WithSHA384:
		return "rsa_pkcs1_sha384"
	case PSSWithSHA256:
		return "rsa_pss_rsae_sha256"
	case PSSWithSHA384:
		return "rsa_pss_rsae_sha384"
	case Ed25519:
		return "ed25519"
	}
	return fmt.Sprintf("SignatureScheme(%#04x)", uint16(s))
}

type sigKind int

const (
	sigECDSA sigKind = iota + 1
	sigPKCS1
	sigPSS
	sigEd25519
)

func (s SignatureScheme) params() (sigKind, crypto.Hash) {
	switch s {
	case ECDSAWithP256AndSHA256:
		return sigECDSA, crypto.SHA256
	case ECDSAWithP384AndSHA384:
		return sigECDSA, crypto.SHA384
	case PKCS1WithSHA256:
		return sigPKCS1, crypto.SHA256
	case PKCS1WithSHA384:
		return sigPKCS1, crypto.SHA384
	case PSSWithSHA256:
		return sigPSS, crypto.SHA256
	case PSSWithSHA384:
		return sigPSS, crypto.SHA384
	case Ed25519:
		return sigEd25519, 0
	}
	return 0, 0
}

// fitsKey reports whether scheme s can be used with public key pub. In TLS
// 1.2 an ECDSA hash is not bound to the curve (RFC 5246 §7.4.1.4.1), so a
// peer's signature is accepted with either hash (strict false); when we
// sign we pair them as TLS 1.3 does (strict true).
func (s SignatureScheme) fitsKey(pub crypto.PublicKey, strict bool) bool {
	kind, _ := s.params()
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if kind != sigECDSA {
			return false
		}
		if !strict {
			return true
		}
		switch k.Curve {
		case elliptic.P256():
			return s == ECDSAWithP256AndSHA256
		case elliptic.P384():
			return s == ECDSAWithP384AndSHA384
		}
		return false
	case *rsa.PublicKey:
		return kind == sigPKCS1 || kind == sigPSS
	case ed25519.PublicKey:
		return kind == sigEd25519
	}
	return false
}

// chooseScheme picks the first of ours that the peer offered and that fits
// the key, preferring the hash that matches an ECDSA curve.
func chooseScheme(ours, peers []SignatureScheme, pub crypto.PublicKey) (SignatureScheme, bool) {
	for _, strict := range []bool{true, false} {
		for _, s := range ours {
			if s.fitsKey(pub, strict) && slices.Contains(peers, s) {
				return s, true
			}
		}
	}
	return 0, false
}

// sign produces the digitally-signed struct contents of RFC 5246 §4.7 over
// msg with scheme s.
func sign(signer crypto.Signer, r io.Reader, s SignatureScheme, msg []byte) ([]byte, error) {
	kind, h := s.params()
	switch kind {
	case sigEd25519:
		return signer.Sign(r, msg, crypto.Hash(0))
	case sigPSS:
		d := digest(h, msg)
		return signer.Sign(r, d, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h})
	case sigECDSA, sigPKCS1:
		return signer.Sign(r, digest(h, msg), h)
	}
	return nil, errors.New("dtls: unsupported signature scheme")
}

// digest hashes msg with h.
func digest(h crypto.Hash, msg []byte) []byte {
	switch h {
	case crypto.SHA256:
		d := sha256.Sum256(msg)
		return d[:]
	case crypto.SHA384:
		d := sha512.Sum384(msg)
		return d[:]
	}
	x := h.New()
	x.Write(msg)
	return x.Sum(nil)
}

// errSignature reports a signature that does not verify.
var errSignature = errors.New("dtls: signature verification failed")

// verify checks a signature by pub over msg with scheme s.
func verify(pub crypto.PublicKey, s SignatureScheme, msg, sig []byte) error {
	if !s.fitsKey(pub, false) {
		return fmt.Errorf("dtls: signature scheme %v does not fit the certificate key", s)
	}
	kind, h := s.params()
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(k, digest(h, msg), sig) {
			return errSignature
		}
	case *rsa.PublicKey:
		var err error
		if kind == sigPSS {
			err = rsa.VerifyPSS(k, h, digest(h, msg), sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		} else {
			err = rsa.VerifyPKCS1v15(k, h, digest(h, msg), sig)
		}
		if err != nil {
			return errSignature
		}
	case ed25519.PublicKey:
		if !ed25519.Verify(k, msg, sig) {
			return errSignature
		}
	default:
		return errors.New("dtls: unsupported certificate key")
	}
	return nil
}
