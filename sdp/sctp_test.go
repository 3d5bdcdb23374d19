package sdp

import "testing"

func TestSCTPAttributes(t *testing.T) {
	s, err := Parse(readTestdata(t, "chromium-data-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	m := s.Media[0]
	if p, ok, err := m.SCTPPort(); p != 5000 || !ok || err != nil {
		t.Fatalf("SCTPPort() = %d, %v, %v", p, ok, err)
	}
	if n, ok, err := m.MaxMessageSize(); n != 262144 || !ok || err != nil {
		t.Fatalf("MaxMessageSize() = %d, %v, %v", n, ok, err)
	}
	empty := &MediaDescription{Lines: []Line{{'m', "application 9 UDP/DTLS/SCTP webrtc-datachannel"}}}
	if _, ok, err := empty.SCTPPort(); ok || err != nil {
		t.Fatalf("SCTPPort() of a section without it = %v, %v", ok, err)
	}
	if _, ok, err := empty.MaxMessageSize(); ok || err != nil {
		t.Fatalf("MaxMessageSize() of a section without it = %v, %v", ok, err)
	}

	t.Logf("# RFC 8841 §5.2: 0 to 65535, leading zeroes MUST NOT be used")
	for _, ok := range []string{"0", "5000", "65535"} {
		if _, err := ParseSCTPPort(ok); err != nil {
			t.Errorf("ParseSCTPPort(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "05000", "65536", "-1", "5000 "} {
		_, err := ParseSCTPPort(bad)
		wantAttrError(t, bad, err, "port")
	}
	t.Logf("# RFC 8841 §6.1: 0 means any size")
	if n, err := ParseMaxMessageSize("0"); n != 0 || err != nil {
		t.Fatalf("ParseMaxMessageSize(0) = %d, %v", n, err)
	}
	for _, bad := range []string{"", "18446744073709551616", "1k"} {
		_, err := ParseMaxMessageSize(bad)
		wantAttrError(t, bad, err, "64-bit")
	}
	bad := &MediaDescription{Lines: []Line{{'a', "sctp-port:x"}, {'a', "max-message-size:x"}}}
	if _, ok, err := bad.SCTPPort(); ok || err == nil {
		t.Fatalf("SCTPPort() of a bad value = %v, %v", ok, err)
	}
	if _, ok, err := bad.MaxMessageSize(); ok || err == nil {
		t.Fatalf("MaxMessageSize() of a bad value = %v, %v", ok, err)
	}
}
