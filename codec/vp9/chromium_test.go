package vp9

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
)

func TestChromiumDescriptors(t *testing.T) {
	pkts := capture.Load(t, "chromium-vp9.hex")
	var d Depacketizer
	var desc Descriptor
	n, err := desc.Unmarshal(pkts[0].Payload)
	t.Logf("# Chromium's key frame: flexible mode, B E V Z, SS with one 320x240 layer (RFC 9628 §4.2, §4.2.1)")
	if err != nil || n != 8 || !desc.Flexible || desc.InterPicture || !desc.StartOfFrame || !desc.EndOfFrame ||
		!desc.HasSS || desc.SS.SpatialLayers != 1 || desc.SS.Width[0] != 320 || desc.SS.Height[0] != 240 || desc.PictureID != 0x1dc5 {
		t.Fatalf("first descriptor %d %v %+v", n, err, desc)
	}
	if !d.IsKeyframe(pkts[0].Payload) || !IsKeyframeBitstream(pkts[0].Payload[n:]) {
		t.Fatal("first packet is not a key frame")
	}
	for i, p := range pkts[1:] {
		n, err := desc.Unmarshal(p.Payload)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("# inter frames: P=1 with one reference index")
		if !desc.InterPicture || desc.NumPDiff < 1 || d.IsKeyframe(p.Payload) || IsKeyframeBitstream(p.Payload[n:]) {
			t.Fatalf("packet %d: %+v", i+1, desc)
		}
		if out := desc.AppendTo(nil); string(out) != string(p.Payload[:n]) {
			t.Fatalf("packet %d: descriptor re-encodes as %x, was %x", i+1, out, p.Payload[:n])
		}
	}
}
