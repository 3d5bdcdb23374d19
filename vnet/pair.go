package vnet

import (
	"errors"
	"fmt"
	"time"
)

// Endpoint is a sans-IO protocol core as the simulator drives it: the shape
// every core in this module has (see DESIGN.md §1). A test wraps its core in
// a small adapter when the core's methods differ (extra return values, etc).
type Endpoint interface {
	// HandleInput gives the core a datagram that arrived at time now.
	HandleInput(now time.Time, p []byte)
	// HandleTimeout tells the core that its deadline has come.
	HandleTimeout(now time.Time)
	// PollTransmit copies the next datagram to send into buf.
	PollTransmit(buf []byte) (n int, ok bool)
	// NextDeadline is when HandleTimeout should be called next; zero: never.
	NextDeadline() time.Time
}

// Pair runs two endpoints joined by two links (AB carries A's datagrams to B,
// BA the other way) on a synthetic clock. Time jumps from event to event, so
// a simulated minute costs only the work done in it.
type Pair struct {
	A, B   Endpoint
	AB, BA *Link
	// Now is the simulated time; set it before the first Run.
	Now time.Time
	// OnTransmit, if set, sees every datagram an endpoint emits before it
	// enters the link (from is "A" or "B"); it may not keep p.
	OnTransmit func(from string, p []byte)

	buf []byte
}

// ErrStuck reports a core whose deadline stays at the current time while
// HandleTimeout makes no progress: DESIGN.md §1 says the handler must act.
var ErrStuck = errors.New("vnet: endpoint deadline does not advance")

// ErrTimeLimit reports that Run reached its time limit before done was true.
var ErrTimeLimit = errors.New("vnet: time limit reached")

// Run advances the simulation until done returns true (checked after every
// event), until nothing is left to happen, or until the clock passes limit.
// It returns nil when done became true, ErrTimeLimit or ErrIdle otherwise.
func (p *Pair) Run(limit time.Time, done func() bool) error {
	if p.buf == nil {
		p.buf = make([]byte, 1<<16)
	}
	spins := 0
	for {
		p.drain()
		if done != nil && done() {
			return nil
		}
		next := earliest(p.A.NextDeadline(), p.B.NextDeadline(), p.AB.NextDelivery(), p.BA.NextDelivery())
		if next.IsZero() {
			return ErrIdle
		}
		if next.After(limit) {
			p.Now = limit
			return ErrTimeLimit
		}
		if next.After(p.Now) {
			p.Now = next
			spins = 0
		}
		moved := p.AB.stats.Sent + p.BA.stats.Sent + p.AB.stats.Delivered + p.BA.stats.Delivered
		p.AB.Deliver(p.Now, func(b []byte) { p.B.HandleInput(p.Now, b) })
		p.BA.Deliver(p.Now, func(b []byte) { p.A.HandleInput(p.Now, b) })
		if d := p.A.NextDeadline(); !d.IsZero() && !d.After(p.Now) {
			p.A.HandleTimeout(p.Now)
		}
		if d := p.B.NextDeadline(); !d.IsZero() && !d.After(p.Now) {
			p.B.HandleTimeout(p.Now)
		}
		// A deadline that stays at now while no datagram moves is a core
		// that does not act on its timeout.
		p.drain()
		if p.AB.stats.Sent+p.BA.stats.Sent+p.AB.stats.Delivered+p.BA.stats.Delivered != moved {
			spins = 0
		} else if spins++; spins > 1000 {
			return fmt.Errorf("%w at %v", ErrStuck, p.Now)
		}
	}
}

// ErrIdle reports that neither endpoint has anything left to do and no
// packet is in flight, while done is still false.
var ErrIdle = errors.New("vnet: both endpoints idle")

func (p *Pair) drain() {
	for _, s := range [2]struct {
		name string
		e    Endpoint
		l    *Link
	}{{"A", p.A, p.AB}, {"B", p.B, p.BA}} {
		for {
			n, ok := s.e.PollTransmit(p.buf)
			if !ok {
				break
			}
			if p.OnTransmit != nil {
				p.OnTransmit(s.name, p.buf[:n])
			}
			s.l.Send(p.Now, p.buf[:n])
		}
	}
}

func earliest(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if !t.IsZero() && (m.IsZero() || t.Before(m)) {
			m = t
		}
	}
	return m
}
