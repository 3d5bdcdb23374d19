package dtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// seededRand is a deterministic io.Reader for tests.
type seededRand struct{ r *rand.ChaCha8 }

func newSeededRand(seed byte) *seededRand {
	var s [32]byte
	s[0] = seed
	return &seededRand{rand.NewChaCha8(s)}
}

func (s *seededRand) Read(p []byte) (int, error) { return s.r.Read(p) }

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testCert makes a self-signed certificate as a WebRTC endpoint does.
func testCert(t testing.TB, kind string) Certificate {
	t.Helper()
	var key crypto.Signer
	var err error
	switch kind {
	case "ecdsa":
		key, err = ecdsa.GenerateKey(elliptic.P256(), nil)
	case "ecdsa384":
		key, err = ecdsa.GenerateKey(elliptic.P384(), nil)
	case "rsa":
		key, err = rsa.GenerateKey(nil, 2048)
	case "ed25519":
		_, key, err = ed25519.GenerateKey(nil)
	default:
		t.Fatalf("unknown key kind %q", kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "WebRTC"},
		NotBefore:    t0.Add(-time.Hour),
		NotAfter:     t0.Add(30 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return Certificate{Chain: [][]byte{der}, PrivateKey: key}
}

func fp(t testing.TB, c Certificate) Fingerprint {
	f, err := NewFingerprint("sha-256", c.Chain[0])
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// testPair builds a client and a server that expect each other's
// fingerprints; mod may change either config before the Conns are made.
func testPair(t testing.TB, kind string, mod func(cc, sc *Config)) (*Conn, *Conn) {
	t.Helper()
	return testPairCerts(t, testCert(t, kind), testCert(t, kind), mod)
}

// testPairCerts is testPair with given certificates.
func testPairCerts(t testing.TB, ccert, scert Certificate, mod func(cc, sc *Config)) (*Conn, *Conn) {
	t.Helper()
	cc := &Config{Certificate: ccert, Rand: newSeededRand(1), ExpectedFingerprints: []Fingerprint{fp(t, scert)}}
	sc := &Config{Certificate: scert, Rand: newSeededRand(2), ExpectedFingerprints: []Fingerprint{fp(t, ccert)}}
	if mod != nil {
		mod(cc, sc)
	}
	c, err := NewClient(cc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(sc)
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// events drains a Conn's events.
func events(c *Conn) []Event {
	var evs []Event
	for {
		e, ok := c.PollEvent()
		if !ok {
			return evs
		}
		evs = append(evs, e)
	}
}

// runPair runs client and server over the links until both are connected
// (or either fails) and returns the simulated time it took.
func runPair(t testing.TB, c, s *Conn, ab, ba vnet.LinkConfig, limit time.Duration) (*vnet.Pair, error) {
	t.Helper()
	p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(ab), BA: vnet.NewLink(ba), Now: t0}
	if err := c.Start(p.Now); err != nil {
		t.Fatal(err)
	}
	err := p.Run(t0.Add(limit), func() bool {
		return (c.Connected() && s.Connected()) || c.state == stateFailed || s.state == stateFailed
	})
	return p, err
}
