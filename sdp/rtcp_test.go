package sdp

import (
	"testing"
)

func TestParseRTCP(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want RTCP
	}{
		{"9 IN IP4 0.0.0.0", RTCP{9, "IN", "IP4", "0.0.0.0"}},
		{"53020", RTCP{Port: 53020}},
		{"10101 IN IP6 2001:db8::1", RTCP{10101, "IN", "IP6", "2001:db8::1"}},
	} {
		r, err := ParseRTCP(tt.in)
		if err != nil || r != tt.want || r.String() != tt.in {
			t.Fatalf("ParseRTCP(%q) = %+v, %v", tt.in, r, err)
		}
	}
	for _, bad := range []string{"9 IN IP4", "9 IN IP4 1.2.3.4 x", "9  IN IP4 1.2.3.4", "9 I/N IP4 1.2.3.4"} {
		_, err := ParseRTCP(bad)
		wantAttrError(t, bad, err, "want <port>")
	}
	for _, bad := range []string{"", "x", "70000"} {
		_, err := ParseRTCP(bad)
		wantAttrError(t, bad, err, "port")
	}

	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	m := s.Media[0]
	if r, ok, err := m.RTCP(); !ok || err != nil || r != (RTCP{9, "IN", "IP4", "0.0.0.0"}) {
		t.Fatalf("RTCP() = %+v, %v, %v", r, ok, err)
	}
	t.Logf("# Chromium offers a=rtcp-mux and a=rtcp-rsize, not a=rtcp-mux-only")
	if !m.RTCPMux() || !m.RTCPRsize() || m.RTCPMuxOnly() {
		t.Fatalf("RTCPMux %v RTCPRsize %v RTCPMuxOnly %v", m.RTCPMux(), m.RTCPRsize(), m.RTCPMuxOnly())
	}
	d, err := Parse(readTestdata(t, "chromium-data-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := d.Media[0].RTCP(); ok || err != nil {
		t.Fatalf("RTCP() on a data section = %v, %v", ok, err)
	}
	if _, ok, err := (&MediaDescription{Lines: []Line{{'a', "rtcp:x"}}}).RTCP(); ok || err == nil {
		t.Fatalf("RTCP() of a bad value = %v, %v", ok, err)
	}
}

func FuzzParseRTCP(f *testing.F) {
	seedAttrs(f, AttrRTCP, "53020")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseRTCP) })
}
