package rtcp

import "testing"

const (
	goldenSDES = "81ca000c 902f9e2e 0126 7b39633030656239322d316166622d396434392d613437642d3931663634656565363966357d 00000000"
)

func TestSourceDescription(t *testing.T) {
	t.Logf("# RFC 3550 §6.5.1: one chunk with a CNAME, null-terminated and padded to 32 bits")
	want := &SourceDescription{Chunks: []SDESChunk{{Source: 0x902f9e2e,
		Items: []SDESItem{{Type: SDESCNAME, Text: []byte("{9c00eb92-1afb-9d49-a47d-91f64eee69f5}")}}}}}
	checkGolden(t, want, unhex(t, goldenSDES), func() Packet { return new(SourceDescription) })
	fresh := func() Packet { return new(SourceDescription) }
	checkRoundTrip(t, &SourceDescription{}, fresh)
	checkRoundTrip(t, &SourceDescription{Chunks: []SDESChunk{
		{Source: 1, Items: []SDESItem{{Type: SDESCNAME, Text: []byte("ab")}, {Type: SDESTool, Text: []byte("x")}}},
		{Source: 2},
		{Source: 3, Items: []SDESItem{{Type: SDESNote, Text: []byte{}}}},
	}}, fresh)
	t.Logf("# a chunk whose item list has no terminating null octet is rejected")
	var s SourceDescription
	if err := s.Unmarshal(unhex(t, "81ca0002 00000001 01020a0b")); err == nil {
		t.Fatal("chunk without null octet accepted")
	}
	if err := s.Unmarshal(unhex(t, "81ca0002 00000001 01050a0b")); err == nil {
		t.Fatal("item overrunning the packet accepted")
	}
}

func FuzzSourceDescription(f *testing.F) {
	f.Add(unhex(f, goldenSDES))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(SourceDescription) }) })
}
