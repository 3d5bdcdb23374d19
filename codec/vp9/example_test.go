package vp9_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/vp9"
)

func Example() {
	keyframe := []byte{0x82, 0x49, 0x83, 0x42, 0x00, 0x13, 0xf0}
	p := vp9.Payloader{Flexible: true, PictureID: 0x1234, Width: 320, Height: 240}
	var d vp9.Descriptor
	_ = p.Payload(1200, keyframe, func(payload []byte, marker bool) {
		n, _ := d.Unmarshal(payload)
		fmt.Printf("descriptor %x: B=%v E=%v P=%v SS %dx%d\n", payload[:n], d.StartOfFrame, d.EndOfFrame, d.InterPicture, d.SS.Width[0], d.SS.Height[0])
	})
	// Output:
	// descriptor 9e923410014000f0: B=true E=true P=false SS 320x240
}
