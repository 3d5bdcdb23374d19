package datachannel_test

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/c4c1f6e1/webrtc/datachannel"
	"github.com/c4c1f6e1/webrtc/sctp"
)

// Two endpoints joined by hand: the DTLS client opens a channel in-band and
// sends a string; the other side sees the datachannel event and the message.
func Example() {
	now := time.Now()
	mk := func(client bool) *datachannel.Endpoint {
		a, _ := sctp.NewAssociation(now, sctp.Config{Client: client, Rand: rand.Reader})
		return datachannel.NewEndpoint(a, datachannel.Config{DTLSClient: client})
	}
	a, b := mk(true), mk(false)
	ch, _ := a.CreateChannel("chat", datachannel.Options{})
	buf := make([]byte, 1500)
	for range 20 {
		for _, p := range [][2]*datachannel.Endpoint{{a, b}, {b, a}} {
			for {
				n, ok := p[0].PollTransmit(buf)
				if !ok {
					break
				}
				p[1].HandleInput(now, buf[:n])
			}
		}
		for {
			e, ok := a.PollEvent()
			if !ok {
				break
			}
			if e.Type == datachannel.EventOpen {
				_ = ch.SendText("hi")
			}
		}
		for {
			e, ok := b.PollEvent()
			if !ok {
				break
			}
			switch e.Type {
			case datachannel.EventDataChannel:
				fmt.Println("datachannel", e.Channel.Label())
			case datachannel.EventMessage:
				fmt.Printf("message %q string=%v\n", e.Data, e.IsString)
			}
		}
	}
	// Output:
	// datachannel chat
	// message "hi" string=true
}
