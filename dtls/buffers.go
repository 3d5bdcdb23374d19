package dtls

import "sync"

// datagramCap is the capacity of a pooled datagram buffer: a handshake
// datagram of the default 1200-byte MTU or an application record of that
// size with its 29 bytes of header and AEAD overhead. Larger records grow
// the buffer they are written into, and the grown buffer goes back to the
// pool.
const datagramCap = 1536

// datagramPool holds the buffers that records are written into between
// WriteApplicationData (or a flight) and PollTransmit, and received
// application records between HandleInput and ReadApplicationData. They
// are shared by all Conns, so that an idle Conn keeps none: a Conn holds a
// buffer only while a datagram waits in one of its queues.
var datagramPool = sync.Pool{New: func() any {
	b := make([]byte, 0, datagramCap)
	return &b
}}

// getBuf borrows an empty buffer from the pool.
func getBuf() *[]byte {
	b := datagramPool.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

// putBuf returns a buffer to the pool.
func putBuf(b *[]byte) { datagramPool.Put(b) }

// maxKeptQueue is the capacity up to which a drained queue keeps its
// backing array: a burst larger than this is paid with one allocation
// when it comes, rather than kept for ever by an idle Conn.
const maxKeptQueue = 16
