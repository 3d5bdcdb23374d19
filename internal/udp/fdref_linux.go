//go:build !udpfallback

package udp

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// fdRef owns a socket's file descriptor and counts the system calls using
// it. The descriptor is closed when it is both marked closed and unused, so
// no call can ever run on a descriptor number that was closed and given to
// another file in the meantime.
type fdRef struct {
	fd    int
	state atomic.Uint64 // fdClosed | number of users
}

const fdClosed = 1 << 63

// acquire marks the descriptor in use; it reports false once it is closed.
// Each successful acquire must be followed by one release.
func (r *fdRef) acquire() bool {
	for {
		s := r.state.Load()
		if s&fdClosed != 0 {
			return false
		}
		if r.state.CompareAndSwap(s, s+1) {
			return true
		}
	}
}

// release ends a use begun by acquire, closing the descriptor if it was the
// last use of a closed one.
func (r *fdRef) release() {
	switch s := r.state.Add(^uint64(0)); s {
	case fdClosed:
		unix.Close(r.fd)
	case fdClosed - 1, ^uint64(0):
		panic("BUG: udp: fdRef released more often than acquired")
	}
}

// close marks the descriptor closed, closing it now if it is unused or else
// when the last use ends. It reports false if it was already closed.
func (r *fdRef) close() bool {
	for {
		s := r.state.Load()
		if s&fdClosed != 0 {
			return false
		}
		if r.state.CompareAndSwap(s, s|fdClosed) {
			if s == 0 {
				unix.Close(r.fd)
			}
			return true
		}
	}
}
