package rtcp

import "testing"

const goldenPLI = "81ce0002 902f9e2e bc5e9a40"

func TestPLI(t *testing.T) {
	t.Logf("# RFC 4585 §6.3.1: PLI has no FCI, its length field MUST be 2")
	fresh := func() Packet { return new(PictureLossIndication) }
	checkGolden(t, &PictureLossIndication{SenderSSRC: 0x902f9e2e, MediaSSRC: 0xbc5e9a40}, unhex(t, goldenPLI), fresh)
	if err := fresh().Unmarshal(unhex(t, "81ce0003 902f9e2e bc5e9a40 00000000")); err == nil {
		t.Fatal("PLI with FCI accepted")
	}
}

func FuzzPLI(f *testing.F) {
	f.Add(unhex(f, goldenPLI))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(PictureLossIndication) }) })
}
