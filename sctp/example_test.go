package sctp_test

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/c4c1f6e1/webrtc/sctp"
)

// Two associations joined by hand: what one emits is given to the other.
// A real driver puts each packet in a DTLS record instead.
func Example() {
	now := time.Now()
	client, _ := sctp.NewAssociation(now, sctp.Config{Client: true, Rand: rand.Reader})
	server, _ := sctp.NewAssociation(now, sctp.Config{Rand: rand.Reader})
	buf := make([]byte, 1500)
	sent := false
	for range 20 {
		for _, p := range [][2]*sctp.Association{{client, server}, {server, client}} {
			for {
				n, ok := p[0].PollTransmit(buf)
				if !ok {
					break
				}
				p[1].HandleInput(now, buf[:n])
			}
		}
		for {
			e, ok := server.PollEvent()
			if !ok {
				break
			}
			if e.Type == sctp.EventMessage {
				fmt.Printf("stream %d ppid %d: %s\n", e.Stream, e.PPID, e.Data)
			}
		}
		for {
			if _, ok := client.PollEvent(); !ok {
				break
			}
		}
		if client.State() == sctp.StateEstablished && !sent {
			_ = client.Send(1, 51, []byte("hello"), sctp.SendOptions{})
			sent = true
		}
	}
	// Output: stream 1 ppid 51: hello
}
