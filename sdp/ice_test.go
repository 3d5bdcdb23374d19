package sdp

import (
	"reflect"
	"strings"
	"testing"
)

func TestICEAttributes(t *testing.T) {
	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	u, p, err := s.Media[1].ICECredentials()
	if err != nil || u != "izN5" || p != "LdkmF4BJ6Ek+9SfzjWBOlJ2n" {
		t.Fatalf("ICECredentials() = %q, %q, %v", u, p, err)
	}
	if u, p, err := s.ICECredentials(); u != "" || p != "" || err != nil {
		t.Fatalf("session ICECredentials() = %q, %q, %v; want none", u, p, err)
	}
	if opts, err := s.Media[0].ICEOptions(); err != nil || !reflect.DeepEqual(opts, []string{"trickle"}) {
		t.Fatalf("ICEOptions() = %q, %v", opts, err)
	}
	if opts, err := s.ICEOptions(); err != nil || opts != nil {
		t.Fatalf("session ICEOptions() = %q, %v", opts, err)
	}
	if s.ICELite() || s.Media[0].EndOfCandidates() {
		t.Fatalf("ICELite or EndOfCandidates on a Chromium offer")
	}

	j, err := Parse(readTestdata(t, "jsep-7.1-offer-a1.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	if opts, err := j.ICEOptions(); err != nil || !reflect.DeepEqual(opts, []string{"trickle", "ice2"}) {
		t.Fatalf("JSEP ICEOptions() = %q, %v", opts, err)
	}
	if !j.Media[0].EndOfCandidates() {
		t.Fatalf("EndOfCandidates() false on JSEP offer-A1")
	}

	t.Logf("# RFC 8839 §5.4: ice-ufrag is 4 to 256 ice-chars, ice-pwd 22 to 256")
	for _, tt := range []struct {
		lines []Line
		msg   string
	}{
		{[]Line{{'a', "ice-ufrag:abc"}, {'a', "ice-pwd:" + strings.Repeat("x", 22)}}, "ice-ufrag"},
		{[]Line{{'a', "ice-ufrag:abcd"}, {'a', "ice-pwd:" + strings.Repeat("x", 21)}}, "ice-pwd"},
		{[]Line{{'a', "ice-ufrag:abcd"}}, "ice-pwd"},
		{[]Line{{'a', "ice-pwd:" + strings.Repeat("x", 22)}}, "ice-ufrag"},
		{[]Line{{'a', "ice-ufrag:ab-d"}, {'a', "ice-pwd:" + strings.Repeat("x", 22)}}, "ice-ufrag"},
		{[]Line{{'a', "ice-ufrag:" + strings.Repeat("x", 257)}, {'a', "ice-pwd:" + strings.Repeat("x", 22)}}, "ice-ufrag"},
	} {
		_, _, err := (&MediaDescription{Lines: tt.lines}).ICECredentials()
		wantAttrError(t, tt.msg, err, tt.msg)
	}
	if opts, err := (&MediaDescription{}).ICEOptions(); opts != nil || err != nil {
		t.Fatalf("ICEOptions() of an empty section = %q, %v", opts, err)
	}
	ls := &SessionDescription{Lines: []Line{{'a', "ice-lite"}, {'a', "ice-options:trickle renomination"}}}
	if !ls.ICELite() {
		t.Fatalf("ICELite() false")
	}
	for _, bad := range []string{"", "trickle ", "tri-ckle"} {
		_, err := ParseICEOptions(bad)
		wantAttrError(t, bad, err, "option tag")
	}
}
