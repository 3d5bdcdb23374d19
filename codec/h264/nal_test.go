package h264

import (
	"bytes"
	"testing"
)

func TestNextNAL(t *testing.T) {
	stream := []byte{0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 0, 1, 0x65, 0x88, 0x84}
	var got [][]byte
	for nal, rest := NextNAL(stream); len(nal) > 0 || len(rest) > 0; nal, rest = NextNAL(rest) {
		got = append(got, nal)
	}
	want := [][]byte{{0x67, 0x42}, {0x68, 0xce}, {0x65, 0x88, 0x84}}
	if len(got) != len(want) {
		t.Fatalf("got %x", got)
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("NAL %d = %x, want %x", i, got[i], want[i])
		}
	}
	if nal, rest := NextNAL([]byte{0x41, 0x9a}); !bytes.Equal(nal, []byte{0x41, 0x9a}) || rest != nil {
		t.Fatalf("raw NAL: %x %x", nal, rest)
	}
}

func FuzzNextNAL(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68})
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := 0; len(b) > 0; i++ {
			_, rest := NextNAL(b)
			if len(rest) >= len(b) {
				t.Fatalf("no progress on %x", b)
			}
			b = rest
		}
	})
}
