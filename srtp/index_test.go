package srtp

import "testing"

func TestEstimateIndex(t *testing.T) {
	t.Logf("# RFC 3711 §3.3.1 / Appendix A: guess v among ROC-1, ROC, ROC+1")
	for _, tc := range []struct {
		highest uint64
		seq     uint16
		want    uint64
		ok      bool
	}{
		{5<<16 | 100, 101, 5<<16 | 101, true},
		{5<<16 | 100, 50, 5<<16 | 50, true},
		{5<<16 | 100, 65000, 4<<16 | 65000, true}, // late packet from the previous ROC
		{5<<16 | 65000, 10, 6<<16 | 10, true},     // wrap
		{5<<16 | 65000, 40000, 5<<16 | 40000, true},
		{5<<16 | 40000, 7000, 6<<16 | 7000, true}, // s_l-32768 = 7232 > SEQ: v = ROC+1
		{5<<16 | 40000, 7300, 5<<16 | 7300, true},
		{100, 65000, 0, false}, // before the first packet
		{32768, 0, 0, true},
	} {
		got, ok := estimateIndex(tc.highest, tc.seq)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("estimateIndex(%d:%d, %d) = %d:%d %v, want %d:%d %v", tc.highest>>16, uint16(tc.highest), tc.seq,
				got>>16, uint16(got), ok, tc.want>>16, uint16(tc.want), tc.ok)
		}
	}
}
