package dtls

import "testing"

// TestReplayWindow follows RFC 6347 §4.1.2.6: a record left of the window
// or already received is rejected; everything newer is accepted.
func TestReplayWindow(t *testing.T) {
	var w replayWindow
	for _, s := range []uint64{5, 3, 100, 40, 99} {
		if !w.check(s) {
			t.Fatalf("fresh %d rejected", s)
		}
		w.mark(s)
	}
	for _, s := range []uint64{5, 3, 100, 40, 99, 36} {
		if w.check(s) {
			t.Fatalf("%d accepted twice or too old", s)
		}
	}
	if !w.check(37) || !w.check(98) || !w.check(101) {
		t.Fatal("fresh record in window rejected")
	}
}
