package h264

import "bytes"

// NAL unit types used by this package (H.264 Table 7-1, RFC 6184 Table 1).
const (
	NALSlice  = 1  // coded slice of a non-IDR picture
	NALIDR    = 5  // coded slice of an IDR picture
	NALSEI    = 6  // supplemental enhancement information
	NALSPS    = 7  // sequence parameter set
	NALPPS    = 8  // picture parameter set
	NALAUD    = 9  // access unit delimiter
	NALSTAPA  = 24 // single-time aggregation packet type A (RFC 6184 §5.7.1)
	NALSTAPB  = 25 // single-time aggregation packet type B
	NALMTAP16 = 26 // multi-time aggregation packet, 16-bit offsets
	NALMTAP24 = 27 // multi-time aggregation packet, 24-bit offsets
	NALFUA    = 28 // fragmentation unit type A (RFC 6184 §5.8)
	NALFUB    = 29 // fragmentation unit type B
)

var startCode = []byte{0, 0, 1}

// startCodeLen returns the length of the start code (zero bytes then 0x01)
// at the beginning of b, or 0 if b does not begin with one.
func startCodeLen(b []byte) int {
	k := 0
	for k < len(b) && b[k] == 0 {
		k++
	}
	if k >= 2 && k < len(b) && b[k] == 1 {
		return k + 1
	}
	return 0
}

// NextNAL returns the first NAL unit of an Annex B byte stream and the rest
// of the stream. Bytes before the first start code count as a NAL unit, so
// a single NAL unit without start code is accepted; trailing zero bytes
// (trailing_zero_8bits, the first byte of a 4-byte start code) are dropped.
func NextNAL(b []byte) (nal, rest []byte) {
	b = b[startCodeLen(b):]
	j := bytes.Index(b, startCode)
	if j < 0 {
		nal, rest = b, nil
	} else {
		nal, rest = b[:j], b[j:]
	}
	for len(nal) > 0 && nal[len(nal)-1] == 0 {
		nal = nal[:len(nal)-1]
	}
	return nal, rest
}
