package sdp

import (
	"reflect"
	"testing"
)

func TestParseMediaLine(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want MediaLine
	}{
		{"application 9 UDP/DTLS/SCTP webrtc-datachannel", MediaLine{"application", 9, 0, "UDP/DTLS/SCTP", []string{"webrtc-datachannel"}}},
		{"audio 49170/2 RTP/AVP 0 8", MediaLine{"audio", 49170, 2, "RTP/AVP", []string{"0", "8"}}},
		{"video 0 UDP/TLS/RTP/SAVPF 96", MediaLine{"video", 0, 0, "UDP/TLS/RTP/SAVPF", []string{"96"}}},
	} {
		ml, err := ParseMediaLine(tt.in)
		if err != nil || !reflect.DeepEqual(ml, tt.want) || ml.String() != tt.in {
			t.Fatalf("ParseMediaLine(%q) = %+v, %v", tt.in, ml, err)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"audio 9 RTP/AVP", "want m="},
		{"au:dio 9 RTP/AVP 0", "media"},
		{"audio x RTP/AVP 0", "port"},
		{"audio -1 RTP/AVP 0", "port"},
		{"audio 9/ RTP/AVP 0", "number of ports"},
		{"audio 9/70000 RTP/AVP 0", "number of ports"},
		{"audio 9 RTP/ 0", "proto"},
		{"audio 9 RTP/AVP 0 ", "format"},
		{"audio 9 RTP/AVP 0:1", "format"},
	} {
		_, err := ParseMediaLine(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}
	t.Logf("# SetMediaLine on a section without an m= line inserts one")
	m := &MediaDescription{Lines: []Line{{'a', "mid:0"}}}
	if _, err := m.MediaLine(); err == nil {
		t.Fatalf("MediaLine() without m= succeeded")
	}
	m.SetMediaLine(MediaLine{Media: "audio", Port: 9, Proto: "RTP/AVP", Formats: []string{"0"}})
	if !reflect.DeepEqual(m.Lines, []Line{{'m', "audio 9 RTP/AVP 0"}, {'a', "mid:0"}}) {
		t.Fatalf("lines = %q", m.Lines)
	}
}

func FuzzParseMediaLine(f *testing.F) {
	f.Add("application 9 UDP/DTLS/SCTP webrtc-datachannel")
	f.Add("audio 49170/2 RTP/AVP 0 8")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseMediaLine) })
}
