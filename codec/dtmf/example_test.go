package dtmf_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/codec/dtmf"
)

func Example() {
	// Digit '#' for 100 ms at 8 kHz, one update every 50 ms (RFC 4733 §2.5.1.2).
	code, _ := dtmf.CodeForDigit('#')
	tone, _ := dtmf.NewTone(code, 10, 16000, 800, 400)
	for r, ok := tone.Next(); ok; r, ok = tone.Next() {
		fmt.Printf("ts=%d M=%v payload=%x\n", r.Timestamp, r.Marker, r.Event.AppendTo(nil))
	}
	// Output:
	// ts=16000 M=true payload=0b0a0190
	// ts=16000 M=false payload=0b8a0320
	// ts=16000 M=false payload=0b8a0320
	// ts=16000 M=false payload=0b8a0320
}
