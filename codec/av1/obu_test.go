package av1

import (
	"bytes"
	"testing"
)

func TestLEB128(t *testing.T) {
	for _, tc := range []struct {
		v uint64
		b []byte
	}{
		{0, []byte{0}}, {127, []byte{0x7f}}, {128, []byte{0x80, 0x01}}, {300, []byte{0xac, 0x02}},
		{1<<32 - 1, []byte{0xff, 0xff, 0xff, 0xff, 0x0f}},
	} {
		if got := AppendLEB128(nil, tc.v); !bytes.Equal(got, tc.b) || LEB128Size(tc.v) != len(tc.b) {
			t.Errorf("AppendLEB128(%d) = %x", tc.v, got)
		}
		v, n, err := ReadLEB128(tc.b)
		if err != nil || v != tc.v || n != len(tc.b) {
			t.Errorf("ReadLEB128(%x) = %d %d %v", tc.b, v, n, err)
		}
		for i := range len(tc.b) {
			if _, _, err := ReadLEB128(tc.b[:i]); err == nil {
				t.Errorf("prefix %x parsed", tc.b[:i])
			}
		}
	}
	t.Logf("# AV1 §4.10.5: non-minimal encodings are valid; at most 8 bytes and 2^32-1")
	if v, n, err := ReadLEB128([]byte{0x81, 0x80, 0x00}); err != nil || v != 1 || n != 3 {
		t.Fatalf("padded leb128: %d %d %v", v, n, err)
	}
	if _, _, err := ReadLEB128([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}); err == nil {
		t.Fatal("9-byte leb128 accepted")
	}
	if _, _, err := ReadLEB128([]byte{0x80, 0x80, 0x80, 0x80, 0x10}); err == nil {
		t.Fatal("2^32 accepted")
	}
}

func TestNextOBU(t *testing.T) {
	// A frame OBU with extension (temporal 1, spatial 0) and size 2, then
	// a padding OBU without size field.
	b := []byte{0x36, 0x20, 0x02, 0xaa, 0xbb, 0x78, 0x01}
	hdr, payload, rest, err := NextOBU(b)
	if err != nil || !bytes.Equal(hdr, []byte{0x36, 0x20}) || !bytes.Equal(payload, []byte{0xaa, 0xbb}) {
		t.Fatalf("%x %x %v", hdr, payload, err)
	}
	hdr, payload, rest, err = NextOBU(rest)
	if err != nil || OBUType(hdr[0]) != OBUPadding || !bytes.Equal(payload, []byte{0x01}) || len(rest) != 0 {
		t.Fatalf("%x %x %x %v", hdr, payload, rest, err)
	}
	if _, _, _, err := NextOBU([]byte{0x80}); err == nil {
		t.Fatal("forbidden bit accepted")
	}
	if _, _, _, err := NextOBU([]byte{0x32, 0x05, 0x00}); err == nil {
		t.Fatal("size past the end accepted")
	}
}
