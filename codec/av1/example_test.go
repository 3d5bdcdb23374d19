package av1_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/av1"
)

func Example() {
	// A temporal unit: temporal delimiter, sequence header, frame OBU.
	tu := []byte{0x12, 0x00, 0x0a, 0x03, 0x01, 0x02, 0x03, 0x32, 0x05, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}
	var p av1.Payloader
	var d av1.Depacketizer
	var out []byte
	_ = p.Payload(6, tu, func(payload []byte, marker bool) {
		fmt.Printf("%x marker=%v\n", payload, marker)
		out, _ = d.Depacketize(payload, out)
	})
	fmt.Printf("%x\n", out)
	// Output:
	// 1808010203 marker=false
	// 5030aabbcc marker=false
	// 90ddee marker=true
	// 12000a030102033205aabbccddee
}
