package rtcp

import (
	"math/rand/v2"
	"testing"
)

// goldenTWCC was produced by Pion's rtcp v1.2.17 (test peer; its header
// fixed to FMT 15, PT 205, length 7): base 153, 24 statuses, reference time
// 0x123456, feedback count 23; chunks: run of 1 small delta, run of 20 not
// received, a two-bit vector (small, large, not received); deltas 4, 100,
// -3 (× 250 µs).
const goldenTWCC = "8fcd0007 902f9e2e bc5e9a40 0099 0018 123456 17 2001 0014 d800 04 64 fffd 0000"

func twccPackets(spec ...any) []TWCCPacket {
	var out []TWCCPacket
	for i := 0; i < len(spec); i += 2 {
		out = append(out, TWCCPacket{Status: spec[i].(TWCCStatus), Delta: int16(spec[i+1].(int))})
	}
	return out
}

func TestTransportCCGolden(t *testing.T) {
	t.Logf("# draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: parse chunks then deltas")
	var p TransportCC
	if err := p.Unmarshal(unhex(t, goldenTWCC)); err != nil {
		t.Fatal(err)
	}
	want := TransportCC{SenderSSRC: 0x902f9e2e, MediaSSRC: 0xbc5e9a40, BaseSequence: 153, ReferenceTime: 0x123456, FeedbackCount: 23}
	want.Packets = twccPackets(TWCCSmallDelta, 4)
	for range 20 {
		want.Packets = append(want.Packets, TWCCPacket{})
	}
	want.Packets = append(want.Packets, twccPackets(TWCCSmallDelta, 100, TWCCLargeDelta, -3, TWCCNotReceived, 0)...)
	if !same(p, want) {
		t.Fatalf("got  %+v\nwant %+v", p, want)
	}
	checkRoundTrip(t, &p, func() Packet { return new(TransportCC) })
	b := unhex(t, goldenTWCC)
	for i := range len(b) {
		if err := new(TransportCC).Unmarshal(b[:i]); err == nil {
			t.Fatalf("%d-octet prefix parsed", i)
		}
	}
}

func TestTransportCCChunkExamples(t *testing.T) {
	t.Logf("# §3.1.3 example 1: run of 221 'not received'; §3.1.4 example 1: one-bit vector")
	// 8 + 8 octets of FCI header, chunk 0x00dd (run 221 not received), then a
	// one-bit vector 0x9f1c built from the example
	// bits 1 0 | 0 1 1 1 1 1 0 0 0 1 1 1 0 0.
	b := unhex(t, "8fcd0007 00000001 00000002 0000 00eb 000000 00 00dd 9f1c 0101 0101 01010101")
	var p TransportCC
	if err := p.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if len(p.Packets) != 235 {
		t.Fatalf("%d packets", len(p.Packets))
	}
	var got []TWCCStatus
	for _, pk := range p.Packets[221:] {
		got = append(got, pk.Status)
	}
	want := []TWCCStatus{0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0}
	if !same(got, want) {
		t.Fatalf("vector symbols %v, want %v", got, want)
	}
	t.Logf("# §3.1.4 example 2: two-bit vector: not received, large, small×3, not received×2")
	b = unhex(t, "8fcd0006 00000001 00000002 0000 0007 000000 00 c950 aaaa 010203 00")
	if err := p.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, pk := range p.Packets {
		got = append(got, pk.Status)
	}
	if want := []TWCCStatus{0, 2, 1, 1, 1, 0, 0}; !same(got, want) {
		t.Fatalf("two-bit symbols %v, want %v", got, want)
	}
	if p.Packets[1].Delta != -21846 || p.Packets[4].Delta != 3 {
		t.Fatalf("deltas %+v", p.Packets)
	}
	t.Logf("# the reserved symbol 11 is rejected")
	if err := p.Unmarshal(unhex(t, "8fcd0005 00000001 00000002 0000 0001 000000 00 6001 0000")); err == nil {
		t.Fatal("reserved symbol accepted")
	}
}

func TestTransportCCRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fresh := func() Packet { return new(TransportCC) }
	for range 300 {
		p := &TransportCC{SenderSSRC: r.Uint32(), MediaSSRC: r.Uint32(), BaseSequence: uint16(r.Uint32()),
			ReferenceTime: int32(r.IntN(1<<24)) - 1<<23, FeedbackCount: uint8(r.Uint32())}
		n := r.IntN(300)
		mode := r.IntN(4)
		for range n {
			var pk TWCCPacket
			switch x := r.IntN(10); {
			case mode == 0 && x < 9, x < 3:
				// not received
			case mode == 1 || x < 8:
				pk = TWCCPacket{Status: TWCCSmallDelta, Delta: int16(r.IntN(256))}
			default:
				pk = TWCCPacket{Status: TWCCLargeDelta, Delta: int16(r.Uint32())}
			}
			p.Packets = append(p.Packets, pk)
		}
		checkRoundTrip(t, p, fresh)
	}
	t.Logf("# a small delta out of [0, 255] is sent as a large delta")
	p := &TransportCC{Packets: twccPackets(TWCCSmallDelta, 300, TWCCSmallDelta, -1)}
	var q TransportCC
	if err := q.Unmarshal(p.AppendTo(nil)); err != nil || q.Packets[0].Status != TWCCLargeDelta || q.Packets[1].Delta != -1 {
		t.Fatalf("%+v %v", q, err)
	}
}

func FuzzTransportCC(f *testing.F) {
	f.Add(unhex(f, goldenTWCC))
	f.Add(unhex(f, "8fcd0007 00000001 00000002 0000 00eb 000000 00 00dd 9f1c 0101 0101 01010101"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(TransportCC) }) })
}
