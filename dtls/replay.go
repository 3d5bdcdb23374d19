package dtls

// replayWindowSize is the width of the anti-replay window in records
// (RFC 6347 §4.1.2.6: "a window size of 64 is preferred").
const replayWindowSize = 64

// replayWindow is the sliding receive window of RFC 6347 §4.1.2.6 for one
// epoch. The zero value is an empty window.
type replayWindow struct {
	top  uint64 // highest sequence number accepted so far
	bits uint64 // bit i set: top-i was received
	any  bool
}

// check reports whether seq is new, that is neither left of the window nor
// already received. It does not change the window.
func (w *replayWindow) check(seq uint64) bool {
	if !w.any || seq > w.top {
		return true
	}
	d := w.top - seq
	if d >= replayWindowSize {
		return false
	}
	return w.bits&(1<<d) == 0
}

// mark records seq as received. RFC 6347 §4.1.2.6: the window is updated
// only after the record's MAC (here the AEAD tag) verified.
func (w *replayWindow) mark(seq uint64) {
	if !w.any {
		w.any, w.top, w.bits = true, seq, 1
		return
	}
	if seq > w.top {
		d := seq - w.top
		if d >= replayWindowSize {
			w.bits = 0
		} else {
			w.bits <<= d
		}
		w.bits |= 1
		w.top = seq
		return
	}
	if d := w.top - seq; d < replayWindowSize {
		w.bits |= 1 << d
	}
}
