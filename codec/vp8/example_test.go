package vp8_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/vp8"
)

func Example() {
	frame := make([]byte, 3000) // a key frame: P bit 0
	p := vp8.Payloader{PictureID: 0x2fe9}
	var d vp8.Depacketizer
	var out []byte
	_ = p.Payload(1200, frame, func(payload []byte, marker bool) {
		fmt.Printf("%d bytes, descriptor %x, start=%v key=%v marker=%v\n",
			len(payload), payload[:4], d.IsFrameStart(payload), d.IsKeyframe(payload), marker)
		out, _ = d.Depacketize(payload, out)
	})
	fmt.Println(len(out))
	// Output:
	// 1200 bytes, descriptor 9080afe9, start=true key=true marker=false
	// 1200 bytes, descriptor 8080afe9, start=false key=false marker=false
	// 612 bytes, descriptor 8080afe9, start=false key=false marker=true
	// 3000
}
