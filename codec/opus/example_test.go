package opus_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/opus"
)

func Example() {
	packet := []byte{0xfc, 0xff, 0xfe} // one Opus packet (RFC 6716)
	var out []byte
	_ = opus.Payloader{}.Payload(1200, packet, func(payload []byte, marker bool) {
		out, _ = opus.Depacketizer{}.Depacketize(payload, out)
	})
	fmt.Printf("%x\n", out)
	// Output:
	// fcfffe
}
