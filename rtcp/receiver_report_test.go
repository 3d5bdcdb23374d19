package rtcp

import "testing"

func TestReceiverReport(t *testing.T) {
	t.Logf("# RFC 3550 §6.4.2: RR with one report block, fraction lost 1/16, 3 lost")
	want := &ReceiverReport{SSRC: 0x902f9e2e,
		Reports: []ReceptionReport{{SSRC: 0xbc5e9a40, FractionLost: 0x10, TotalLost: 3, LastSequence: 0x46e1, Jitter: 273, LastSenderReport: 0x9f36432, Delay: 150137}}}
	checkGolden(t, want, unhex(t, "81c90007 902f9e2e bc5e9a40 10000003 000046e1 00000111 09f36432 00024a79"),
		func() Packet { return new(ReceiverReport) })
	t.Logf("# the cumulative number lost is a signed 24-bit field; AppendTo clamps (RFC 3550 §A.3)")
	neg := &ReceiverReport{Reports: []ReceptionReport{{TotalLost: -5}, {TotalLost: 0x7fffff}, {TotalLost: -0x800000}}}
	checkRoundTrip(t, neg, func() Packet { return new(ReceiverReport) })
	big := &ReceiverReport{Reports: []ReceptionReport{{TotalLost: 1 << 30}}}
	var rr ReceiverReport
	if err := rr.Unmarshal(big.AppendTo(nil)); err != nil || rr.Reports[0].TotalLost != 0x7fffff {
		t.Fatalf("clamp: %+v %v", rr, err)
	}
	t.Logf("# at most 31 report blocks fit the RC field")
	many := &ReceiverReport{Reports: make([]ReceptionReport, 40)}
	if err := rr.Unmarshal(many.AppendTo(nil)); err != nil || len(rr.Reports) != 31 {
		t.Fatalf("%d reports, %v", len(rr.Reports), err)
	}
}

func FuzzReceiverReport(f *testing.F) {
	f.Add(unhex(f, "81c90007 902f9e2e bc5e9a40 10000003 000046e1 00000111 09f36432 00024a79"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(ReceiverReport) }) })
}
