package frame_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/frame"
	"github.com/c4c1f6e1/webrtc/codec/vp8"
	"github.com/c4c1f6e1/webrtc/rtp"
)

func Example() {
	// Sender side: split a VP8 key frame into RTP packets.
	keyframe := make([]byte, 2500) // byte 0 bit 0 clear: a key frame (RFC 7741 §4.3)
	pay := vp8.Payloader{PictureID: 1}
	var packets []rtp.Packet
	seq := uint16(65534)
	_ = pay.Payload(1200, keyframe, func(payload []byte, marker bool) {
		p := rtp.Packet{Header: rtp.Header{PayloadType: 96, SequenceNumber: seq, Timestamp: 3000, SSRC: 7, Marker: marker}}
		p.Payload = append([]byte(nil), payload...)
		packets = append(packets, p)
		seq++
	})

	// Receiver side: packets arrive out of order, across the sequence wrap.
	a, _ := frame.New(frame.Config{Depacketizer: &vp8.Depacketizer{}})
	for _, i := range []int{0, 2, 1} {
		a.Push(&packets[i])
		if f, ok := a.Pop(nil); ok {
			fmt.Println("frame", f.Timestamp, len(f.Data), "bytes, key frame:", f.Keyframe)
		}
	}
	fmt.Println("need key frame:", a.NeedKeyframe())
	// Output:
	// frame 3000 2500 bytes, key frame: true
	// need key frame: false
}
