package rtcp

import "testing"

// Golden bytes in this file were produced by Pion's rtcp v1.2.17 (used as a
// test peer) for the same field values; their layout follows RFC 3550
// §6.4.1 and §6.4.2 field by field.

var goldenSR = "81c8000c 902f9e2e da8bd1fc dddda05a aaf4edd5 00000001 00000002" +
	"bc5e9a40 00000000 000046e1 00000111 09f36432 00024a79"

func TestSenderReport(t *testing.T) {
	t.Logf("# RFC 3550 §6.4.1: SR with one report block (RC=1, length 12)")
	want := &SenderReport{SSRC: 0x902f9e2e, NTPTime: 0xda8bd1fcdddda05a, RTPTime: 0xaaf4edd5, PacketCount: 1, OctetCount: 2,
		Reports: []ReceptionReport{{SSRC: 0xbc5e9a40, LastSequence: 0x46e1, Jitter: 273, LastSenderReport: 0x9f36432, Delay: 150137}}}
	checkGolden(t, want, unhex(t, goldenSR), func() Packet { return new(SenderReport) })
	checkRoundTrip(t, &SenderReport{SSRC: 1, Extensions: []byte{1, 2, 3, 4, 5, 6, 7, 8}}, func() Packet { return new(SenderReport) })
}

func FuzzSenderReport(f *testing.F) {
	f.Add(unhex(f, goldenSR))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(SenderReport) }) })
}
