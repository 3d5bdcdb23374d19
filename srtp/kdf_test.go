package srtp

import (
	"bytes"
	"testing"
)

// TestDeriveKeyRFC3711B3 checks the key derivation vectors of RFC 3711
// Appendix B.3 (the auth key there is 94 octets long).
func TestDeriveKeyRFC3711B3(t *testing.T) {
	key := unhex(t, "E1F97A0D3E018BE0D64FA32C06DE4139")
	salt := unhex(t, "0EC675AD498AFEEBB6960B3AABE6")
	for _, tc := range []struct {
		name  string
		label byte
		n     int
		want  string
	}{
		{"cipher key", labelRTPEncryption, 16, "C61E7A93744F39EE10734AFE3FF7A087"},
		{"cipher salt", labelRTPSalt, 14, "30CBBC08863D8C85D49DB34A9AE1"},
		{"auth key", labelRTPAuth, 94, "CEBE321F6FF7716B6FD4AB49AF256A15" +
			"6D38BAA48F0A0ACF3C34E2359E6CDBCE" +
			"E049646C43D9327AD175578EF7227098" +
			"6371C10C9A369AC2F94A8C5FBCDDDC25" +
			"6D6E919A48B610EF17C2041E47403576" +
			"6B68642C59BBFC2F34DB60DBDFB2"},
	} {
		got, err := deriveKey(key, salt, tc.label, tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, unhex(t, tc.want)) {
			t.Errorf("%s = %X, want %s", tc.name, got, tc.want)
		}
	}
	if _, err := deriveKey(make([]byte, 15), salt, 0, 16); err == nil {
		t.Error("15-octet master key accepted")
	}
}
