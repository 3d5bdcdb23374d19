package sdp

import (
	"testing"
)

func TestParseRTPMap(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want RTPMap
	}{
		{"111 opus/48000/2", RTPMap{111, "opus", 48000, 2}},
		{"96 VP8/90000", RTPMap{96, "VP8", 90000, 0}},
		{"0 PCMU/8000", RTPMap{0, "PCMU", 8000, 0}},
		{"99 h263-1998/90000", RTPMap{99, "h263-1998", 90000, 0}},
		{"127 L16/44100/6", RTPMap{127, "L16", 44100, 6}},
	} {
		r, err := ParseRTPMap(tt.in)
		if err != nil || r != tt.want || r.String() != tt.in {
			t.Fatalf("ParseRTPMap(%q) = %+v, %v", tt.in, r, err)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"", "want <payload type>"},
		{"111", "want <payload type>"},
		{"128 opus/48000", "payload type"},
		{"0111 opus/48000", "payload type"},
		{"x opus/48000", "payload type"},
		{"111 opus", "want <encoding name>"},
		{"111 opus/48000/2/1", "want <encoding name>"},
		{"111 op us/48000", "want <encoding name>"},
		{"111 /48000", "want <encoding name>"},
		{"111 opus/0", "clock rate"},
		{"111 opus/4294967296", "clock rate"},
		{"111 opus/48000/0", "channels"},
		{"111 opus/48000/two", "channels"},
	} {
		_, err := ParseRTPMap(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}

	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.Media[0].RTPMaps()
	if err != nil || len(rs) != 8 || rs[0] != (RTPMap{111, "opus", 48000, 2}) {
		t.Fatalf("RTPMaps() = %+v, %v", rs, err)
	}
	ml, err := s.Media[0].MediaLine()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("# Chromium describes every payload type of the m= line with an a=rtpmap, in the same order")
	for i, r := range rs {
		if got := string(appendUint(nil, uint64(r.PayloadType))); got != ml.Formats[i] {
			t.Fatalf("rtpmap %d is for %s, m= line lists %s", i, got, ml.Formats[i])
		}
	}
}

func FuzzParseRTPMap(f *testing.F) {
	seedAttrs(f, AttrRTPMap)
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseRTPMap) })
}
