package vnet

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestHeapOrdersByTimeThenSequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var h eventHeap
	var want []event
	for i := range 500 {
		e := event{at: t0.Add(time.Duration(rng.IntN(50)) * time.Millisecond), seq: uint64(i)}
		h.push(e)
		want = append(want, e)
	}
	slices.SortStableFunc(want, func(a, b event) int { return a.at.Compare(b.at) })
	for i, w := range want {
		if got := h.pop(); got.at != w.at || got.seq != w.seq {
			t.Fatalf("pop %d = (%v, %d), want (%v, %d): same-time events must keep their order", i, got.at.Sub(t0), got.seq, w.at.Sub(t0), w.seq)
		}
	}
	if len(h) != 0 {
		t.Fatalf("%d events left", len(h))
	}
}
