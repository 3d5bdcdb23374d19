package sctp

import (
	"testing"
	"time"
)

// memPair joins two associations in memory, without crypto or a network:
// every packet is handed straight to the other side.
type memPair struct {
	a, b *Association
	now  time.Time
	buf  []byte
}

func newMemPair(tb testing.TB) *memPair {
	a, err := NewAssociation(epoch, Config{Client: true, Rand: newRand(1), MaxReceiveBuffer: 64 << 20})
	if err != nil {
		tb.Fatal(err)
	}
	b, err := NewAssociation(epoch, Config{Rand: newRand(2), MaxReceiveBuffer: 64 << 20})
	if err != nil {
		tb.Fatal(err)
	}
	m := &memPair{a: a, b: b, now: epoch, buf: make([]byte, 1500)}
	for i := 0; i < 10 && a.State() != StateEstablished; i++ {
		m.pump(nil)
	}
	if a.State() != StateEstablished || b.State() != StateEstablished {
		tb.Fatal("no association")
	}
	return m
}

// pump moves packets both ways until both sides are quiet, advancing the
// clock by 10 µs per round so timers and pacing see time pass; it counts the
// bytes b receives.
func (m *memPair) pump(recv *int) {
	for {
		moved := false
		for {
			n, ok := m.a.PollTransmit(m.buf)
			if !ok {
				break
			}
			m.b.HandleInput(m.now, m.buf[:n])
			moved = true
		}
		for {
			e, ok := m.b.PollEvent()
			if !ok {
				break
			}
			if recv != nil && e.Type == EventMessage {
				*recv += len(e.Data)
			}
		}
		for {
			n, ok := m.b.PollTransmit(m.buf)
			if !ok {
				break
			}
			m.a.HandleInput(m.now, m.buf[:n])
			moved = true
		}
		for {
			if _, ok := m.a.PollEvent(); !ok {
				break
			}
		}
		if !moved {
			if m.a.BufferedTotal() == 0 {
				return // delivered and acknowledged: only idle timers are left
			}
			d := m.a.NextDeadline()
			if d2 := m.b.NextDeadline(); !d2.IsZero() && (d.IsZero() || d2.Before(d)) {
				d = d2
			}
			if d.IsZero() {
				return
			}
			if d.After(m.now) {
				m.now = d
			}
			m.a.HandleTimeout(m.now)
			m.b.HandleTimeout(m.now)
			if m.a.BufferedTotal() == 0 {
				return
			}
			continue
		}
		m.now = m.now.Add(10 * time.Microsecond)
	}
}

func benchMessages(b *testing.B, size int) {
	m := newMemPair(b)
	msg := make([]byte, size)
	recv := 0
	const batch = 64
	// Warm up pools and rings.
	for i := 0; i < 4*batch; i++ {
		if err := m.a.Send(1, 53, msg, SendOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	m.pump(&recv)
	recv = 0
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := m.a.Send(1, 53, msg, SendOptions{}); err != nil {
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
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkAssociation1KiB and BenchmarkAssociation64KiB measure two
// associations joined in memory (no crypto, no network): messages per
// second and bytes per second through Send → packets → EventMessage, and
// allocations per message in steady state.
func BenchmarkAssociation1KiB(b *testing.B)  { benchMessages(b, 1024) }
func BenchmarkAssociation64KiB(b *testing.B) { benchMessages(b, 64<<10) }
