package sdp

import "testing"

func TestParseRTCPFeedback(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want RTCPFeedback
	}{
		{"96 nack pli", RTCPFeedback{"96", "nack", "pli"}},
		{"96 nack", RTCPFeedback{"96", "nack", ""}},
		{"100 ccm fir", RTCPFeedback{"100", "ccm", "fir"}},
		{"* trr-int 100", RTCPFeedback{"*", "trr-int", "100"}},
		{"111 transport-cc", RTCPFeedback{"111", "transport-cc", ""}},
		{"96 app foo bar", RTCPFeedback{"96", "app", "foo bar"}},
	} {
		f, err := ParseRTCPFeedback(tt.in)
		if err != nil || f != tt.want || f.String() != tt.in {
			t.Fatalf("ParseRTCPFeedback(%q) = %+v, %v", tt.in, f, err)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"", "want <payload type or *>"},
		{"96", "want <payload type or *>"},
		{"9:6 nack", "want <payload type or *>"},
		{"96 n/ack", "not a token"},
		{"96  nack", "not a token"},
		{"96 nack ", "empty parameter"},
	} {
		_, err := ParseRTCPFeedback(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}
	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	fbs, err := s.Media[1].RTCPFeedbacks()
	if err != nil || len(fbs) == 0 || fbs[0].PayloadType != "96" {
		t.Fatalf("RTCPFeedbacks() = %v, %v", fbs, err)
	}
}

func FuzzParseRTCPFeedback(f *testing.F) {
	seedAttrs(f, AttrRTCPFeedback, "* trr-int 100", "96 app foo bar")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseRTCPFeedback) })
}
