package udp

import (
	"errors"
	"net/netip"
)

// Default sizes of a Batch made by NewBatch with sizes of zero.
const (
	DefaultBatchBytes     = 256 << 10
	DefaultBatchDatagrams = 256
)

// ErrBatchFull is returned by Batch.Add when the datagram does not fit.
var ErrBatchFull = errors.New("udp: batch is full")

var errNoDestination = errors.New("udp: datagram has no valid destination address")

// Batch is a reusable list of outgoing datagrams, stored back to back in one
// buffer, for Socket.WriteBatch. A datagram can be copied in with Add, or
// written in place: append its bytes to Free() and pass the result to Add,
// which then keeps them where they are.
//
//	p := b.Free()
//	p = seal(p, record) // appends the sealed record
//	err := b.Add(p, to)
//
// A Batch is not safe for concurrent use. It holds the system call arguments
// of WriteBatch too, so that writing allocates nothing: pool Batches rather
// than making one per write.
type Batch struct {
	buf     []byte     // the datagrams back to back; len(buf) bytes are used
	dgrams  []outgoing // where each datagram is and where it goes
	scratch batchScratch
}

// outgoing is one datagram of a Batch.
type outgoing struct {
	to  netip.AddrPort
	off int // start in Batch.buf
	n   int // length
}

// NewBatch returns an empty Batch holding up to bytes bytes in up to
// datagrams datagrams; zero or negative sizes mean the defaults.
func NewBatch(bytes, datagrams int) *Batch {
	if bytes <= 0 {
		bytes = DefaultBatchBytes
	}
	if datagrams <= 0 {
		datagrams = DefaultBatchDatagrams
	}
	b := &Batch{buf: make([]byte, 0, bytes), dgrams: make([]outgoing, 0, datagrams)}
	b.scratch.init(datagrams)
	return b
}

// Free returns the unused end of the buffer as an empty slice whose capacity
// is the room left. Bytes appended to it (without growing past its
// capacity) and then passed to Add become the next datagram without a copy.
func (b *Batch) Free() []byte { return b.buf[len(b.buf):] }

// Add appends datagram p, to be sent to to. If p starts at Free() it is kept
// in place; otherwise it is copied. It returns ErrBatchFull, and adds
// nothing, if the batch has no room for p.
func (b *Batch) Add(p []byte, to netip.AddrPort) error {
	if !to.IsValid() {
		return errNoDestination
	}
	if len(b.dgrams) == cap(b.dgrams) {
		return ErrBatchFull
	}
	off, room := len(b.buf), cap(b.buf)-len(b.buf)
	if len(p) > room {
		return ErrBatchFull
	}
	if len(p) > 0 && &p[0] != &b.buf[:off+1][off] {
		copy(b.buf[off:off+len(p)], p)
	}
	b.buf = b.buf[:off+len(p)]
	b.dgrams = append(b.dgrams, outgoing{to: to, off: off, n: len(p)})
	return nil
}

// Len returns the number of datagrams in the batch.
func (b *Batch) Len() int { return len(b.dgrams) }

// Reset empties the batch, keeping its memory.
func (b *Batch) Reset() {
	b.buf = b.buf[:0]
	b.dgrams = b.dgrams[:0]
}

// data returns datagram i's bytes.
func (b *Batch) data(i int) []byte {
	d := &b.dgrams[i]
	return b.buf[d.off : d.off+d.n]
}
