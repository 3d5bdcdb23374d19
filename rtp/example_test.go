package rtp_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/rtp"
)

func Example() {
	// Build a packet with a transport-wide sequence number (a=extmap ID 3).
	var p rtp.Packet
	p.PayloadType, p.SequenceNumber, p.Timestamp, p.SSRC = 111, 1, 960, 0x1234
	_ = p.SetExtension(3, rtp.AppendTransportCC(nil, 42))
	p.Payload = []byte{0xfc, 0xff, 0xfe}
	buf := p.AppendTo(make([]byte, 0, 1500))
	fmt.Printf("%x\n", buf)

	// Parse it back into a reusable Packet: no allocation, no copy.
	var q rtp.Packet
	if err := q.Unmarshal(buf); err != nil {
		fmt.Println(err)
		return
	}
	seq, _ := rtp.ParseTransportCC(q.GetExtension(3))
	fmt.Println(q.PayloadType, q.SequenceNumber, q.Timestamp, seq, len(q.Payload))
	// Output:
	// 906f0001000003c000001234bede000131002a00fcfffe
	// 111 1 960 42 3
}
