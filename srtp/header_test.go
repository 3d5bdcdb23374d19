package srtp

import "testing"

func TestRTPHeaderLen(t *testing.T) {
	t.Logf("# RFC 3550 §5.1/§5.3.1: fixed header, CSRCs and extension precede the payload")
	for _, tc := range []struct {
		hex string
		n   int
		ok  bool
	}{
		{"80000001 00000000 00000002", 12, true},
		{"82000001 00000000 00000002 11111111 22222222", 20, true},
		{"90000001 00000000 00000002 bede0000", 16, true},
		{"91000001 00000000 00000002 33333333 bede0001 44444444 ff", 24, true},
		{"82000001 00000000 00000002 11111111", 0, false}, // CSRC list cut
		{"90000001 00000000 00000002 bede0001", 0, false}, // extension cut
		{"40000001 00000000 00000002", 0, false},          // version 1
		{"800000 01000000 000000", 0, false},              // 11 octets
	} {
		b := unhex(t, tc.hex)
		n, seq, ssrc, ok := rtpHeaderLen(b)
		if ok != tc.ok || n != tc.n || (ok && (seq != 1 || ssrc != 2)) {
			t.Errorf("%s: n %d seq %d ssrc %d ok %v, want n %d ok %v", tc.hex, n, seq, ssrc, ok, tc.n, tc.ok)
		}
	}
	if _, ok := rtcpHeaderOK(unhex(t, "80c80000 0000")); ok {
		t.Error("6-octet RTCP accepted")
	}
	if ssrc, ok := rtcpHeaderOK(unhex(t, "80c80000 01020304")); !ok || ssrc != 0x01020304 {
		t.Error("RTCP header refused")
	}
}
