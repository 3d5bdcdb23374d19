package srtp

import "testing"

func TestReplayWindow(t *testing.T) {
	t.Logf("# RFC 3711 §3.3.2: accept newer indices and unseen ones inside the window")
	w := newReplayWindow(64)
	want := func(i uint64, ok bool) {
		t.Helper()
		if got := w.check(i); got != ok {
			t.Fatalf("check(%d) = %v, want %v (highest %d)", i, got, ok, w.highest)
		}
		if ok {
			w.accept(i)
		}
	}
	want(100, true)
	want(100, false)
	want(99, true)
	want(37, true) // 100-63
	want(36, false)
	want(164, true)
	want(100, false) // 164-100 = 64: outside
	want(101, true)
	want(101, false)
	want(1000, true)
	want(999, true)
	want(164, false)
	t.Logf("# jumps larger than the bitmap clear it")
	want(1_000_000, true)
	want(999_999, true)
	want(1_000_000-63, true)
	want(1_000_000-63, false)
}

func TestReplayWindowLarge(t *testing.T) {
	w := newReplayWindow(1000)
	w.accept(5000)
	for i := uint64(4001); i < 5000; i += 3 {
		if !w.check(i) {
			t.Fatalf("unseen %d refused", i)
		}
		w.accept(i)
	}
	for i := uint64(4001); i < 5000; i++ {
		if w.check(i) != ((i-4001)%3 != 0) {
			t.Fatalf("index %d: check %v", i, w.check(i))
		}
	}
	if w.check(4000) {
		t.Fatal("index 1000 behind accepted")
	}
	w.accept(5500) // slide by 500: bits for 5001..5499 cleared
	for i := uint64(5001); i < 5500; i++ {
		if !w.check(i) {
			t.Fatalf("index %d after slide refused", i)
		}
	}
	if !w.check(4501) || w.check(4502) || w.check(4500) {
		t.Fatal("old marks lost or kept wrongly after slide")
	}
}
