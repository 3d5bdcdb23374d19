package srtp

// DefaultReplayWindow is the replay window size used unless changed with
// WithReplayWindow; RFC 3711 §3.3.2 requires at least 64.
const DefaultReplayWindow = 64

// maxReplayWindow bounds the window a caller may configure (memory per SSRC
// is window/8 octets).
const maxReplayWindow = 1 << 15

// replayWindow is the sliding window of RFC 3711 §3.3.2 over packet indices
// (48-bit SRTP indices or 31-bit SRTCP indices): an index is accepted if it is
// newer than the highest seen, or within the window behind it and not yet
// seen. The bitmap is a ring indexed by index mod len(bits)*64; len(bits)
// is a power of two so that the modulo is a mask.
type replayWindow struct {
	size    uint64
	highest uint64
	started bool
	mask    uint64 // len(bits)*64 - 1
	bits    []uint64
}

func newReplayWindow(size int) replayWindow {
	words := 1
	for words*64 < size {
		words *= 2
	}
	return replayWindow{size: uint64(size), mask: uint64(words)*64 - 1, bits: make([]uint64, words)}
}

func (w *replayWindow) bit(i uint64) (word int, mask uint64) {
	p := i & w.mask
	return int(p >> 6), 1 << (p & 63)
}

// check reports whether index i would be accepted. It changes nothing: the
// window is updated only after the packet authenticates (RFC 3711 §3.3 step 5
// precedes step 6... the update, §3.3.2).
func (w *replayWindow) check(i uint64) bool {
	if !w.started || i > w.highest {
		return true
	}
	if w.size == 0 {
		return true // replay protection disabled
	}
	if w.highest-i >= w.size {
		return false
	}
	word, mask := w.bit(i)
	return w.bits[word]&mask == 0
}

// accept records index i as received; check(i) must have returned true.
func (w *replayWindow) accept(i uint64) {
	if !w.started {
		w.started = true
		w.highest = i
		clear(w.bits)
	} else if i > w.highest {
		d := i - w.highest
		if d > w.mask {
			clear(w.bits)
		} else {
			for j := w.highest + 1; j < i; j++ {
				word, mask := w.bit(j)
				w.bits[word] &^= mask
			}
		}
		w.highest = i
	}
	word, mask := w.bit(i)
	w.bits[word] |= mask
}
