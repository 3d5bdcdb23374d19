package rtcp

import "testing"

const goldenBYE = "81cb0002 902f9e2e 03627965"

func TestGoodbye(t *testing.T) {
	t.Logf("# RFC 3550 §6.6: BYE with one SSRC and the reason \"bye\"")
	fresh := func() Packet { return new(Goodbye) }
	checkGolden(t, &Goodbye{Sources: []uint32{0x902f9e2e}, Reason: []byte("bye")}, unhex(t, goldenBYE), fresh)
	checkRoundTrip(t, &Goodbye{Sources: []uint32{1, 2, 3}}, fresh)
	checkRoundTrip(t, &Goodbye{Reason: []byte("four")}, fresh)
	var g Goodbye
	if err := g.Unmarshal(unhex(t, "81cb0002 902f9e2e 05627965")); err == nil {
		t.Fatal("reason longer than the packet accepted")
	}
}

func FuzzGoodbye(f *testing.F) {
	f.Add(unhex(f, goldenBYE))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(Goodbye) }) })
}
