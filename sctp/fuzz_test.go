package sctp

import (
	"testing"
	"time"
)

// FuzzAssociation feeds arbitrary chunk sequences to an established
// association (with a correct tag and checksum, so that they reach the
// chunk handlers) and checks that it neither panics nor breaks its
// accounting. DESIGN.md §1: network input never panics.
func FuzzAssociation(f *testing.F) {
	for _, c := range sampleChunks() {
		f.Add(c, uint8(0))
	}
	h0 := &harness{tsn: 1000}
	f.Add(append(h0.data("a", flagBeginning), h0.data("b", flagEnding)...), uint8(3))
	f.Fuzz(func(t *testing.T, chunks []byte, steps uint8) {
		h := newHarness(&testing.T{}, nil)
		h.t = t
		h.establish()
		must(t, h.a.Send(1, 51, make([]byte, 3000), SendOptions{}))
		for i := 0; i <= int(steps%4); i++ {
			hd := Header{SrcPort: 5000, DstPort: 5000, VerificationTag: h.ourTag}
			p := append(hd.AppendTo(nil), chunks...)
			SetChecksum(p)
			h.a.HandleInput(h.now, p)
			for {
				if _, ok := h.a.PollTransmit(h.buf); !ok {
					break
				}
			}
			for {
				if _, ok := h.a.PollEvent(); !ok {
					break
				}
			}
			if d := h.a.NextDeadline(); !d.IsZero() {
				h.now = d
				h.a.HandleTimeout(h.now)
			} else {
				h.now = h.now.Add(time.Second)
			}
		}
		s := &h.a.snd
		if s.flight < 0 || s.unacked < 0 || s.buffered < 0 || h.a.rcv.buffered < 0 {
			t.Fatalf("accounting broke: flight %d unacked %d buffered %d rcv %d", s.flight, s.unacked, s.buffered, h.a.rcv.buffered)
		}
	})
}
