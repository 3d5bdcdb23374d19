package rtcp

import "testing"

const goldenFIR = "84ce0004 902f9e2e 00000000 bc5e9a40 07000000"

func TestFIR(t *testing.T) {
	t.Logf("# RFC 5104 §4.3.1: FIR, media SSRC 0, one entry with seq nr 7")
	fresh := func() Packet { return new(FullIntraRequest) }
	checkGolden(t, &FullIntraRequest{SenderSSRC: 0x902f9e2e, Entries: []FIREntry{{0xbc5e9a40, 7}}}, unhex(t, goldenFIR), fresh)
	checkRoundTrip(t, &FullIntraRequest{Entries: []FIREntry{{1, 2}, {3, 255}}}, fresh)
}

func FuzzFIR(f *testing.F) {
	f.Add(unhex(f, goldenFIR))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(FullIntraRequest) }) })
}
