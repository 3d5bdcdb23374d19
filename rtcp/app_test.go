package rtcp

import "testing"

func TestApplicationDefined(t *testing.T) {
	t.Logf("# RFC 3550 §6.7: APP subtype 3, name \"TEST\", 4 octets of data")
	fresh := func() Packet { return new(ApplicationDefined) }
	want := &ApplicationDefined{Subtype: 3, SSRC: 0x902f9e2e, Name: [4]byte{'T', 'E', 'S', 'T'}, Data: []byte{1, 2, 3, 4}}
	checkGolden(t, want, unhex(t, "83cc0003 902f9e2e 54455354 01020304"), fresh)
}

func FuzzApplicationDefined(f *testing.F) {
	f.Add(unhex(f, "83cc0003 902f9e2e 54455354 01020304"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(ApplicationDefined) }) })
}
