package dtls

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"testing"
)

// TestPRFSHA256Vector checks P_SHA256 against the widely used TLS 1.2 PRF
// vector (secret, "test label", seed → 100 bytes).
func TestPRFSHA256Vector(t *testing.T) {
	secret, _ := hex.DecodeString("9bbe436ba940f017b17652849a71db35")
	seed, _ := hex.DecodeString("a0ba9f936cda311827a6f796ffd5198c")
	want, _ := hex.DecodeString("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66")
	if got := prf(crypto.SHA256, len(want), secret, []byte("test label"), seed); !bytes.Equal(got, want) {
		t.Fatalf("PRF\n got %x\nwant %x", got, want)
	}
}

func TestExporterReservedLabels(t *testing.T) {
	s := suiteByID(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
	t.Logf("# RFC 5705 §4: labels used by TLS itself MUST NOT be used")
	for _, l := range []string{"client finished", "server finished", "master secret", "key expansion", "extended master secret"} {
		if _, err := exportKeyingMaterial(s, make([]byte, 48), make([]byte, 32), make([]byte, 32), l, nil, 16); !errors.Is(err, ErrExporterLabel) {
			t.Fatalf("%q: %v", l, err)
		}
	}
	t.Logf("# RFC 5705 §4: no context and an empty context give different output")
	a, _ := exportKeyingMaterial(s, make([]byte, 48), make([]byte, 32), make([]byte, 32), "EXPERIMENTAL x", nil, 16)
	b, _ := exportKeyingMaterial(s, make([]byte, 48), make([]byte, 32), make([]byte, 32), "EXPERIMENTAL x", []byte{}, 16)
	if bytes.Equal(a, b) {
		t.Fatal("nil and empty context agree")
	}
}
