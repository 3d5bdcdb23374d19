package rtcp

import "testing"

func TestReceptionReport(t *testing.T) {
	t.Logf("# RFC 3550 §6.4.1: cumulative lost is a signed 24-bit integer")
	for _, tc := range []struct {
		lost int32
		wire [3]byte
		back int32
	}{
		{0, [3]byte{0, 0, 0}, 0},
		{-1, [3]byte{0xff, 0xff, 0xff}, -1},
		{0x7fffff, [3]byte{0x7f, 0xff, 0xff}, 0x7fffff},
		{-0x800000, [3]byte{0x80, 0, 0}, -0x800000},
		{1 << 26, [3]byte{0x7f, 0xff, 0xff}, 0x7fffff},   // clamped (§A.3)
		{-1 << 26, [3]byte{0x80, 0x00, 0x00}, -0x800000}, // clamped
	} {
		r := ReceptionReport{SSRC: 1, FractionLost: 2, TotalLost: tc.lost, LastSequence: 3, Jitter: 4, LastSenderReport: 5, Delay: 6}
		b := r.appendTo(nil)
		if len(b) != ReceptionReportLen || [3]byte(b[5:8]) != tc.wire {
			t.Fatalf("lost %d encoded %x", tc.lost, b)
		}
		var q ReceptionReport
		q.unmarshal(b)
		r.TotalLost = tc.back
		if q != r {
			t.Fatalf("parsed %+v, want %+v", q, r)
		}
	}
	var dst []ReceptionReport
	if _, err := parseReports(&dst, make([]byte, 47), 2); err == nil {
		t.Fatal("two report blocks parsed from 47 octets")
	}
}
