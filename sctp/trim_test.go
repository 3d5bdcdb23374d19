package sctp

import (
	"errors"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// TestBuffersAfterBurst: a burst fills the pools and rings; light traffic
// afterwards (a small message every 100 ms, never quiet for
// bufferIdleTime) gives back what the burst left behind (decay), and once
// the association is quiet every buffer goes (trim) and no timer is left.
func TestBuffersAfterBurst(t *testing.T) {
	link := vnet.LinkConfig{Delay: 5 * time.Millisecond, Bandwidth: 100_000_000, Loss: 0.01}
	p, c, s := newPair(t, link, link, nil)
	b := newBulk(8<<20, 64<<10)
	c.after = b.fill
	s.onEvent = b.recv
	must(t, p.Run(epoch.Add(time.Minute), func() bool { return b.recvd == b.total }))
	t.Logf("# after an 8 MiB burst at 1%% loss: client pool %d bytes, server pool %d bytes, server ring %d slots",
		c.a.bufs.bytes, s.a.bufs.bytes, len(s.a.rcv.ring))
	if c.a.bufs.bytes == 0 {
		t.Fatal("the burst left nothing in the pool: the test does not test anything")
	}
	// Without loss from now on, so that no new gap needs the ring.
	clean := vnet.LinkConfig{Delay: link.Delay}
	p.AB, p.BA = vnet.NewLink(clean), vnet.NewLink(clean)
	for range 30 {
		must(t, c.a.Send(2, 51, []byte("tick"), SendOptions{}))
		_ = p.Run(p.Now.Add(100*time.Millisecond), func() bool { return false })
	}
	t.Logf("# after 3 s of a message every 100 ms: client pool %d bytes, server pool %d bytes, server ring %d slots",
		c.a.bufs.bytes, s.a.bufs.bytes, len(s.a.rcv.ring))
	if c.a.bufs.bytes > 4<<10 || s.a.bufs.bytes > 4<<10 || s.a.rcv.ring != nil {
		t.Errorf("light traffic kept what the burst took")
	}
	if err := p.Run(p.Now.Add(time.Minute), nil); !errors.Is(err, vnet.ErrIdle) {
		t.Fatal(err)
	}
	for _, x := range []*peer{c, s} {
		if x.a.holdsBuffers() || !x.a.NextDeadline().IsZero() {
			t.Errorf("quiet association holds buffers (%v) or a timer (%v)", x.a.holdsBuffers(), x.a.NextDeadline())
		}
	}
}
