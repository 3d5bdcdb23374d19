package srtp

import (
	"bytes"
	"errors"
	"testing"
)

func TestSplitKeyingMaterial(t *testing.T) {
	m := make([]byte, 60)
	for i := range m {
		m[i] = byte(i)
	}
	k, err := SplitKeyingMaterial(ProfileAES128CMHMACSHA1_80, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("# RFC 5764 §4.2: client key, server key, client salt, server salt")
	if !bytes.Equal(k.ClientKey, m[0:16]) || !bytes.Equal(k.ServerKey, m[16:32]) ||
		!bytes.Equal(k.ClientSalt, m[32:46]) || !bytes.Equal(k.ServerSalt, m[46:60]) {
		t.Fatalf("split %+v", k)
	}
	if _, err := SplitKeyingMaterial(ProfileAEADAES128GCM, m); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("wrong length: %v", err)
	}
	if _, err := SplitKeyingMaterial(Profile(9), m); !errors.Is(err, ErrUnsupportedProfile) {
		t.Fatalf("unsupported: %v", err)
	}
	// The split halves make working contexts.
	if _, err := NewContext(ProfileAES128CMHMACSHA1_80, k.ClientKey, k.ClientSalt); err != nil {
		t.Fatal(err)
	}
}
