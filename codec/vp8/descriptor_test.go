package vp8

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestDescriptorGolden(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      Descriptor
	}{
		{"minimal S=1", "10", Descriptor{Start: true}},
		{"N, PID 3", "23", Descriptor{NonReference: true, PartitionID: 3}},
		{"7-bit PictureID", "9080" + "11", Descriptor{Start: true, HasPictureID: true, PictureID: 0x11}},
		{"15-bit PictureID", "9080" + "9234", Descriptor{Start: true, HasPictureID: true, PictureID15: true, PictureID: 0x1234}},
		{"all fields", "b0f0" + "ffff" + "07" + "a5", Descriptor{
			NonReference: true, Start: true, HasPictureID: true, PictureID15: true, PictureID: 0x7FFF,
			HasTL0PICIDX: true, TL0PICIDX: 7, HasTID: true, TID: 2, LayerSync: true, HasKeyIdx: true, KeyIdx: 5}},
		{"K without T", "8010" + "05", Descriptor{HasKeyIdx: true, KeyIdx: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := hex.DecodeString(tc.hex)
			var d Descriptor
			n, err := d.Unmarshal(append(b, 0x42))
			if err != nil || n != len(b) || d != tc.want {
				t.Fatalf("Unmarshal = %d %v %+v, want %d %+v", n, err, d, len(b), tc.want)
			}
			if out := d.AppendTo(nil); !bytes.Equal(out, b) || d.MarshalSize() != len(b) {
				t.Fatalf("AppendTo = %x, want %x", out, b)
			}
			for i := range len(b) {
				if _, err := d.Unmarshal(b[:i]); err == nil {
					t.Fatalf("prefix %x parsed", b[:i])
				}
			}
		})
	}
}

func FuzzDescriptor(f *testing.F) {
	for _, s := range []string{"10", "9080119234", "b0f0ffff07a5", "8010"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Descriptor
		n, err := d.Unmarshal(b)
		if err != nil {
			return
		}
		out := d.AppendTo(nil)
		if len(out) != d.MarshalSize() || len(out) > n {
			t.Fatalf("re-encoded %d bytes from %d (MarshalSize %d)", len(out), n, d.MarshalSize())
		}
		var e Descriptor
		m, err := e.Unmarshal(out)
		// Reserved bits and unused TID/KEYIDX bits are not kept.
		if err != nil || m != len(out) || e != d {
			t.Fatalf("round trip: %x -> %+v -> %x -> %+v %v", b[:n], d, out, e, err)
		}
	})
}
