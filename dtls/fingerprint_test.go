package dtls

import (
	"strings"
	"testing"
)

func TestFingerprintFormatParse(t *testing.T) {
	der := []byte("not really a certificate")
	f, err := NewFingerprint("SHA-256", der)
	if err != nil {
		t.Fatal(err)
	}
	s := f.String()
	if !strings.HasPrefix(s, "sha-256 ") || strings.Count(s, ":") != 31 || strings.ToUpper(s[8:]) != s[8:] {
		t.Fatalf("format %q (RFC 8122 §5: UPHEX pairs joined by colons)", s)
	}
	g, err := ParseFingerprint(s)
	if err != nil || !g.Matches(der) {
		t.Fatalf("parse %q: %v", s, err)
	}
	if g.Matches([]byte("other")) {
		t.Fatal("matches another certificate")
	}
	for _, bad := range []string{"", "sha-256", "md5 AB:CD", "sha-256 AB:CD", "sha-1 " + strings.Repeat("ZZ:", 19) + "ZZ"} {
		if _, err := ParseFingerprint(bad); err == nil {
			t.Fatalf("%q parsed", bad)
		}
	}
}

func FuzzParseFingerprint(f *testing.F) {
	fp, _ := NewFingerprint("sha-256", []byte("x"))
	f.Add(fp.String())
	f.Add("sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33")
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseFingerprint(s)
		if err != nil {
			return
		}
		h, err := ParseFingerprint(g.String())
		if err != nil || h.String() != g.String() {
			t.Fatalf("parse → format → parse differs: %q %q %v", g.String(), h.String(), err)
		}
	})
}
