package srtp

// estimateIndex returns the packet index i = 2^16 * v + SEQ guessed from the
// receiver's highest index seen (ROC || s_l), following RFC 3711 §3.3.1 and
// Appendix A. ok is false when the guess would be negative (a packet from
// before the first one, with ROC still 0); such a packet cannot be placed and
// is treated as too old.
func estimateIndex(highest uint64, seq uint16) (index uint64, ok bool) {
	roc := highest >> 16
	sl := uint16(highest)
	v := roc
	if sl < 1<<15 {
		if int(seq)-int(sl) > 1<<15 {
			if roc == 0 {
				return 0, false
			}
			v = roc - 1
		}
	} else if int(sl)-(1<<15) > int(seq) {
		v = roc + 1
	}
	return v<<16 | uint64(seq), true
}
