package udp

import "sync/atomic"

// gate orders deliveries to a socket's Receiver against Close: a delivery
// begins only by entering the gate, which fails once the gate is shut, so no
// ReceiveBatch call begins after Close returns. Shutting never waits for a
// delivery in progress.
type gate struct{ state atomic.Uint32 }

const (
	gateBusy   = 1 << iota // a ReceiveBatch call is in progress
	gateClosed             // Close was called
)

// enter begins a delivery; it reports false if the gate is shut.
func (g *gate) enter() bool { return g.state.CompareAndSwap(0, gateBusy) }

// leave ends the delivery begun by enter.
func (g *gate) leave() { g.state.And(^uint32(gateBusy)) }

// shut closes the gate; it reports false if it was already shut.
func (g *gate) shut() bool { return g.state.Or(gateClosed)&gateClosed == 0 }
