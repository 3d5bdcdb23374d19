package ice

import "testing"

func TestPairPriority(t *testing.T) {
	t.Logf("# RFC 8445 §6.1.2.3: pair priority = 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)")
	for _, tc := range []struct {
		g, d uint32
		want uint64
	}{
		{1, 2, 1<<32 + 4},
		{2, 1, 1<<32 + 4 + 1},
		{7, 7, 7<<32 + 14},
		{0x7effffff, 0x7effffff, 0x7effffff<<32 + 0xfdfffffe},
		{0x7effffff, 0x7eff0000, 0x7eff0000<<32 + 0xfdfffffe + 1},
	} {
		if got := PairPriority(tc.g, tc.d); got != tc.want {
			t.Errorf("G=%d D=%d: %d, want %d", tc.g, tc.d, got, tc.want)
		}
	}
	t.Logf("# both agents compute the same priority for a pair when they agree on roles")
	g, d := Priority(CandidateHost, 65535, 1), Priority(CandidateServerReflexive, 100, 1)
	if PairPriority(g, d) == PairPriority(d, g) {
		t.Errorf("G>D tie-break bit missing")
	}
}
