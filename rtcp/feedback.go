package rtcp

import "encoding/binary"

// feedbackBody checks the common feedback header of RFC 4585 §6.1 (PT, FMT,
// SSRC of packet sender, SSRC of media source) and returns both SSRCs and
// the FCI.
func feedbackBody(b []byte, t PacketType, fmt int) (sender, media uint32, fci []byte, err error) {
	_, body, err := body(b, t, fmt)
	if err != nil {
		return 0, 0, nil, err
	}
	if len(body) < 8 {
		return 0, 0, nil, ErrMalformed
	}
	return binary.BigEndian.Uint32(body), binary.BigEndian.Uint32(body[4:]), body[8:], nil
}

func appendFeedbackHeader(b []byte, fmt uint8, t PacketType, size int, sender, media uint32) []byte {
	b = appendHeader(b, fmt, t, size)
	b = binary.BigEndian.AppendUint32(b, sender)
	return binary.BigEndian.AppendUint32(b, media)
}
