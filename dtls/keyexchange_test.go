package dtls

import (
	"bytes"
	"testing"
)

func TestKeyExchangeEachGroup(t *testing.T) {
	for _, g := range DefaultGroups {
		a, err := generateKey(g, newSeededRand(5))
		if err != nil {
			t.Fatal(err)
		}
		a2, _ := generateKey(g, newSeededRand(5))
		if !bytes.Equal(a.Bytes(), a2.Bytes()) {
			t.Fatalf("%v: the same Rand gave different keys", g)
		}
		b, _ := generateKey(g, newSeededRand(6))
		s1, err1 := sharedSecret(a, b.PublicKey().Bytes())
		s2, err2 := sharedSecret(b, a.PublicKey().Bytes())
		if err1 != nil || err2 != nil || !bytes.Equal(s1, s2) {
			t.Fatalf("%v: %v %v", g, err1, err2)
		}
		t.Logf("# RFC 8422 §5.11: points not on the curve are rejected")
		bad := b.PublicKey().Bytes()
		bad[len(bad)-1] ^= 1
		if g != GroupX25519 {
			if _, err := sharedSecret(a, bad); err == nil {
				t.Fatalf("%v: invalid point accepted", g)
			}
		}
		if _, err := sharedSecret(a, bad[:len(bad)-1]); err == nil {
			t.Fatalf("%v: short point accepted", g)
		}
	}
	t.Logf("# RFC 8422 §5.11: an all-zero X25519 result is an error")
	a, _ := generateKey(GroupX25519, newSeededRand(7))
	if _, err := sharedSecret(a, make([]byte, 32)); err == nil {
		t.Fatal("low-order X25519 point accepted")
	}
	if _, err := generateKey(Group(99), newSeededRand(1)); err == nil {
		t.Fatal("unknown group accepted")
	}
}
