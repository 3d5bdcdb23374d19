package h264_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/h264"
)

func Example() {
	// An access unit: SPS, PPS and an IDR slice, as an Annex B stream.
	au := []byte{
		0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f,
		0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80,
		0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x33, 0xff,
	}
	var p h264.Payloader
	var d h264.Depacketizer
	var out []byte
	_ = p.Payload(1200, au, func(payload []byte, marker bool) {
		fmt.Printf("payload %x marker=%v keyframe=%v\n", payload, marker, d.IsKeyframe(payload))
		out, _ = d.Depacketize(payload, out)
	})
	fmt.Printf("%x\n", out)
	// Output:
	// payload 7800046742c01f000468ce3c8000066588840033ff marker=true keyframe=true
	// 000000016742c01f0000000168ce3c80000000016588840033ff
}
