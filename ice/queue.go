package ice

import (
	"net/netip"
	"sync"
)

// The agent's output queues. An idle connected agent holds almost nothing
// here: datagram buffers are borrowed from a pool shared by all agents, from
// the call that builds a datagram to the PollTransmit call after the one
// that returned it, and the queues give their storage back when drained.

// datagramCap is the initial capacity of a pooled datagram buffer: a
// Binding request with typical ufrags is about 100 bytes.
const datagramCap = 256

// keepTransmits is the transmit queue capacity kept when it drains: a
// consent request or response at a time is the idle steady state, so that
// sending one does not allocate.
const keepTransmits = 2

// datagrams lends outgoing datagram buffers (*[]byte, so that returning one
// does not allocate).
var datagrams = sync.Pool{New: func() any {
	b := make([]byte, 0, datagramCap)
	return &b
}}

// newDatagram borrows an empty datagram buffer; send or dropDatagram gives
// it back.
func newDatagram() *[]byte {
	b := datagrams.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

func dropDatagram(b *[]byte) { datagrams.Put(b) }

// outgoing is a queued datagram with the buffer it was built in.
type outgoing struct {
	Transmit
	buf *[]byte
}

// send queues the datagram data, built in buf (borrowed with newDatagram).
func (a *Agent) send(from, to netip.AddrPort, buf *[]byte, data []byte) {
	if len(a.transmits)-a.tHead >= maxQueuedTransmits {
		a.Stats.DroppedTransmits++
		dropDatagram(buf)
		return
	}
	*buf = data // keep the buffer if appending grew it
	a.transmits = append(a.transmits, outgoing{Transmit: Transmit{From: from, To: to, Data: data}, buf: buf})
}

// PollTransmit returns the next datagram to send, if any.
func (a *Agent) PollTransmit() (Transmit, bool) {
	if a.lent != nil {
		dropDatagram(a.lent)
		a.lent = nil
	}
	if a.tHead == len(a.transmits) {
		if cap(a.transmits) > keepTransmits {
			a.transmits = nil
		} else {
			a.transmits = a.transmits[:0]
		}
		a.tHead = 0
		return Transmit{}, false
	}
	o := a.transmits[a.tHead]
	a.transmits[a.tHead] = outgoing{}
	a.tHead++
	a.lent = o.buf
	return o.Transmit, true
}

// PollEvent returns the next event, if any.
func (a *Agent) PollEvent() (Event, bool) {
	if a.eHead == len(a.events) {
		// Events come in bursts while connecting and not at all when idle:
		// the queue keeps no storage between bursts, and gives a pooled
		// array back (emit).
		if cap(a.events) == eventArrayLen {
			eventArrays.Put((*[eventArrayLen]Event)(a.events[:eventArrayLen]))
		}
		a.events, a.eHead = nil, 0
		return Event{}, false
	}
	e := a.events[a.eHead]
	a.events[a.eHead] = Event{}
	a.eHead++
	return e, true
}

func (a *Agent) emit(e Event) {
	if len(a.events)-a.eHead >= maxQueuedEvents {
		a.Stats.DroppedEvents++
		return
	}
	if a.events == nil {
		a.events = eventArrays.Get().(*[eventArrayLen]Event)[:0]
	}
	a.events = append(a.events, e)
}

// eventArrays are backing arrays for the event queues, shared by every
// agent. An Event is large (it holds a pair of candidates), and a queue
// that grew from nil for each burst of events while connecting allocated
// about 11 KB per connection; an agent now takes an array at the first
// event of a burst and gives it back once PollEvent has drained it, so
// that idle agents hold none. A burst of more than eventArrayLen events
// grows the queue by append, and that array is not pooled.
var eventArrays = sync.Pool{New: func() any { return new([eventArrayLen]Event) }}

const eventArrayLen = 8
