package sctp

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

func hasEvent(p *peer, t EventType) bool {
	for _, e := range p.events {
		if e == t {
			return true
		}
	}
	return false
}

func TestShutdownGraceful(t *testing.T) {
	link := vnet.LinkConfig{Delay: 10 * time.Millisecond, Loss: 0.1}
	p, c, s := newPair(t, link, link, nil)
	got := 0
	s.onEvent = func(_ *peer, e Event) {
		if e.Type == EventMessage {
			got++
		}
	}
	if err := p.Run(epoch.Add(time.Minute), func() bool { return c.up && s.up }); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		must(t, c.a.Send(1, 51, []byte("queued before shutdown"), SendOptions{}))
	}
	t.Logf("# RFC 9260 §9.2: queued data is still delivered, then SHUTDOWN / SHUTDOWN ACK / SHUTDOWN COMPLETE")
	c.a.Shutdown()
	if err := p.Run(epoch.Add(5*time.Minute), func() bool {
		return hasEvent(c, EventAssociationClosed) && hasEvent(s, EventAssociationClosed)
	}); err != nil {
		t.Fatalf("%v: client %v server %v", err, c.a.State(), s.a.State())
	}
	if got != 100 {
		t.Fatalf("delivered %d of 100 messages", got)
	}
	if !c.a.NextDeadline().IsZero() || !s.a.NextDeadline().IsZero() {
		t.Fatal("timers armed after close")
	}
}

func TestStreamReset(t *testing.T) {
	link := vnet.LinkConfig{Delay: 10 * time.Millisecond, Loss: 0.05}
	p, c, s := newPair(t, link, link, nil)
	var order []string
	s.onEvent = func(_ *peer, e Event) {
		switch e.Type {
		case EventMessage:
			order = append(order, string(e.Data))
		case EventIncomingStreamReset:
			order = append(order, "reset")
		}
	}
	outDone := false
	c.onEvent = func(_ *peer, e Event) {
		if e.Type == EventOutgoingStreamReset && e.Stream == 3 && e.Err == nil {
			outDone = true
		}
	}
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return c.up && s.up }))
	for i := 0; i < 20; i++ {
		must(t, c.a.Send(3, 51, []byte{'a' + byte(i)}, SendOptions{}))
	}
	t.Logf("# RFC 6525 §5.1.2: the reset is requested after the queued data; the receiver performs it")
	t.Logf("# once its cumulative TSN reaches the Sender's Last Assigned TSN (§5.2.2), so every message comes first")
	must(t, c.a.ResetStreams(3))
	if err := c.a.Send(3, 51, []byte("x"), SendOptions{}); err == nil {
		t.Fatal("send on a stream being reset succeeded")
	}
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return outDone && len(order) == 21 }))
	if order[20] != "reset" {
		t.Fatalf("order %v: reset not after the data", order)
	}
	t.Logf("# after the reset the stream is usable again")
	must(t, c.a.Send(3, 51, []byte("new"), SendOptions{}))
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return len(order) == 22 }))
}

func TestZeroChecksum(t *testing.T) {
	var zeros, crcs, inits int
	link := vnet.LinkConfig{Delay: time.Millisecond}
	p, c, s := newPair(t, link, link, func(c *Config) { c.ZeroChecksum = true })
	p.OnTransmit = func(from string, b []byte) {
		if len(b) > 12 && (b[12] == byte(ChunkInit) || b[12] == byte(ChunkCookieEcho)) {
			inits++
			if binary.LittleEndian.Uint32(b[8:]) == 0 {
				t.Errorf("RFC 9653 §5.2: INIT / COOKIE ECHO sent with a zero checksum")
			}
			return
		}
		if binary.LittleEndian.Uint32(b[8:]) == 0 {
			zeros++
		} else {
			crcs++
		}
	}
	got := 0
	s.onEvent = func(_ *peer, e Event) {
		if e.Type == EventMessage {
			got++
		}
	}
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return c.up && s.up }))
	for i := 0; i < 10; i++ {
		must(t, c.a.Send(1, 51, []byte("zero"), SendOptions{}))
	}
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return got == 10 }))
	t.Logf("# RFC 9653: both sides announced EDMID 1; %d packets with zero checksum, %d with CRC32c (handshake: %d)", zeros, crcs, inits)
	if !c.a.ZeroChecksum() || zeros == 0 {
		t.Fatal("zero checksum not used")
	}
	t.Logf("# without the announcement from one side, CRC32c stays")
	p2, c2, s2 := newPair(t, link, link, nil)
	c2.a.cfg.ZeroChecksum = true
	must(t, p2.Run(epoch.Add(time.Minute), func() bool { return c2.up && s2.up }))
	if c2.a.ZeroChecksum() || s2.a.ZeroChecksum() {
		t.Fatal("zero checksum used without both announcements")
	}
}

// TestInitCollision: both sides send INIT at once, as WebRTC peers may
// (RFC 9260 §5.2.1, §5.2.4); both must reach ESTABLISHED with matching tags
// and carry data.
func TestInitCollision(t *testing.T) {
	link := vnet.LinkConfig{Delay: 10 * time.Millisecond}
	c := newPeer(t, true, 1, nil)
	s := newPeer(t, true, 2, nil)
	p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(link), BA: vnet.NewLink(link), Now: epoch}
	got := 0
	s.onEvent = func(_ *peer, e Event) {
		if e.Type == EventMessage {
			got++
		}
	}
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return c.up && s.up }))
	if c.a.peerTag != s.a.myTag || s.a.peerTag != c.a.myTag {
		t.Fatalf("tags disagree: %#x/%#x vs %#x/%#x", c.a.myTag, c.a.peerTag, s.a.myTag, s.a.peerTag)
	}
	must(t, c.a.Send(1, 51, []byte("after collision"), SendOptions{}))
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return got == 1 }))
}
