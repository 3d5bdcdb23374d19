package sctp

// ring is a growable FIFO with indexed access. It allocates only when it
// grows, so a long-lived ring reaches a steady state without allocations.
type ring[T any] struct {
	buf        []T
	head, size uint32
}

func (r *ring[T]) len() int { return int(r.size) }

func (r *ring[T]) grow() {
	n := make([]T, max(8, 2*len(r.buf)))
	for i := range r.size {
		n[i] = r.buf[(r.head+i)&uint32(len(r.buf)-1)]
	}
	r.buf, r.head = n, 0
}

// pushBack appends v and returns a pointer to the stored element.
func (r *ring[T]) pushBack(v T) *T {
	if int(r.size) == len(r.buf) {
		r.grow()
	}
	i := (r.head + r.size) & uint32(len(r.buf)-1)
	r.buf[i] = v
	r.size++
	return &r.buf[i]
}

// pushBackZero appends a zero element and returns a pointer to it, to be
// filled in place.
func (r *ring[T]) pushBackZero() *T {
	if int(r.size) == len(r.buf) {
		r.grow()
	}
	i := (r.head + r.size) & uint32(len(r.buf)-1)
	r.size++
	return &r.buf[i] // popFront zeroes what it removes, grow gives zeroes
}

// at returns a pointer to element i (0 is the front).
func (r *ring[T]) at(i int) *T {
	if i < 0 || i >= int(r.size) {
		panic("BUG: sctp: ring index out of range")
	}
	return &r.buf[(r.head+uint32(i))&uint32(len(r.buf)-1)]
}

func (r *ring[T]) front() *T { return r.at(0) }

func (r *ring[T]) popFront() T {
	v := *r.front()
	r.dropFront()
	return v
}

// dropFront removes the front element.
func (r *ring[T]) dropFront() {
	if r.size == 0 {
		panic("BUG: sctp: pop from empty ring")
	}
	var zero T
	r.buf[r.head] = zero
	r.head = (r.head + 1) & uint32(len(r.buf)-1)
	r.size--
}
