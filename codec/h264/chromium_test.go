package h264

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
)

func TestChromiumPayloads(t *testing.T) {
	pkts := capture.Load(t, "chromium-h264.hex")
	var d Depacketizer
	t.Logf("# Chromium starts with a STAP-A holding SPS, PPS and the IDR slice (RFC 6184 §5.7.1)")
	if pkts[0].Payload[0]&0x1F != NALSTAPA || !d.IsKeyframe(pkts[0].Payload) {
		t.Fatalf("first payload %x", pkts[0].Payload[:8])
	}
	out, err := d.Depacketize(pkts[0].Payload, nil)
	if err != nil {
		t.Fatal(err)
	}
	var types []byte
	for nal, rest := NextNAL(out); len(nal) > 0 || len(rest) > 0; nal, rest = NextNAL(rest) {
		types = append(types, nal[0]&0x1F)
	}
	if string(types) != string([]byte{NALSPS, NALPPS, NALIDR}) {
		t.Fatalf("NAL types %v", types)
	}
	t.Logf("# IsKeyframe agrees with the NAL types of every payload")
	for i, p := range pkts {
		d.Reset()
		out, err := d.Depacketize(p.Payload, nil)
		if err != nil {
			t.Fatalf("packet %d: %v", i, err)
		}
		idr := false
		for nal, rest := NextNAL(out); len(nal) > 0 || len(rest) > 0; nal, rest = NextNAL(rest) {
			idr = idr || nal[0]&0x1F == NALIDR
		}
		if d.IsKeyframe(p.Payload) != idr {
			t.Fatalf("packet %d: IsKeyframe %v, IDR present %v", i, !idr, idr)
		}
	}
}
