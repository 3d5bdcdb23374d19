package datachannel

import (
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/sctp"
	"github.com/c4c1f6e1/webrtc/vnet"
)

// idleBudget is the heap one side of an idle connection may retain: the
// association, the endpoint and one open channel.
const idleBudget = 4 << 10

// TestIdleMemory connects N pairs of endpoints in memory, opens one data
// channel on each, exchanges a message both ways, lets every timer run out
// and then measures the live heap per side after a GC. An idle association
// keeps only small state: buffers are taken when traffic needs them and
// given back once it stops. It also checks that an idle endpoint has no
// timer armed and nothing to send (no periodic wakeups).
func TestIdleMemory(t *testing.T) {
	const n = 200
	rnd := newRand(99) // shared, as crypto/rand.Reader is in production
	sides := make([]*Endpoint, 0, 2*n)
	buf := make([]byte, 1500)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range n {
		c, s := idlePair(t, rnd, i)
		for _, e := range []*Endpoint{c, s} {
			if d := e.NextDeadline(); !d.IsZero() {
				t.Fatalf("pair %d: idle endpoint has a timer armed (%v)", i, d)
			}
			if _, ok := e.PollTransmit(buf); ok {
				t.Fatalf("pair %d: idle endpoint has a packet to send", i)
			}
			if ev, ok := e.PollEvent(); ok {
				t.Fatalf("pair %d: idle endpoint has event %v", i, ev.Type)
			}
		}
		sides = append(sides, c, s)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	per := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(sides))
	t.Logf("# %d idle sides (association + endpoint + one open channel): %.0f bytes of live heap each (budget %d)", len(sides), per, idleBudget)
	if per > idleBudget {
		t.Errorf("idle side retains %.0f bytes, budget %d", per, idleBudget)
	}
	runtime.KeepAlive(sides)
}

// idlePair connects two endpoints, opens a channel from the client, sends a
// message each way and runs the simulation until nothing is left to happen.
func idlePair(t *testing.T, rnd *seeded, i int) (*Endpoint, *Endpoint) {
	t.Helper()
	mk := func(client bool) *side {
		a, err := sctp.NewAssociation(epoch, sctp.Config{Client: client, Rand: rnd})
		if err != nil {
			t.Fatal(err)
		}
		return &side{t: t, e: NewEndpoint(a, Config{DTLSClient: client}), now: epoch, msgs: map[*Channel][]string{}}
	}
	c, s := mk(true), mk(false)
	link := vnet.LinkConfig{Delay: time.Millisecond}
	p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(link), BA: vnet.NewLink(link), Now: epoch}
	ch, err := c.e.CreateChannel("idle", Options{})
	must(t, err)
	run(t, p, "open", func() bool { return len(s.remote) == 1 && c.has("open idle") })
	must(t, ch.SendText("ping"))
	run(t, p, "ping", func() bool { return len(s.msgs[s.remote[0]]) == 1 })
	must(t, s.remote[0].SendText("pong"))
	run(t, p, "pong", func() bool { return len(c.msgs[ch]) == 1 })
	if err := p.Run(p.Now.Add(time.Hour), nil); !errors.Is(err, vnet.ErrIdle) {
		t.Fatalf("pair %d: not idle after an hour: %v", i, err)
	}
	return c.e, s.e
}
