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

// TestZeroChecksum: RFC 9653 over DTLS is on by default; zero checksums
// are used only when both sides announced EDMID 1, never on INIT or COOKIE
// ECHO (§5.2), and an endpoint that did not announce it drops them (§5.3).
func TestZeroChecksum(t *testing.T) {
	link := vnet.LinkConfig{Delay: time.Millisecond}
	run := func(clientMod, serverMod func(*Config)) (zeros, crcs int, c, s *peer) {
		c = newPeer(t, true, 1, clientMod)
		s = newPeer(t, false, 2, serverMod)
		p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(link), BA: vnet.NewLink(link), Now: epoch}
		p.OnTransmit = func(from string, b []byte) {
			sum := binary.LittleEndian.Uint32(b[8:])
			switch {
			case sum == 0:
				zeros++
				if ChunkType(b[12]) == ChunkInit || ChunkType(b[12]) == ChunkCookieEcho {
					t.Errorf("RFC 9653 §5.2: %s sent with a zero checksum", ChunkType(b[12]))
				}
			case sum == Checksum(b):
				crcs++
			default:
				t.Errorf("packet from %s with a wrong checksum %#x", from, sum)
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
		return zeros, crcs, c, s
	}
	zeros, crcs, c, s := run(nil, nil)
	t.Logf("# by default both sides announce EDMID 1: %d packets with a zero checksum, %d with CRC32c (INIT, INIT ACK, COOKIE ECHO)", zeros, crcs)
	if !c.a.ZeroChecksum() || !s.a.ZeroChecksum() || zeros == 0 || crcs != 3 {
		t.Fatalf("zero checksum used: client %v server %v; %d zero, %d CRC32c packets", c.a.ZeroChecksum(), s.a.ZeroChecksum(), zeros, crcs)
	}
	t.Logf("# when one side does not announce it, CRC32c is used both ways")
	zeros, _, c, s = run(nil, func(c *Config) { c.DisableZeroChecksum = true })
	if c.a.ZeroChecksum() || s.a.ZeroChecksum() || zeros != 0 {
		t.Fatalf("zero checksum used without both announcements: client %v server %v, %d packets", c.a.ZeroChecksum(), s.a.ZeroChecksum(), zeros)
	}

	t.Logf("# §5.3: an endpoint that did not announce it drops a packet with an incorrect zero checksum")
	for _, disable := range []bool{true, false} {
		h := newHarness(t, func(c *Config) { c.DisableZeroChecksum = disable })
		h.establish()
		p := (&Header{SrcPort: 5000, DstPort: 5000, VerificationTag: h.ourTag}).AppendTo(nil)
		p = append(p, h.data("z", flagBeginning|flagEnding)...)
		h.a.HandleInput(h.now, p) // checksum field left at zero
		got := h.a.Stats().MessagesReceived
		if disable && (got != 0 || h.a.Stats().DroppedPackets != 1) {
			t.Fatalf("announced nothing, accepted a zero checksum: %+v", h.a.Stats())
		}
		if !disable && got != 1 {
			t.Fatalf("announced EDMID 1, dropped a zero checksum: %+v", h.a.Stats())
		}
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
