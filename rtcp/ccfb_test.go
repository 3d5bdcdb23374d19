package rtcp

import "testing"

// goldenCCFB was produced by Pion's rtcp v1.2.17 (test peer): one report
// block, begin_seq 1000, three metric blocks (received ATO 100; lost;
// received ECN-CE ATO 0x1FFF unavailable), padding, report timestamp.
const goldenCCFB = "8bcd0006 902f9e2e bc5e9a40 03e8 0003 8064 0000 ffff 0000 12345678"

func TestCCFB(t *testing.T) {
	t.Logf("# RFC 8888 §3.1: report blocks, 16-bit metrics padded to 32 bits, then RTS")
	fresh := func() Packet { return new(CongestionControlFeedback) }
	want := &CongestionControlFeedback{SenderSSRC: 0x902f9e2e, ReportTimestamp: 0x12345678,
		Reports: []CCFBReport{{MediaSSRC: 0xbc5e9a40, BeginSequence: 1000, Metrics: []CCFBMetric{
			{Received: true, ArrivalTimeOffset: 100}, {}, {Received: true, ECN: 3, ArrivalTimeOffset: 0x1fff}}}}}
	checkGolden(t, want, unhex(t, goldenCCFB), fresh)
	checkRoundTrip(t, &CongestionControlFeedback{ReportTimestamp: 7}, fresh)
	checkRoundTrip(t, &CongestionControlFeedback{Reports: []CCFBReport{
		{MediaSSRC: 1, BeginSequence: 65535, Metrics: []CCFBMetric{{Received: true, ECN: 1, ArrivalTimeOffset: 5}, {Received: true}}},
		{MediaSSRC: 2},
	}}, fresh)
	t.Logf("# R = 0: the other 15 bits MUST be ignored")
	var p CongestionControlFeedback
	if err := p.Unmarshal(unhex(t, "8bcd0005 902f9e2e bc5e9a40 03e8 0001 7fff 0000 12345678")); err != nil || !same(p.Reports[0].Metrics[0], CCFBMetric{}) {
		t.Fatalf("%+v %v", p, err)
	}
	t.Logf("# a report block MUST NOT include more than 16384 metric blocks")
	if err := p.Unmarshal(unhex(t, "8bcd0004 902f9e2e bc5e9a40 03e8 4001 12345678")); err == nil {
		t.Fatal("16385 metrics accepted")
	}
}

func FuzzCCFB(f *testing.F) {
	f.Add(unhex(f, goldenCCFB))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzPacket(t, b, func() Packet { return new(CongestionControlFeedback) })
	})
}
