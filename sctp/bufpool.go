package sctp

import "math/bits"

// bufPool is the association's free list of byte buffers: outgoing
// messages, out-of-order chunks and messages under reassembly all take
// their memory from it, so that a busy association reuses the same buffers
// and allocates nothing in steady state. Buffers come in size classes of
// 2^k and 3·2^(k-1) bytes (256, 384, 512, 768, 1024, ...) up to
// maxPooledBuf; a larger buffer is allocated exactly and left to the GC.
// The pool holds at most max bytes, and release empties it when the
// association goes idle (see trim.go).
type bufPool struct {
	free  *[poolClasses][][]byte // nil while the pool is empty
	bytes int                    // bytes held in free
	max   int
}

const (
	minPoolShift = 8  // smallest class: 256 bytes
	maxPoolShift = 20 // largest class: 1 MiB
	maxPooledBuf = 1 << maxPoolShift
	poolClasses  = 2*(maxPoolShift-minPoolShift) + 1
)

// poolClass returns the class index and capacity for a buffer of n bytes,
// or ok false when n is too large to pool.
func poolClass(n int) (class, size int, ok bool) {
	if n > maxPooledBuf {
		return 0, 0, false
	}
	k := max(bits.Len(uint(n-1)), minPoolShift) // 2^k ≥ n
	if k > minPoolShift && n <= 3<<(k-2) {
		return 2*(k-minPoolShift) - 1, 3 << (k - 2), true
	}
	return 2 * (k - minPoolShift), 1 << k, true
}

// get returns a buffer of length 0 and capacity at least n.
func (p *bufPool) get(n int) []byte {
	c, size, ok := poolClass(max(n, 1))
	if !ok {
		return make([]byte, 0, n)
	}
	if p.free == nil {
		return make([]byte, 0, size)
	}
	if l := p.free[c]; len(l) > 0 {
		b := l[len(l)-1]
		l[len(l)-1] = nil
		p.free[c] = l[:len(l)-1]
		p.bytes -= cap(b)
		return b[:0]
	}
	return make([]byte, 0, size)
}

// put gives b back. Buffers that do not have a class capacity (or would
// take the pool over its limit) are dropped.
func (p *bufPool) put(b []byte) {
	if cap(b) == 0 {
		return
	}
	c, size, ok := poolClass(cap(b))
	if !ok || size != cap(b) || p.bytes+size > p.max {
		return
	}
	if p.free == nil {
		p.free = new([poolClasses][][]byte)
	}
	p.free[c] = append(p.free[c], b[:0])
	p.bytes += size
}

// held reports whether the pool holds any memory.
func (p *bufPool) held() bool { return p.free != nil }

// release drops every free buffer.
func (p *bufPool) release() {
	p.free = nil
	p.bytes = 0
}
