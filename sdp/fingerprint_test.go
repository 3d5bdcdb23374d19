package sdp

import (
	"bytes"
	"testing"
)

func TestParseFingerprint(t *testing.T) {
	const chromium = "sha-256 F0:46:6F:BF:5D:FF:2F:9D:A5:8F:E8:31:28:80:4E:D3:89:38:2F:81:76:27:B4:71:E9:29:63:25:E9:14:3D:DC"
	f, err := ParseFingerprint(chromium)
	if err != nil {
		t.Fatal(err)
	}
	if f.HashFunc != "sha-256" || len(f.Value) != 32 || f.Value[0] != 0xF0 || f.Value[31] != 0xDC {
		t.Fatalf("ParseFingerprint = %s %x", f.HashFunc, f.Value)
	}
	if f.String() != chromium {
		t.Fatalf("String() = %q", f.String())
	}

	t.Logf("# RFC 8122 §5: upper-case hex is required when writing; lower case is read liberally and written upper case")
	g, err := ParseFingerprint("SHA-1 0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7:e8:f9:00:11:22:33")
	if err != nil {
		t.Fatal(err)
	}
	if got := g.String(); got != "SHA-1 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:00:11:22:33" {
		t.Fatalf("String() = %q", got)
	}
	if !g.Equal(Fingerprint{HashFunc: "sha-1", Value: g.Value}) || g.Equal(f) {
		t.Fatalf("Equal: hash names compare case-insensitively, values exactly")
	}
	t.Logf("# an unknown hash function (a token) is accepted with up to 64 bytes")
	if h, err := ParseFingerprint("x-hash AB"); err != nil || !bytes.Equal(h.Value, []byte{0xAB}) {
		t.Fatalf("ParseFingerprint(x-hash AB) = %v, %v", h, err)
	}

	for _, tt := range []struct{ in, msg string }{
		{"sha-256", "want <hash-func> <fingerprint>"},
		{"sha-256 ", "2UHEX"},
		{"sha-256 A", "2UHEX"},
		{"sha-256 AB:", "2UHEX"},
		{"sha-256 AB-CD", "2UHEX"},
		{"sha-256 AG", "2UHEX"},
		{"sha-256 AB::C", "2UHEX"},
		{"sha-256 AB:CD", "has 2 bytes, want 32"},
		{"s/ha AB", "want <hash-func> <fingerprint>"},
		{"sha-256 AB CD", "2UHEX"},
		{"x " + string(bytes.Repeat([]byte("AB:"), 64)) + "AB", "at most 64 bytes"},
	} {
		_, err := ParseFingerprint(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}
}

func TestParseSetup(t *testing.T) {
	for _, s := range []Setup{SetupActive, SetupPassive, SetupActPass, SetupHoldConn} {
		if got, err := ParseSetup(string(s)); err != nil || got != s || got.String() != string(s) {
			t.Fatalf("ParseSetup(%q) = %q, %v", s, got, err)
		}
	}
	_, err := ParseSetup("Active")
	wantAttrError(t, "Active", err, "unknown role")

	s, err := Parse(readTestdata(t, "chromium-data-answer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok, err := s.Media[0].Setup(); r != SetupActive || !ok || err != nil {
		t.Fatalf("Setup() = %q, %v, %v; Chromium answers with active", r, ok, err)
	}
	if _, ok, err := s.Setup(); ok || err != nil {
		t.Fatalf("session-level Setup() = %v, %v; want none", ok, err)
	}
	fs, err := s.Media[0].Fingerprints()
	if err != nil || len(fs) != 1 || fs[0].HashFunc != "sha-256" {
		t.Fatalf("Fingerprints() = %v, %v", fs, err)
	}
	if fs, err := s.Fingerprints(); err != nil || len(fs) != 0 {
		t.Fatalf("session-level Fingerprints() = %v, %v", fs, err)
	}
}

func FuzzParseFingerprint(f *testing.F) {
	seedAttrs(f, AttrFingerprint, "SHA-1 0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7:e8:f9:00:11:22:33", "x AB")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseFingerprint) })
}

func TestSessionSetup(t *testing.T) {
	s := &SessionDescription{Lines: []Line{{'a', "setup:passive"}}}
	if r, ok, err := s.Setup(); r != SetupPassive || !ok || err != nil {
		t.Fatalf("Setup() = %q, %v, %v", r, ok, err)
	}
	s.Lines[0].Value = "setup:server"
	if _, ok, err := s.Setup(); ok || err == nil {
		t.Fatalf("Setup() of an unknown role = %v, %v", ok, err)
	}
}
