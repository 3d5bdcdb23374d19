package datachannel

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// sendNumbered sends n numbered binary messages of size bytes on ch, one
// every gap of simulated time, recording the send time of each.
func sendNumbered(t *testing.T, p *vnet.Pair, ch *Channel, n, size int, gap time.Duration) []time.Time {
	sent := make([]time.Time, n)
	buf := make([]byte, size)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint32(buf, uint32(i))
		sent[i] = p.Now
		must(t, ch.Send(buf))
		_ = p.Run(p.Now.Add(gap), func() bool { return false })
	}
	return sent
}

func TestUnorderedDeliversOutOfOrder(t *testing.T) {
	link := vnet.LinkConfig{Delay: 20 * time.Millisecond, Loss: 0.1}
	p, c, s := newSides(t, link, nil)
	ch, err := c.e.CreateChannel("u", Options{Unordered: true})
	must(t, err)
	var got []uint32
	s.on = func(_ *side, ev Event) {
		if ev.Type == EventMessage {
			got = append(got, binary.BigEndian.Uint32(ev.Data))
		}
	}
	run(t, p, "open", func() bool { return len(s.remote) == 1 && c.has("open u") })
	// Let the DCEP ACK arrive so that messages go unordered (RFC 8832 §6).
	run(t, p, "ack", func() bool { return ch.acked })
	const n = 500
	sendNumbered(t, p, ch, n, 100, time.Millisecond)
	run(t, p, "all", func() bool { return len(got) == n })
	inversions := 0
	seen := map[uint32]bool{}
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] {
			inversions++
		}
	}
	for _, v := range got {
		if seen[v] {
			t.Fatalf("message %d delivered twice", v)
		}
		seen[v] = true
	}
	t.Logf("# RFC 8831 §6.1 unordered + reliable: all %d delivered once, %d delivered before an earlier one", n, inversions)
	if inversions == 0 {
		t.Fatal("unordered channel delivered everything in order despite 10% loss")
	}
}

func TestMaxRetransmitsZero(t *testing.T) {
	link := vnet.LinkConfig{Delay: 20 * time.Millisecond, Loss: 0.1}
	p, c, s := newSides(t, link, nil)
	ch, err := c.e.CreateChannel("r0", Options{Unordered: true, MaxRetransmits: u16(0)})
	must(t, err)
	var got []uint32
	s.on = func(_ *side, ev Event) {
		if ev.Type == EventMessage {
			got = append(got, binary.BigEndian.Uint32(ev.Data))
		}
	}
	run(t, p, "open", func() bool { return len(s.remote) == 1 && c.has("open r0") })
	before := c.e.Association().Stats()
	const n = 2000
	sendNumbered(t, p, ch, n, 100, time.Millisecond)
	_ = p.Run(p.Now.Add(5*time.Second), func() bool { return false })
	st := c.e.Association().Stats()
	ab := p.AB.Stats()
	t.Logf("# RFC 3758 / W3C maxRetransmits=0: %d of %d delivered; link lost %d packets; %d DATA retransmissions, %d messages abandoned",
		len(got), n, ab.Lost, st.Retransmits-before.Retransmits, st.MessagesAbandoned-before.MessagesAbandoned)
	if st.Retransmits != before.Retransmits {
		t.Errorf("retransmitted %d chunks with maxRetransmits=0", st.Retransmits-before.Retransmits)
	}
	if len(got) == n || len(got) < n*8/10 {
		t.Errorf("delivered %d of %d at 10%% loss: want about 90%%", len(got), n)
	}
	seen := map[uint32]bool{}
	for _, v := range got {
		if v >= n || seen[v] {
			t.Fatalf("bad or duplicate message %d", v)
		}
		seen[v] = true
	}
	t.Logf("# the channel still works: the receiver's cumulative TSN moved past the abandoned chunks (FORWARD TSN)")
	// On a clean link now, so that this one message (maxRetransmits=0) arrives.
	clean := vnet.LinkConfig{Delay: link.Delay}
	p.AB, p.BA = vnet.NewLink(clean), vnet.NewLink(clean)
	must(t, ch.Send([]byte{0xff, 0xff, 0xff, 0xff}))
	run(t, p, "after", func() bool { return len(got) > 0 && got[len(got)-1] == 0xffffffff })
}

func TestMaxPacketLifeTime(t *testing.T) {
	const oneWay = 20 * time.Millisecond
	const life = 150
	link := vnet.LinkConfig{Delay: oneWay, Loss: 0.3}
	p, c, s := newSides(t, link, nil)
	ch, err := c.e.CreateChannel("timed", Options{Unordered: true, MaxPacketLifeTime: u16(life)})
	must(t, err)
	var got []uint32
	var at []time.Time
	s.on = func(sd *side, ev Event) {
		if ev.Type == EventMessage {
			got = append(got, binary.BigEndian.Uint32(ev.Data))
			at = append(at, sd.now)
		}
	}
	run(t, p, "open", func() bool { return len(s.remote) == 1 && ch.acked })
	const n = 1000
	sent := sendNumbered(t, p, ch, n, 100, time.Millisecond)
	_ = p.Run(p.Now.Add(10*time.Second), func() bool { return false })
	late := 0
	for i, v := range got {
		// A chunk may leave until the lifetime ends; it then needs one
		// more one-way delay to arrive (unordered: arrival is delivery).
		if at[i].Sub(sent[v]) > life*time.Millisecond+oneWay+time.Millisecond {
			late++
		}
	}
	st := c.e.Association().Stats()
	t.Logf("# W3C maxPacketLifeTime=%dms at 30%% loss: %d of %d delivered, %d late, %d retransmissions, %d abandoned",
		life, len(got), n, late, st.Retransmits, st.MessagesAbandoned)
	if late > 0 {
		t.Errorf("%d messages arrived after their lifetime", late)
	}
	if len(got) <= n*7/10 {
		t.Errorf("only %d of %d delivered: retransmissions within the lifetime should beat the 70%% of one try", len(got), n)
	}
	if len(got) == n {
		t.Errorf("everything delivered: nothing was abandoned at 30%% loss with a %d ms lifetime", life)
	}
}
