package rtcp

import "testing"

const goldenREMB = "8fce0006 902f9e2e 00000000 52454d42 020bd090 bc5e9a40 12345678"

func TestREMB(t *testing.T) {
	t.Logf("# REMB 1 Mbit/s = 250000 × 2^2 for two SSRCs")
	fresh := func() Packet { return new(ReceiverEstimatedMaximumBitrate) }
	want := &ReceiverEstimatedMaximumBitrate{SenderSSRC: 0x902f9e2e, Bitrate: 1_000_000, SSRCs: []uint32{0xbc5e9a40, 0x12345678}}
	checkGolden(t, want, unhex(t, goldenREMB), fresh)
	for _, br := range []uint64{0, 1, 1<<18 - 1, 1 << 18, 123456789 &^ 0x3ff, 0x3ffff << 46} {
		checkRoundTrip(t, &ReceiverEstimatedMaximumBitrate{Bitrate: br}, fresh)
	}
	var r ReceiverEstimatedMaximumBitrate
	if err := r.Unmarshal((&ReceiverEstimatedMaximumBitrate{Bitrate: 123456789}).AppendTo(nil)); err != nil || r.Bitrate != 123456789>>9<<9 {
		t.Fatalf("rounding: %d %v", r.Bitrate, err)
	}
	t.Logf("# an exponent that overflows 64 bits is rejected")
	if err := r.Unmarshal(unhex(t, "8fce0005 902f9e2e 00000000 52454d42 00ffffff")); err == nil {
		t.Fatal("overflowing bitrate accepted")
	}
	if IsREMB(unhex(t, "8fce0005 902f9e2e 00000000 41424344 00000000")) {
		t.Fatal("non-REMB AFB taken for REMB")
	}
}

func FuzzREMB(f *testing.F) {
	f.Add(unhex(f, goldenREMB))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzPacket(t, b, func() Packet { return new(ReceiverEstimatedMaximumBitrate) })
	})
}
