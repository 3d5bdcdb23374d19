package sdp

import (
	"strings"
	"testing"
)

func TestParseMSID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want MSID
	}{
		{"7f94bb8f-d043-48ee-ad34-dba2c4ce5c88 b4f7f5de-6381-4dd8-a1bf-f27bd42b8c1e", MSID{"7f94bb8f-d043-48ee-ad34-dba2c4ce5c88", "b4f7f5de-6381-4dd8-a1bf-f27bd42b8c1e"}},
		{"- track", MSID{"-", "track"}},
		{"{stream}", MSID{StreamID: "{stream}"}},
	} {
		m, err := ParseMSID(tt.in)
		if err != nil || m != tt.want || m.String() != tt.in {
			t.Fatalf("ParseMSID(%q) = %+v, %v", tt.in, m, err)
		}
	}
	t.Logf("# RFC 8830 §2: msid-id and msid-appdata are 1*64token-char")
	for _, bad := range []string{"", "a b c", "a ", " b", strings.Repeat("x", 65), "a " + strings.Repeat("x", 65), "a:b"} {
		_, err := ParseMSID(bad)
		wantAttrError(t, bad, err, "1*64token-char")
	}
	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Media[0].MSIDs()
	if err != nil || len(a) != 1 {
		t.Fatalf("MSIDs() = %v, %v", a, err)
	}
	v, err := s.Media[1].MSIDs()
	if err != nil || len(v) != 1 || v[0].StreamID != a[0].StreamID || v[0].TrackID == a[0].TrackID {
		t.Fatalf("audio and video share the stream, not the track: %v %v", a, v)
	}
}

func FuzzParseMSID(f *testing.F) {
	seedAttrs(f, AttrMSID, "- track", "{stream}")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseMSID) })
}
