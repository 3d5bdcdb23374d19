package rtp

import "testing"

func TestSeqNewer(t *testing.T) {
	for _, tc := range []struct {
		a, b uint16
		want bool
	}{
		{1, 0, true}, {0, 1, false}, {0, 65535, true}, {65535, 0, false},
		{5, 5, false}, {0x8000, 0, false}, {0x7FFF, 0, true},
	} {
		if got := SeqNewer(tc.a, tc.b); got != tc.want {
			t.Errorf("SeqNewer(%d, %d) = %v", tc.a, tc.b, got)
		}
	}
}

func TestSeqUnwrapper(t *testing.T) {
	t.Logf("# RFC 3550 A.1: count wraps of the 16-bit sequence number")
	var u SeqUnwrapper
	base := u.Unwrap(65534)
	for i, tc := range []struct {
		seq  uint16
		want uint64
	}{
		{65535, base + 1}, {0, base + 2}, {65533, base - 1}, {1, base + 3},
		{0x8000, base + 2 + 0x8000}, {0xFFFF, base + 2 + 0xFFFF}, {2, base + 2 + 0x10002},
	} {
		if got := u.Unwrap(tc.seq); got != tc.want {
			t.Fatalf("step %d: Unwrap(%d) = %d, want %d", i, tc.seq, got, tc.want)
		}
	}
}
