package sdp

import "testing"

func TestParseExtMap(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want ExtMap
	}{
		{"4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
			ExtMap{ID: 4, URI: "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"}},
		{"1 http://example.com/082005/ext.htm#ttime", ExtMap{ID: 1, URI: "http://example.com/082005/ext.htm#ttime"}},
		{"2/sendrecv http://example.com/082005/ext.htm#xmeta short", ExtMap{2, DirectionSendRecv, "http://example.com/082005/ext.htm#xmeta", "short"}},
		{"4096 URI-gps-string", ExtMap{ID: 4096, URI: "URI-gps-string"}},
		{"255/inactive urn:x a  b", ExtMap{255, DirectionInactive, "urn:x", "a  b"}},
	} {
		e, err := ParseExtMap(tt.in)
		if err != nil || e != tt.want || e.String() != tt.in {
			t.Fatalf("ParseExtMap(%q) = %+v, %v", tt.in, e, err)
		}
	}
	t.Logf("# RFC 8285 §6: ids 1-255, and 4096-4351 in offers; 0 is reserved")
	for _, tt := range []struct{ in, msg string }{
		{"", "want <id>"},
		{"1", "want <id>"},
		{"0 urn:x", "id"},
		{"256 urn:x", "id"},
		{"4352 urn:x", "id"},
		{"00001 urn:x", ""},
		{"1/both urn:x", "direction"},
		{"1/ urn:x", "direction"},
		{"1  urn:x", "missing extension URI"},
		{"1 urn:x ", "empty extension attributes"},
	} {
		e, err := ParseExtMap(tt.in)
		if tt.msg == "" {
			if err != nil || e.ID != 1 {
				t.Fatalf("ParseExtMap(%q) = %+v, %v", tt.in, e, err)
			}
			continue
		}
		wantAttrError(t, tt.in, err, tt.msg)
	}
	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Media[1].ExtMaps()
	if err != nil || len(es) == 0 {
		t.Fatalf("ExtMaps() = %v, %v", es, err)
	}
	if ss, err := s.ExtMaps(); err != nil || len(ss) != 0 {
		t.Fatalf("session ExtMaps() = %v, %v", ss, err)
	}
	t.Logf("# Chromium puts a=extmap-allow-mixed at session level")
	if !s.ExtMapAllowMixed() || s.Media[0].ExtMapAllowMixed() {
		t.Fatalf("ExtMapAllowMixed: session %v, media %v", s.ExtMapAllowMixed(), s.Media[0].ExtMapAllowMixed())
	}
}

func FuzzParseExtMap(f *testing.F) {
	seedAttrs(f, AttrExtMap, "2/sendrecv http://example.com/082005/ext.htm#xmeta short")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseExtMap) })
}
