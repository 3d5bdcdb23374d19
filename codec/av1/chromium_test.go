package av1

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
)

func TestChromiumPayloads(t *testing.T) {
	pkts := capture.Load(t, "chromium-av1.hex")
	var d Depacketizer
	t.Logf("# Chromium's first packet: N=1, W=2, a sequence header then a frame OBU, no size fields")
	if pkts[0].Payload[0] != 0x28 || !d.IsKeyframe(pkts[0].Payload) || !d.IsFrameStart(pkts[0].Payload) {
		t.Fatalf("first aggregation header %#x", pkts[0].Payload[0])
	}
	for i, p := range pkts {
		d.Reset()
		if i > 0 && d.IsKeyframe(p.Payload) {
			t.Fatalf("packet %d: unexpected N bit", i)
		}
		out, err := d.Depacketize(p.Payload, nil)
		if err != nil {
			t.Fatalf("packet %d: %v", i, err)
		}
		var types []uint8
		for b := out; len(b) > 0; {
			hdr, _, rest, err := NextOBU(b)
			if err != nil {
				t.Fatalf("packet %d: output %v", i, err)
			}
			types = append(types, OBUType(hdr[0]))
			b = rest
		}
		if i == 0 && (len(types) != 3 || types[1] != OBUSequenceHeader || types[2] != OBUFrame) {
			t.Fatalf("first temporal unit OBU types %v", types)
		}
	}
}
