package vp9

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"
)

func TestDescriptorGolden(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      Descriptor
	}{
		{"minimal B E", "0c", Descriptor{StartOfFrame: true, EndOfFrame: true}},
		{"non-flexible, 7-bit PID, layers", "a8" + "05" + "52" + "09", Descriptor{
			HasPictureID: true, HasLayerIndices: true, StartOfFrame: true, PictureID: 5,
			TID: 2, SwitchingUp: true, SID: 1, TL0PICIDX: 9}},
		{"flexible inter, 3 P_DIFFs", "f9" + "8123" + "41" + "03" + "05" + "08", Descriptor{
			HasPictureID: true, InterPicture: true, HasLayerIndices: true, Flexible: true, StartOfFrame: true,
			NotRefForUpper: true, PictureID15: true, PictureID: 0x123, TID: 2, InterLayer: true,
			NumPDiff: 3, PDiff: [3]uint8{1, 2, 4}}},
		{"key frame with SS (2 layers, resolution, PG)", "8a" + "8001" +
			"38" + "0140" + "00b4" + "0280" + "0168" + "02" + "04" + "02" + "44" + "01", Descriptor{
			HasPictureID: true, StartOfFrame: true, HasSS: true, PictureID15: true, PictureID: 1,
			SS: ScalabilityStructure{SpatialLayers: 2, HasResolution: true, HasPG: true,
				Width: [8]uint16{320, 640}, Height: [8]uint16{180, 360}, NumPictures: 2,
				PG: []byte{0x04, 0x02, 0x44, 0x01}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := hex.DecodeString(tc.hex)
			var d Descriptor
			n, err := d.Unmarshal(append(b, 0xAA))
			if err != nil || n != len(b) || !equal(&d, &tc.want) {
				t.Fatalf("Unmarshal = %d %v\n %+v\nwant %d\n %+v", n, err, d, len(b), tc.want)
			}
			if out := d.AppendTo(nil); !bytes.Equal(out, b) {
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

func TestDescriptorInvalid(t *testing.T) {
	for _, h := range []string{
		"d0" + "01" + "00",                      // P_DIFF of zero
		"d0" + "01" + "03" + "05" + "07" + "09", // four P_DIFFs
	} {
		b, _ := hex.DecodeString(h)
		var d Descriptor
		if _, err := d.Unmarshal(append(b, 0xAA)); err == nil {
			t.Fatalf("%s accepted", h)
		}
	}
	t.Logf("# RFC 9628 §4.2: if the I bit is zero, F MUST be zero and ignored by receivers")
	var d Descriptor
	if n, err := d.Unmarshal([]byte{0x58, 0x00, 0x01, 0xAA}); err != nil || d.Flexible || n != 1 {
		t.Fatalf("F without I: %d %v %+v", n, err, d)
	}
}

func equal(a, b *Descriptor) bool {
	x, y := *a, *b
	if len(x.SS.PG) == 0 {
		x.SS.PG = nil
	}
	if len(y.SS.PG) == 0 {
		y.SS.PG = nil
	}
	return reflect.DeepEqual(x, y)
}

func FuzzDescriptor(f *testing.F) {
	for _, s := range []string{"0c", "a8055209", "f98123410305 08", "8a800138014000b40280016802040244 01"} {
		b, _ := hex.DecodeString(string(bytes.ReplaceAll([]byte(s), []byte(" "), nil)))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Descriptor
		n, err := d.Unmarshal(b)
		if err != nil {
			return
		}
		out := d.AppendTo(nil)
		if len(out) > n {
			t.Fatalf("re-encoding grew: %d > %d", len(out), n)
		}
		var e Descriptor
		m, err := e.Unmarshal(out)
		if err != nil || m != len(out) || !equal(&d, &e) {
			t.Fatalf("round trip %x -> %x: %v\n%+v\n%+v", b[:n], out, err, d, e)
		}
	})
}
