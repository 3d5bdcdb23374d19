package sctp

import "math/bits"

// bufPool is the association's free list of byte buffers: outgoing
// messages, out-of-order chunks and messages under reassembly all take
// their memory from it, so that a busy association reuses the same buffers
// and allocates nothing in steady state. Buffers come in size classes of
// 2^k and 3·2^(k-1) bytes (256, 384, 512, 768, 1024, ...) up to
// maxPooledBuf; a larger buffer is allocated exactly and left to the GC.
// The pool holds at most max bytes; decay drops what was not needed for a
// while and release empties it when the association goes idle (trim.go).
type bufPool struct {
	l     *poolLists // nil while the pool is empty
	bytes int        // bytes held in l
	max   int
}

// poolLists holds the free buffers of each class (LIFO, so the oldest are
// at the bottom).
type poolLists struct {
	free [poolClasses][][]byte
	low  [poolClasses]int32 // fewest buffers each class held since the last decay
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
	if p.l == nil {
		return make([]byte, 0, size)
	}
	if l := p.l.free[c]; len(l) > 0 {
		b := l[len(l)-1]
		l[len(l)-1] = nil
		p.l.free[c] = l[:len(l)-1]
		p.l.low[c] = min(p.l.low[c], int32(len(l)-1))
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
	if p.l == nil {
		p.l = new(poolLists)
	}
	p.l.free[c] = append(p.l.free[c], b[:0])
	p.bytes += size
}

// decay drops the buffers that no get needed since the previous decay:
// the fewest each class held in between, taken from the bottom. A pool
// that cycles under load keeps what it cycles; what a burst left behind
// goes.
func (p *bufPool) decay() {
	if p.l == nil {
		return
	}
	for c, l := range p.l.free {
		if k := int(p.l.low[c]); k > 0 {
			for _, b := range l[:k] {
				p.bytes -= cap(b)
			}
			n := copy(l, l[k:])
			clear(l[n:])
			l = l[:n]
			p.l.free[c] = l
		}
		p.l.low[c] = int32(len(l))
	}
	if p.bytes == 0 {
		p.l = nil
	}
}

// held reports whether the pool holds any memory.
func (p *bufPool) held() bool { return p.l != nil }

// release drops every free buffer.
func (p *bufPool) release() {
	p.l = nil
	p.bytes = 0
}
