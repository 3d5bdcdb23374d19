package rtp

// SeqNewer reports whether sequence number a is newer than b, treating the
// 16-bit space as circular (RFC 3550 Appendix A.1: a difference below 2^15
// is forward).
func SeqNewer(a, b uint16) bool {
	return a != b && a-b < 0x8000
}

// SeqUnwrapper extends 16-bit sequence numbers to 64 bits by counting
// wraps (RFC 3550 Appendix A.1, the "cycles" count). A jump of less than
// 2^15 in either direction is taken as the nearest value, so reordered
// packets get their true extended number. The zero value is ready to use;
// the first sequence number seen maps to 1<<16 + seq so that earlier
// (reordered) packets still get positive values.
type SeqUnwrapper struct {
	last    uint64
	started bool
}

// Unwrap returns the extended sequence number of seq.
func (u *SeqUnwrapper) Unwrap(seq uint16) uint64 {
	if !u.started {
		u.started = true
		u.last = 1<<16 | uint64(seq)
		return u.last
	}
	diff := int64(int16(seq - uint16(u.last)))
	ext := uint64(int64(u.last) + diff)
	if ext > u.last {
		u.last = ext
	}
	return ext
}
