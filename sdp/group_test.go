package sdp

import (
	"reflect"
	"testing"
)

func TestParseGroup(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Group
	}{
		{"BUNDLE 0 1", Group{"BUNDLE", []string{"0", "1"}}},
		{"LS a1 v1", Group{"LS", []string{"a1", "v1"}}},
		{"BUNDLE", Group{Semantics: "BUNDLE"}},
	} {
		g, err := ParseGroup(tt.in)
		if err != nil || !reflect.DeepEqual(g, tt.want) || g.String() != tt.in {
			t.Fatalf("ParseGroup(%q) = %#v, %v", tt.in, g, err)
		}
	}
	for _, in := range []string{"", "BUNDLE ", "BUNDLE 0  1", "B/UNDLE 0", "BUNDLE a:b"} {
		_, err := ParseGroup(in)
		wantAttrError(t, in, err, "not a token")
	}
}

func TestGroupsAndMid(t *testing.T) {
	s, err := Parse(readTestdata(t, "jsep-7.2-offer-b2.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	gs, err := s.Groups()
	if err != nil || len(gs) != 2 {
		t.Fatalf("Groups() = %v, %v", gs, err)
	}
	bs, err := s.BundleGroups()
	if err != nil || len(bs) != 1 || !reflect.DeepEqual(bs[0].Mids, []string{"a1", "d1", "v1", "v2"}) {
		t.Fatalf("BundleGroups() = %v, %v", bs, err)
	}
	var mids []string
	for _, m := range s.Media {
		mid, ok := m.Mid()
		if !ok {
			t.Fatalf("section without mid")
		}
		mids = append(mids, mid)
	}
	if !reflect.DeepEqual(mids, bs[0].Mids) {
		t.Fatalf("mids %v, BUNDLE %v", mids, bs[0].Mids)
	}
	m := &MediaDescription{Lines: []Line{{'m', "audio 0 RTP/AVP 0"}, {'a', "mid:a b"}, {'a', "bundle-only"}}}
	if _, ok := m.Mid(); ok {
		t.Fatalf("Mid() accepted a value that is not a token")
	}
	if !m.BundleOnly() {
		t.Fatalf("BundleOnly() false")
	}
	if v, err := ParseMid("0"); err != nil || v != "0" {
		t.Fatalf("ParseMid(0) = %q, %v", v, err)
	}
	_, err = ParseMid("")
	wantAttrError(t, "empty mid", err, "not a token")
}

func FuzzParseGroup(f *testing.F) {
	seedAttrs(f, AttrGroup)
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseGroup) })
}
