package sdp

import (
	"reflect"
	"testing"
)

func TestParseSSRC(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want SSRC
	}{
		{"3997597324 cname:qv8c/k6NRTs01GrA", SSRC{3997597324, "cname", "qv8c/k6NRTs01GrA"}},
		{"1 msid:stream track", SSRC{1, "msid", "stream track"}},
		{"4294967295 x-prop", SSRC{4294967295, "x-prop", ""}},
		{"0 cname:a:b", SSRC{0, "cname", "a:b"}},
	} {
		s, err := ParseSSRC(tt.in)
		if err != nil || s != tt.want || s.String() != tt.in {
			t.Fatalf("ParseSSRC(%q) = %+v, %v", tt.in, s, err)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"", "want <ssrc-id>"},
		{"1", "want <ssrc-id>"},
		{"4294967296 cname:x", "want <ssrc-id>"},
		{"x cname:x", "want <ssrc-id>"},
		{"1 :x", "not a token"},
		{"1  cname:x", "not a token"},
	} {
		_, err := ParseSSRC(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}
}

func TestParseSSRCGroup(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want SSRCGroup
	}{
		{"FID 1111 2222", SSRCGroup{"FID", []uint32{1111, 2222}}},
		{"SIM 1 2 3", SSRCGroup{"SIM", []uint32{1, 2, 3}}},
		{"FEC", SSRCGroup{Semantics: "FEC"}},
	} {
		g, err := ParseSSRCGroup(tt.in)
		if err != nil || !reflect.DeepEqual(g, tt.want) || g.String() != tt.in {
			t.Fatalf("ParseSSRCGroup(%q) = %+v, %v", tt.in, g, err)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"", "semantics"},
		{"F/D 1", "semantics"},
		{"FID 1 ", "ssrc-id"},
		{"FID 4294967296", "ssrc-id"},
		{"FID -1", "ssrc-id"},
	} {
		_, err := ParseSSRCGroup(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}

	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	gs, err := s.Media[1].SSRCGroups()
	if err != nil || len(gs) != 1 || gs[0].Semantics != "FID" || len(gs[0].SSRCs) != 2 {
		t.Fatalf("SSRCGroups() = %v, %v", gs, err)
	}
	ss, err := s.Media[1].SSRCs()
	if err != nil || len(ss) != 4 {
		t.Fatalf("SSRCs() = %v, %v", ss, err)
	}
	t.Logf("# the FID group names the SSRCs described by a=ssrc lines (RFC 5576 §4.2)")
	for _, id := range gs[0].SSRCs {
		found := false
		for _, s := range ss {
			found = found || s.ID == id && s.Attribute == "cname"
		}
		if !found {
			t.Fatalf("no a=ssrc:%d cname", id)
		}
	}
}

func FuzzParseSSRC(f *testing.F) {
	seedAttrs(f, AttrSSRC, "4294967295 x-prop")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseSSRC) })
}

func FuzzParseSSRCGroup(f *testing.F) {
	seedAttrs(f, AttrSSRCGroup, "SIM 1 2 3", "FEC")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseSSRCGroup) })
}
