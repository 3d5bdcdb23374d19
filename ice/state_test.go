package ice

import "testing"

func TestStateNames(t *testing.T) {
	t.Logf("# W3C webrtc-pc: RTCIceTransportState and RTCIceGathererState enum values")
	want := []string{"new", "checking", "connected", "completed", "disconnected", "failed", "closed"}
	for i, w := range want {
		if got := TransportState(i).String(); got != w {
			t.Errorf("TransportState(%d) = %q, want %q", i, got, w)
		}
	}
	for i, w := range []string{"new", "gathering", "complete"} {
		if got := GatheringState(i).String(); got != w {
			t.Errorf("GatheringState(%d) = %q, want %q", i, got, w)
		}
	}
	for i, w := range []string{"frozen", "waiting", "in-progress", "succeeded", "failed"} {
		if got := PairState(i).String(); got != w {
			t.Errorf("PairState(%d) = %q, want %q", i, got, w)
		}
	}
	if Controlling.String() != "controlling" || Controlled.String() != "controlled" {
		t.Errorf("role names")
	}
}
