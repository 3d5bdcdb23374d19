package vnet

// ordered is an element of a binary min-heap: before reports whether the
// element must come out ahead of another.
type ordered[T any] interface {
	before(T) bool
}

// heapPush adds x to the min-heap h. It is written out rather than through
// container/heap so that pushing does not allocate (no interface boxing).
func heapPush[T ordered[T]](h *[]T, x T) {
	*h = append(*h, x)
	a := *h
	for i := len(a) - 1; i > 0; {
		parent := (i - 1) / 2
		if !a[i].before(a[parent]) {
			break
		}
		a[i], a[parent] = a[parent], a[i]
		i = parent
	}
}

// heapPop removes and returns the least element of the non-empty heap h.
func heapPop[T ordered[T]](h *[]T) T {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	var zero T
	a[last] = zero
	a = a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(a) && a[l].before(a[m]) {
			m = l
		}
		if r < len(a) && a[r].before(a[m]) {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
