package sctp

import (
	"encoding/binary"
	"fmt"
)

// Parameter types used in INIT and INIT ACK chunks (RFC 9260 §3.3.2,
// RFC 3758 §3.1, RFC 5061 §4.2.7, RFC 9653 §4) and in RE-CONFIG chunks
// (RFC 6525 §4).
const (
	paramHeartbeatInfo      = 1
	paramStateCookie        = 7
	paramUnrecognized       = 8
	paramCookiePreservative = 9
	paramOutgoingReset      = 13
	paramIncomingReset      = 14
	paramReconfigResponse   = 16
	paramZeroChecksum       = 0x8001
	paramSupportedExt       = 0x8008
	paramForwardTSN         = 0xC000
)

// EDMIDDTLS is the Error Detection Method Identifier for SCTP over DTLS
// (RFC 9653 §6 and §9).
const EDMIDDTLS = 1

var errEmptyData = fmt.Errorf("%w: DATA chunk without user data", ErrMalformed)

// nextParam splits the first TLV parameter off b (RFC 9260 §3.2.1) and
// returns its type, value and the rest after padding.
func nextParam(b []byte) (typ uint16, value, rest []byte, err error) {
	if len(b) < 4 {
		return 0, nil, nil, errShort
	}
	n := int(binary.BigEndian.Uint16(b[2:]))
	if n < 4 || n > len(b) {
		return 0, nil, nil, errBadLength
	}
	p := pad4(n)
	if p > len(b) {
		p = len(b)
	}
	return binary.BigEndian.Uint16(b), b[4:n], b[p:], nil
}

// appendParam appends a parameter with the given value, padded to four
// bytes (RFC 9260 §3.2.1).
func appendParam(b []byte, typ uint16, value []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, typ)
	b = binary.BigEndian.AppendUint16(b, uint16(4+len(value)))
	b = append(b, value...)
	for i := len(value); i%4 != 0; i++ {
		b = append(b, 0)
	}
	return b
}
