package rtcp_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/rtcp"
)

func Example() {
	// Build a compound packet: a receiver report then a NACK for 100-102.
	rr := &rtcp.ReceiverReport{SSRC: 1, Reports: []rtcp.ReceptionReport{{SSRC: 2, FractionLost: 25}}}
	nack := &rtcp.TransportLayerNack{SenderSSRC: 1, MediaSSRC: 2,
		Nacks: rtcp.AppendNackPairs(nil, []uint16{100, 101, 102})}
	pkt := rtcp.AppendCompound(nil, rr, nack)

	// Parse it into a Compound that is reused for every received packet.
	var c rtcp.Compound
	if err := c.UnmarshalStrict(pkt); err != nil {
		panic(err)
	}
	for _, ref := range c.Packets {
		switch ref.Kind {
		case rtcp.KindReceiverReport:
			fmt.Println("RR from", c.ReceiverReports[ref.Index].SSRC)
		case rtcp.KindNack:
			for _, p := range c.Nacks[ref.Index].Nacks {
				fmt.Println("NACK", p.AppendSequences(nil))
			}
		}
	}
	// Output:
	// RR from 1
	// NACK [100 101 102]
}
