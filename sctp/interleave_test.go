package sctp

import (
	"bytes"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// TestInterleaving checks RFC 8260 §1: with I-DATA a large message does not
// hold up a small message on another stream. A 16 MiB message is queued on
// stream 1, then a 100-byte message on stream 2; the small one must arrive
// less than 2 RTT after it was sent.
func TestInterleaving(t *testing.T) {
	const rtt = 50 * time.Millisecond
	link := vnet.LinkConfig{Delay: rtt / 2, Bandwidth: 100_000_000}
	big := bytes.Repeat([]byte{0xab}, 16<<20)
	for _, idata := range []bool{true, false} {
		p, c, s := newPair(t, link, link, func(c *Config) {
			c.MaxMessageSize = 17 << 20
			c.MaxSendBuffer = 17 << 20
			c.DisableIData = !idata
		})
		var sentSmall, gotSmall, gotBig time.Time // sentSmall: when the big one was queued
		c.after = func(p *peer) {
			if p.up && sentSmall.IsZero() {
				if err := p.a.Send(1, 53, big, SendOptions{}); err != nil {
					t.Fatal(err)
				}
				sentSmall = p.now
			}
		}
		small := []byte("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")
		var smallQueued time.Time
		s.onEvent = func(p *peer, e Event) {
			if e.Type != EventMessage {
				return
			}
			switch e.Stream {
			case 1:
				if len(e.Data) != len(big) {
					t.Fatalf("big message of %d bytes", len(e.Data))
				}
				gotBig = p.now
			case 2:
				if !bytes.Equal(e.Data, small) {
					t.Fatal("small message corrupted")
				}
				gotSmall = p.now
			}
		}
		// Phase 1: run until the big transfer is well under way.
		_ = p.Run(epoch.Add(time.Hour), func() bool {
			return c.up && c.a.Stats().DataChunksSent > 2000
		})
		smallQueued = p.Now
		if err := c.a.Send(2, 51, small, SendOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := p.Run(epoch.Add(time.Hour), func() bool { return !gotBig.IsZero() && !gotSmall.IsZero() }); err != nil {
			t.Fatal(err)
		}
		delay := gotSmall.Sub(smallQueued)
		t.Logf("# I-DATA %v: 100-byte message on stream 2 took %v (RTT %v); 16 MiB message on stream 1 finished %v after it",
			idata, delay, rtt, gotBig.Sub(gotSmall))
		if idata && delay >= 2*rtt {
			t.Errorf("with I-DATA the small message waited %v ≥ 2 RTT", delay)
		}
		if !idata && delay < 2*rtt {
			t.Logf("(without I-DATA it waits for the big message: expected a long delay)")
		}
	}
}
