package rtcp

import (
	"slices"
	"testing"
)

const goldenNACK = "81cd0003 902f9e2e bc5e9a40 aaaa8001"

func TestNack(t *testing.T) {
	t.Logf("# RFC 4585 §6.2.1: PID 0xaaaa lost, BLP 0x8001 → also PID+1 and PID+16")
	fresh := func() Packet { return new(TransportLayerNack) }
	want := &TransportLayerNack{SenderSSRC: 0x902f9e2e, MediaSSRC: 0xbc5e9a40, Nacks: []NackPair{{0xaaaa, 0x8001}}}
	checkGolden(t, want, unhex(t, goldenNACK), fresh)
	if got := want.Nacks[0].AppendSequences(nil); !slices.Equal(got, []uint16{0xaaaa, 0xaaab, 0xaaba}) || want.Nacks[0].Count() != 3 {
		t.Fatalf("sequences %x", got)
	}
	t.Logf("# the FCI MUST contain at least one Generic NACK")
	var n TransportLayerNack
	if err := n.Unmarshal(unhex(t, "81cd0002 902f9e2e bc5e9a40")); err == nil {
		t.Fatal("NACK without FCI accepted")
	}
	lost := []uint16{65534, 65535, 0, 15, 16, 40}
	pairs := AppendNackPairs(nil, lost)
	var back []uint16
	for _, p := range pairs {
		back = p.AppendSequences(back)
	}
	if !slices.Equal(back, lost) || len(pairs) != 3 {
		t.Fatalf("pairs %+v give %v", pairs, back)
	}
}

func FuzzNack(f *testing.F) {
	f.Add(unhex(f, goldenNACK))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(TransportLayerNack) }) })
}
