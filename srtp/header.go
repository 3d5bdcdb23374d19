package srtp

import "encoding/binary"

// rtpHeaderLen parses the fixed RTP header, CSRC list and header extension
// of RFC 3550 §5.1 and §5.3.1 and returns the header length (where the SRTP
// encrypted portion starts, RFC 3711 §3.1), the sequence number and the SSRC.
// ok is false if the packet is shorter than its header or not version 2.
func rtpHeaderLen(b []byte) (n int, seq uint16, ssrc uint32, ok bool) {
	if len(b) < 12 || b[0]>>6 != 2 {
		return 0, 0, 0, false
	}
	n = 12 + 4*int(b[0]&0x0f)
	if b[0]&0x10 != 0 {
		if len(b) < n+4 {
			return 0, 0, 0, false
		}
		n += 4 + 4*int(binary.BigEndian.Uint16(b[n+2:]))
	}
	if len(b) < n {
		return 0, 0, 0, false
	}
	return n, binary.BigEndian.Uint16(b[2:]), binary.BigEndian.Uint32(b[8:]), true
}

// rtcpHeaderOK reports whether b starts with an RTCP header of version 2 and
// the SSRC of the sender (the 8 octets SRTCP leaves in the clear, RFC 3711
// §3.4), and returns that SSRC.
func rtcpHeaderOK(b []byte) (ssrc uint32, ok bool) {
	if len(b) < 8 || b[0]>>6 != 2 {
		return 0, false
	}
	return binary.BigEndian.Uint32(b[4:]), true
}
