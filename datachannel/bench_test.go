package datachannel

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// memPair joins two endpoints in memory: every packet goes straight to the
// other side, and time moves 10 µs per round so that pacing sees it pass.
type memPair struct {
	c, s *Endpoint
	now  time.Time
	buf  []byte
}

// pump moves packets and events both ways until nothing moves and nothing
// is left to acknowledge; it counts the message bytes the server receives.
func (m *memPair) pump(recv *int) {
	for {
		moved := false
		for _, p := range [2][2]*Endpoint{{m.c, m.s}, {m.s, m.c}} {
			for {
				n, ok := p[0].PollTransmit(m.buf)
				if !ok {
					break
				}
				p[1].HandleInput(m.now, m.buf[:n])
				moved = true
			}
			for {
				ev, ok := p[1].PollEvent()
				if !ok {
					break
				}
				if recv != nil && ev.Type == EventMessage && p[1] == m.s {
					*recv += len(ev.Data)
				}
			}
		}
		if !moved {
			if m.c.Association().BufferedTotal() == 0 {
				return
			}
			d := m.c.NextDeadline()
			if d2 := m.s.NextDeadline(); !d2.IsZero() && (d.IsZero() || d2.Before(d)) {
				d = d2
			}
			if d.IsZero() {
				return
			}
			if d.After(m.now) {
				m.now = d
			}
			m.c.HandleTimeout(m.now)
			m.s.HandleTimeout(m.now)
			continue
		}
		m.now = m.now.Add(10 * time.Microsecond)
	}
}

// newMemPair connects two endpoints and opens n channels from the client.
func newMemPair(b *testing.B, n int) (*memPair, []*Channel) {
	c, s := setupSide(b, true, 1), setupSide(b, false, 2)
	link := vnet.LinkConfig{Delay: time.Millisecond}
	p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(link), BA: vnet.NewLink(link), Now: epoch}
	chans := make([]*Channel, n)
	for i := range chans {
		ch, err := c.e.CreateChannel(fmt.Sprint("ch", i), Options{})
		if err != nil {
			b.Fatal(err)
		}
		chans[i] = ch
	}
	if err := p.Run(epoch.Add(time.Hour), nil); !errors.Is(err, vnet.ErrIdle) {
		b.Fatal(err)
	}
	for _, ch := range chans {
		if ch.ReadyState() != StateOpen {
			b.Fatalf("channel %s is %v", ch.Label(), ch.ReadyState())
		}
	}
	return &memPair{c: c.e, s: s.e, now: p.Now, buf: make([]byte, 1500)}, chans
}

func benchChannel(b *testing.B, size int) {
	m, chans := newMemPair(b, 1)
	ch := chans[0]
	msg := make([]byte, size)
	recv := 0
	const batch = 64
	for range 4 * batch { // warm up pools and rings
		if err := ch.Send(msg); err != nil {
			b.Fatal(err)
		}
	}
	m.pump(&recv)
	recv = 0
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := ch.Send(msg); err != nil {
			b.Fatal(err)
		}
		if i%batch == batch-1 {
			m.pump(&recv)
		}
	}
	m.pump(&recv)
	b.StopTimer()
	if recv != b.N*size {
		b.Fatalf("received %d of %d bytes", recv, b.N*size)
	}
}

// BenchmarkChannel1KiB and BenchmarkChannel64KiB send binary messages on a
// data channel between two endpoints joined in memory (no crypto, no
// network): Channel.Send → SCTP packets → EventMessage, with the
// allocations per message in steady state.
func BenchmarkChannel1KiB(b *testing.B)  { benchChannel(b, 1<<10) }
func BenchmarkChannel64KiB(b *testing.B) { benchChannel(b, 64<<10) }

// BenchmarkIdlePoll measures what a driver does to an idle endpoint after
// every wakeup (PollTransmit, PollEvent, NextDeadline, HandleTimeout) with
// 1 and 1000 open channels: it must not depend on the number of channels
// and must not allocate.
func BenchmarkIdlePoll(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("channels=%d", n), func(b *testing.B) {
			m, _ := newMemPair(b, n)
			e := m.c
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, ok := e.PollTransmit(m.buf); ok {
					b.Fatal("idle endpoint sent a packet")
				}
				if _, ok := e.PollEvent(); ok {
					b.Fatal("idle endpoint has an event")
				}
				if !e.NextDeadline().IsZero() {
					b.Fatal("idle endpoint has a timer")
				}
				e.HandleTimeout(m.now)
			}
		})
	}
}
