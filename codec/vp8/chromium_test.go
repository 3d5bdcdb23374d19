package vp8

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
)

func TestChromiumDescriptors(t *testing.T) {
	pkts := capture.Load(t, "chromium-vp8.hex")
	var d Depacketizer
	var desc Descriptor
	n, err := desc.Unmarshal(pkts[0].Payload)
	t.Logf("# Chromium sends X=1 S=1 PID=0 with a 15-bit PictureID (RFC 7741 §4.2)")
	if err != nil || n != 4 || desc != (Descriptor{Start: true, HasPictureID: true, PictureID15: true, PictureID: 0x2fe9}) {
		t.Fatalf("first descriptor %d %v %+v", n, err, desc)
	}
	if !d.IsKeyframe(pkts[0].Payload) || !d.IsFrameStart(pkts[0].Payload) {
		t.Fatal("Chromium's first packet is not a key frame start")
	}
	prev := desc.PictureID
	for i, p := range pkts[1:] {
		if _, err := desc.Unmarshal(p.Payload); err != nil {
			t.Fatal(err)
		}
		if desc.Start && desc.PictureID != (prev+1)&0x7FFF {
			t.Fatalf("packet %d: PictureID %#x after %#x", i+1, desc.PictureID, prev)
		}
		prev = desc.PictureID
		if d.IsKeyframe(p.Payload) {
			t.Fatalf("packet %d: unexpected key frame", i+1)
		}
		if out := desc.AppendTo(nil); string(out) != string(p.Payload[:len(out)]) {
			t.Fatalf("packet %d: descriptor re-encodes as %x", i+1, out)
		}
	}
}
