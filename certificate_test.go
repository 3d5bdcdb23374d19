package webrtc

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixedNow is the clock of these tests; certificates are generated "at" it.
var fixedNow = time.Date(2026, 11, 21, 12, 30, 45, 123456789, time.UTC)

// withClock makes GenerateCertificate see now for the rest of the test.
func withClock(t *testing.T, now time.Time) {
	t.Helper()
	noSpareCertificate(t)
	saved := timeNow
	timeNow = func() time.Time { return now }
	t.Cleanup(func() { spareCertificate.done.Wait(); timeNow = saved })
}

// rsaAlg is the RSASSA-PKCS1-v1_5 keygenAlgorithm the W3C specification
// requires user agents to support (§4.9).
var rsaAlg = KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 2048, PublicExponent: 65537, Hash: "SHA-256"}

// A shared RSA certificate: RSA key generation is slow under -race.
var (
	rsaCertOnce sync.Once
	rsaCert     Certificate
	rsaCertErr  error
)

func sharedRSACertificate(t testing.TB) Certificate {
	t.Helper()
	rsaCertOnce.Do(func() { rsaCert, rsaCertErr = GenerateCertificate(rsaAlg) })
	if rsaCertErr != nil {
		t.Fatalf("GenerateCertificate(RSA 2048): %v", rsaCertErr)
	}
	return rsaCert
}

// wantFingerprint computes the fingerprint of der independently of the
// package: hash, then "%02x" bytes joined by ":".
func wantFingerprint(alg string, der []byte) string {
	var sum []byte
	switch alg {
	case "sha-1":
		h := sha1.Sum(der)
		sum = h[:]
	case "sha-224":
		h := sha256.Sum224(der)
		sum = h[:]
	case "sha-256":
		h := sha256.Sum256(der)
		sum = h[:]
	case "sha-384":
		h := sha512.Sum384(der)
		sum = h[:]
	case "sha-512":
		h := sha512.Sum512(der)
		sum = h[:]
	}
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return strings.Join(parts, ":")
}

// fingerprintSyntax is RFC 4572 §5's fingerprint (2UHEX *(":" 2UHEX)) in the
// lower case the W3C specification asks for (§5.5.1).
var fingerprintSyntax = regexp.MustCompile(`^[0-9a-f]{2}(:[0-9a-f]{2})+$`)

// checkGenerated checks what every generated certificate must be.
func checkGenerated(t *testing.T, c Certificate, now time.Time, expires time.Duration, pub func(crypto.PublicKey) bool, sig x509.SignatureAlgorithm) {
	t.Helper()
	if c.IsZero() {
		t.Fatal("generated certificate is zero")
	}
	x := c.X509()
	t.Log("# the certificate is a self-signed X.509 v3 certificate with a SHA-256 signature (§4.9: SHOULD select SHA-256)")
	if x.Version != 3 || x.SignatureAlgorithm != sig {
		t.Errorf("version %d, signature %v; want 3, %v", x.Version, x.SignatureAlgorithm, sig)
	}
	if err := x.CheckSignature(x.SignatureAlgorithm, x.RawTBSCertificate, x.Signature); err != nil {
		t.Errorf("self-signature does not verify: %v", err)
	}
	if !bytes.Equal(x.RawIssuer, x.RawSubject) {
		t.Error("issuer != subject: not self-signed")
	}
	if !pub(x.PublicKey) {
		t.Errorf("public key %T is not the requested kind", x.PublicKey)
	}
	t.Log("# §4.9: MUST NOT include information that can be linked to a user; randomized name and serial SHOULD be used")
	if x.SerialNumber.Sign() <= 0 || x.SerialNumber.BitLen() > 127 {
		t.Errorf("serial %v is not a positive number of at most 127 bits", x.SerialNumber)
	}
	if len(x.Subject.CommonName) != 16 || len(x.Subject.Names) != 1 {
		t.Errorf("subject %v: want only a random 16-hex-digit common name", x.Subject)
	}
	t.Log("# §4.9 step 8.4: [[Expires]] is the current time plus expires; NotBefore is a day back for clock skew")
	if want := now.Add(expires).Truncate(time.Second); !c.Expires().Equal(want) || !x.NotAfter.Equal(want) {
		t.Errorf("Expires() = %v, NotAfter %v; want %v", c.Expires(), x.NotAfter, want)
	}
	if want := now.Add(-24 * time.Hour).Truncate(time.Second); !x.NotBefore.Equal(want) {
		t.Errorf("NotBefore = %v, want %v", x.NotBefore, want)
	}
	t.Log("# the private key signs, and the certificate's public key verifies it")
	digest := sha256.Sum256([]byte("DTLS handshake"))
	signature, err := c.PrivateKey().Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	switch k := x.PublicKey.(type) {
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(k, digest[:], signature) {
			t.Error("ECDSA signature does not verify with the certificate's key")
		}
	case *rsa.PublicKey:
		if err := rsa.VerifyPKCS1v15(k, crypto.SHA256, digest[:], signature); err != nil {
			t.Errorf("RSA signature does not verify: %v", err)
		}
	}
	t.Log("# getFingerprints: the SHA-256 fingerprint of the DER, lower-case hex pairs (§5.5.1)")
	fps := c.GetFingerprints()
	want := wantFingerprint("sha-256", c.DER())
	if len(fps) != 1 || fps[0].Algorithm != "sha-256" || fps[0].Value != want {
		t.Errorf("GetFingerprints() = %v, want [{sha-256 %s}]", fps, want)
	}
	if !fingerprintSyntax.MatchString(fps[0].Value) {
		t.Errorf("fingerprint %q is not lower-case hex pairs separated by ':'", fps[0].Value)
	}
}

func TestGenerateCertificateECDSA(t *testing.T) {
	withClock(t, fixedNow)
	t.Log("# §4.9: { name: \"ECDSA\", namedCurve: \"P-256\" } MUST be supported")
	c, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, c, fixedNow, 30*24*time.Hour, func(p crypto.PublicKey) bool {
		k, ok := p.(*ecdsa.PublicKey)
		return ok && k.Curve == elliptic.P256()
	}, x509.ECDSAWithSHA256)
	t.Log("# WebCrypto normalizes algorithm names case-insensitively")
	if _, err := GenerateCertificate(KeygenAlgorithm{Name: "ecdsa", NamedCurve: "P-256"}); err != nil {
		t.Errorf("name \"ecdsa\": %v", err)
	}
}

func TestGenerateCertificateRSA(t *testing.T) {
	t.Log("# §4.9: { name: \"RSASSA-PKCS1-v1_5\", modulusLength: 2048, publicExponent: 65537, hash: \"SHA-256\" } MUST be supported")
	withClock(t, fixedNow)
	c, err := GenerateCertificate(rsaAlg)
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, c, fixedNow, 30*24*time.Hour, func(p crypto.PublicKey) bool {
		k, ok := p.(*rsa.PublicKey)
		return ok && k.N.BitLen() == 2048 && k.E == 65537
	}, x509.SHA256WithRSA)
}

func TestGenerateCertificateErrors(t *testing.T) {
	rows := []struct {
		alg  KeygenAlgorithm
		kind error
		why  string
	}{
		{KeygenAlgorithm{Name: "invalid-algo"}, ErrNotSupported, "WPT: invalid algorithm name rejects with NotSupportedError (WebCrypto normalize)"},
		{KeygenAlgorithm{}, ErrNotSupported, "no name: not a registered algorithm"},
		{KeygenAlgorithm{Name: "AES-GCM"}, ErrNotSupported, "§4.9 step 6: MUST be an asymmetric algorithm that can sign"},
		{KeygenAlgorithm{Name: "Ed25519"}, ErrNotSupported, "step 6: an algorithm this user agent will not use"},
		{KeygenAlgorithm{Name: "ECDSA"}, ErrType, "EcKeyGenParams.namedCurve is required: TypeError"},
		{KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-384"}, ErrNotSupported, "only P-256 is accepted"},
		{KeygenAlgorithm{Name: "ECDSA", NamedCurve: "p-256"}, ErrNotSupported, "NamedCurve values are case-sensitive"},
		{KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-256", Expires: -time.Millisecond}, ErrType, "WPT: expires out of [EnforceRange] unsigned long long: TypeError"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", PublicExponent: 65537, Hash: "SHA-256"}, ErrType, "RsaKeyGenParams.modulusLength is required"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 1024, Hash: "SHA-256"}, ErrNotSupported, "RSA 1024 is too weak"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 16384, Hash: "SHA-256"}, ErrNotSupported, "RSA above 8192 bits is refused"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 2048, PublicExponent: 3, Hash: "SHA-256"}, ErrNotSupported, "only exponent 65537"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 2048}, ErrType, "RsaHashedKeyGenParams.hash is required"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 1024}, ErrType, "a missing member (TypeError) is found before a bad value (NotSupportedError)"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 2048, Hash: "SHA-1"}, ErrNotSupported, "only SHA-256"},
		{KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 2048, Hash: "MD5"}, ErrNotSupported, "unknown hash"},
	}
	for _, r := range rows {
		t.Logf("# %+v: %s", r.alg, r.why)
		c, err := GenerateCertificate(r.alg)
		if !errors.Is(err, r.kind) || !c.IsZero() {
			t.Errorf("GenerateCertificate(%+v) = %v, %v; want %v", r.alg, c, err, r.kind)
		}
	}
}

func TestGenerateCertificateRandomFailure(t *testing.T) {
	t.Log("# a failing random source is an OperationError, not a panic")
	noSpareCertificate(t)
	saved := certificateRand
	t.Cleanup(func() { spareCertificate.done.Wait(); certificateRand = saved })
	certificateRand = certFailingReader{}
	if c, err := GenerateCertificate(ECDSAP256); !errors.Is(err, ErrOperation) || !c.IsZero() {
		t.Errorf("GenerateCertificate with failing randomness = %v, %v; want ErrOperation", c, err)
	}
}

type certFailingReader struct{}

func (certFailingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

func TestGenerateCertificateExpires(t *testing.T) {
	withClock(t, fixedNow)
	rows := []struct {
		expires, want time.Duration
		why           string
	}{
		{0, 30 * 24 * time.Hour, "step 2: expires defaults to 2592000000 ms (30 days)"},
		{time.Hour, time.Hour, "step 3.3: expires is taken from the dictionary"},
		{365 * 24 * time.Hour, 365 * 24 * time.Hour, "365 days is allowed"},
		{400 * 24 * time.Hour, 365 * 24 * time.Hour, "step 3.4: more than 31536000000 ms is capped"},
		{1<<63 - 1, 365 * 24 * time.Hour, "the largest duration is capped too"},
		{1500 * time.Millisecond, time.Second, "X.509 times have whole seconds: expiry never extends"},
	}
	for _, r := range rows {
		t.Logf("# expires %v: %s", r.expires, r.why)
		c, err := GenerateCertificate(KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-256", Expires: r.expires})
		if err != nil {
			t.Fatal(err)
		}
		if want := fixedNow.Add(r.want).Truncate(time.Second); !c.Expires().Equal(want) {
			t.Errorf("expires %v: Expires() = %v, want %v", r.expires, c.Expires(), want)
		}
	}
	t.Log("# WPT 'generateCertificate() with 0 expires parameter should generate expired cert': in Go, 0 is the default, so use 1ns")
	c, err := GenerateCertificate(KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-256", Expires: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if c.Expires().After(fixedNow) {
		t.Errorf("Expires() = %v, want at most now %v", c.Expires(), fixedNow)
	}
}

func TestCertificateIdentity(t *testing.T) {
	a, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("# copies are the same certificate; separate generations differ (setConfiguration compares with ==)")
	c := a
	if c != a || a == b || a == (Certificate{}) {
		t.Errorf("a == copy: %v, a == b: %v, a == zero: %v", c == a, a == b, a == (Certificate{}))
	}
	set := map[Certificate]bool{a: true}
	if !set[c] || set[b] {
		t.Error("Certificate does not work as a map key by identity")
	}
	t.Log("# random serials, names and keys differ between generations")
	xa, xb := a.X509(), b.X509()
	if xa.SerialNumber.Cmp(xb.SerialNumber) == 0 || xa.Subject.CommonName == xb.Subject.CommonName || a.GetFingerprints()[0] == b.GetFingerprints()[0] {
		t.Error("two generations share a serial, a name or a fingerprint")
	}
	t.Log("# results are the caller's: changing them does not change the certificate")
	fps := a.GetFingerprints()
	fps[0].Value = "changed"
	der := a.DER()
	der[0] ^= 0xff
	if a.GetFingerprints()[0].Value == "changed" || a.DER()[0] == der[0] {
		t.Error("GetFingerprints or DER returned internal storage")
	}
}

func TestCertificateZero(t *testing.T) {
	var z Certificate
	if !z.IsZero() || !z.Expires().IsZero() || z.GetFingerprints() != nil || z.DER() != nil || z.X509() != nil || z.PrivateKey() != nil {
		t.Errorf("zero Certificate is not empty: %v %v %v", z.Expires(), z.GetFingerprints(), z.DER())
	}
	if _, err := z.PEM(); !errors.Is(err, ErrInvalidState) {
		t.Errorf("zero PEM: %v, want ErrInvalidState", err)
	}
	if _, err := z.Fingerprint("sha-256"); !errors.Is(err, ErrInvalidState) {
		t.Errorf("zero Fingerprint: %v, want ErrInvalidState", err)
	}
}

func TestCertificateFingerprint(t *testing.T) {
	c, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	der := c.DER()
	for _, alg := range []string{"sha-1", "sha-224", "sha-256", "sha-384", "sha-512"} {
		for _, name := range []string{alg, strings.ToUpper(alg)} {
			fp, err := c.Fingerprint(name)
			if err != nil {
				t.Errorf("Fingerprint(%q): %v", name, err)
				continue
			}
			if want := (DTLSFingerprint{Algorithm: alg, Value: wantFingerprint(alg, der)}); fp != want {
				t.Errorf("Fingerprint(%q) = %v, want %v", name, fp, want)
			}
		}
	}
	t.Log("# RFC 8122 §5: MD2 and MD5 MUST NOT be used; unknown names are NotSupported")
	for _, name := range []string{"md5", "md2", "sha-3", "", "sha256"} {
		if _, err := c.Fingerprint(name); !errors.Is(err, ErrNotSupported) {
			t.Errorf("Fingerprint(%q) = %v, want ErrNotSupported", name, err)
		}
	}
	t.Log("# RTCDtlsFingerprint JSON members are \"algorithm\" and \"value\"")
	b, err := json.Marshal(c.GetFingerprints())
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"algorithm":"sha-256","value":"` + wantFingerprint("sha-256", der) + `"}]`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

func TestCertificatePEMRoundTrip(t *testing.T) {
	withClock(t, fixedNow)
	ec, err := GenerateCertificate(KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-256", Expires: 7 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]Certificate{"ECDSA": ec, "RSA": sharedRSACertificate(t)} {
		t.Logf("# %s: §4.9.2 implementations MUST support storing and retrieving certificates, preserving the keying material", name)
		p, err := c.PEM()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(p, []byte("-----BEGIN CERTIFICATE-----\n")) || !bytes.Contains(p, []byte("-----BEGIN PRIVATE KEY-----\n")) {
			t.Errorf("%s PEM lacks a CERTIFICATE or PKCS #8 PRIVATE KEY block:\n%s", name, p)
		}
		back, err := CertificateFromPEM(p)
		if err != nil {
			t.Fatalf("%s CertificateFromPEM: %v", name, err)
		}
		if back == c {
			t.Errorf("%s: a loaded certificate is a new Certificate, not the original", name)
		}
		if !sameFingerprints(back.GetFingerprints(), c.GetFingerprints()) || !back.Expires().Equal(c.Expires()) || !bytes.Equal(back.DER(), c.DER()) {
			t.Errorf("%s round trip changed fingerprint, expiry or DER: %v %v", name, back.GetFingerprints(), back.Expires())
		}
		type equaler interface{ Equal(crypto.PrivateKey) bool }
		if k, ok := back.PrivateKey().(equaler); !ok || !k.Equal(c.PrivateKey()) {
			t.Errorf("%s round trip changed the private key", name)
		}
		p2, err := back.PEM()
		if err != nil || !bytes.Equal(p2, p) {
			t.Errorf("%s: PEM of the loaded certificate differs: %v", name, err)
		}
	}
}

func sameFingerprints(a, b []DTLSFingerprint) bool {
	return fmt.Sprint(a) == fmt.Sprint(b) && len(a) > 0
}

// certPEMBlocks splits PEM output into its certificate and key blocks.
func certPEMBlocks(t *testing.T, p []byte) (cert, key []byte) {
	t.Helper()
	certBlk, rest := pem.Decode(p)
	keyBlk, _ := pem.Decode(rest)
	if certBlk == nil || keyBlk == nil {
		t.Fatalf("PEM does not hold two blocks:\n%s", p)
	}
	return pem.EncodeToMemory(certBlk), pem.EncodeToMemory(keyBlk)
}

func TestCertificateFromPEMErrors(t *testing.T) {
	a, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	pa, _ := a.PEM()
	pb, _ := b.PEM()
	certA, keyA := certPEMBlocks(t, pa)
	_, keyB := certPEMBlocks(t, pb)
	badDER := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x01}})
	badKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("not a key")})
	rows := []struct {
		in   []byte
		kind error
		why  string
	}{
		{joinBytes(certA, keyB), ErrInvalidAccess, "the key does not match the certificate"},
		{certA, ErrSyntax, "no private key block"},
		{keyA, ErrSyntax, "no certificate block"},
		{nil, ErrSyntax, "empty input"},
		{[]byte("hello"), ErrSyntax, "not PEM"},
		{joinBytes(certA, certA, keyA), ErrSyntax, "two certificates"},
		{joinBytes(certA, keyA, keyA), ErrSyntax, "two keys"},
		{joinBytes(badDER, keyA), ErrSyntax, "malformed certificate DER"},
		{joinBytes(certA, badKey), ErrSyntax, "malformed key"},
	}
	for _, r := range rows {
		t.Logf("# %s", r.why)
		c, err := CertificateFromPEM(r.in)
		if !errors.Is(err, r.kind) || !c.IsZero() {
			t.Errorf("%s: CertificateFromPEM = %v, %v; want %v", r.why, c, err, r.kind)
		}
	}
	t.Log("# block order does not matter, and text around blocks is ignored")
	c, err := CertificateFromPEM(joinBytes([]byte("a comment\n"), keyA, []byte("between\n"), certA))
	if err != nil || c.GetFingerprints()[0] != a.GetFingerprints()[0] {
		t.Errorf("key-first PEM: %v, %v", c, err)
	}
}

func joinBytes(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestCertificateFromPEMLegacyKeyBlocks(t *testing.T) {
	t.Log("# SEC 1 \"EC PRIVATE KEY\" and PKCS #1 \"RSA PRIVATE KEY\" blocks, as openssl writes them, load too")
	ec, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	sec1, err := x509.MarshalECPrivateKey(ec.PrivateKey().(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	rc := sharedRSACertificate(t)
	for _, c := range []struct {
		cert Certificate
		blk  *pem.Block
	}{
		{ec, &pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}},
		{rc, &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rc.PrivateKey().(*rsa.PrivateKey))}},
	} {
		in := joinBytes(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.cert.DER()}), pem.EncodeToMemory(c.blk))
		got, err := CertificateFromPEM(in)
		if err != nil || got.GetFingerprints()[0] != c.cert.GetFingerprints()[0] {
			t.Errorf("%s: %v, %v", c.blk.Type, got, err)
		}
	}
}

// selfSignedDER makes a certificate for key outside the package.
func selfSignedDER(t *testing.T, key crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"}, NotBefore: fixedNow, NotAfter: fixedNow.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestNewCertificate(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der := selfSignedDER(t, key)
	c, err := NewCertificate(key, der)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("# an existing key and certificate: Expires is NotAfter, fingerprint is of the given DER")
	if !c.Expires().Equal(fixedNow.Add(time.Hour).Truncate(time.Second)) || c.GetFingerprints()[0].Value != wantFingerprint("sha-256", der) || c.PrivateKey() != crypto.Signer(key) {
		t.Errorf("NewCertificate: expires %v, fingerprints %v", c.Expires(), c.GetFingerprints())
	}
	t.Log("# the DER is copied")
	want, before := c.GetFingerprints()[0], c.DER()
	der[len(der)-1] ^= 1
	if !bytes.Equal(c.DER(), before) {
		t.Error("NewCertificate kept the caller's slice")
	}
	if c.GetFingerprints()[0] != want {
		t.Error("fingerprint changed after the caller modified its DER")
	}

	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rows := []struct {
		key  crypto.Signer
		der  []byte
		kind error
		why  string
	}{
		{p384, selfSignedDER(t, p384), ErrNotSupported, "ECDSA P-384 is not accepted"},
		{ed, selfSignedDER(t, ed), ErrNotSupported, "Ed25519 is not a WebRTC DTLS key"},
		{rsa1024, selfSignedDER(t, rsa1024), ErrNotSupported, "RSA 1024 is too weak"},
		{other, selfSignedDER(t, key), ErrInvalidAccess, "the key does not match the certificate"},
		{key, []byte{1, 2, 3}, ErrSyntax, "malformed DER"},
		{key, nil, ErrSyntax, "no DER"},
		{nil, selfSignedDER(t, key), ErrType, "nil key"},
	}
	for _, r := range rows {
		t.Logf("# %s", r.why)
		c, err := NewCertificate(r.key, r.der)
		if !errors.Is(err, r.kind) || !c.IsZero() {
			t.Errorf("%s: NewCertificate = %v, %v; want %v", r.why, c, err, r.kind)
		}
	}
}

func TestCertificatePEMUnexportableKey(t *testing.T) {
	t.Log("# a key held elsewhere (a crypto.Signer that is not a Go private key) works but cannot be written as PEM")
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	c, err := NewCertificate(certOpaqueSigner{key}, selfSignedDER(t, key))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PEM(); !errors.Is(err, ErrNotSupported) {
		t.Errorf("PEM of an opaque signer: %v, want ErrNotSupported", err)
	}
}

// certOpaqueSigner hides the concrete key type, as a hardware-backed signer does.
type certOpaqueSigner struct{ k *ecdsa.PrivateKey }

func (s certOpaqueSigner) Public() crypto.PublicKey { return s.k.Public() }
func (s certOpaqueSigner) Sign(r io.Reader, d []byte, o crypto.SignerOpts) ([]byte, error) {
	return s.k.Sign(r, d, o)
}

func FuzzCertificateFromPEM(f *testing.F) {
	c, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		f.Fatal(err)
	}
	p, _ := c.PEM()
	f.Add(p)
	f.Add(p[:len(p)/2])
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := CertificateFromPEM(b)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrNotSupported) && !errors.Is(err, ErrInvalidAccess) {
				t.Fatalf("error %v matches no sentinel", err)
			}
			return
		}
		out, err := c.PEM()
		if err != nil {
			t.Fatalf("PEM of a loaded certificate: %v", err)
		}
		back, err := CertificateFromPEM(out)
		if err != nil || !sameFingerprints(back.GetFingerprints(), c.GetFingerprints()) || !back.Expires().Equal(c.Expires()) {
			t.Fatalf("PEM → load → PEM → load changed the certificate: %v", err)
		}
	})
}

func BenchmarkGenerateCertificateECDSA(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GenerateCertificate(ECDSAP256); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCertificateGetFingerprints(b *testing.B) {
	c, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		fingerprintSink = c.GetFingerprints()
	}
}

// fingerprintSink keeps the benchmarked result alive.
var fingerprintSink []DTLSFingerprint

// noSpareCertificate waits for a spare certificate being made in the
// background and drops it, for a test that changes how certificates are
// made (their clock, their randomness): the spare would come from before.
// The test restores what it changed after waiting for the background
// generation again.
func noSpareCertificate(t *testing.T) {
	t.Helper()
	spareCertificate.done.Wait()
	spareCertificate.mu.Lock()
	spareCertificate.certs = nil
	spareCertificate.mu.Unlock()
}
