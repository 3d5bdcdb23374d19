package rtp

import "encoding/binary"

// AppendRTXPayload appends an RTX payload (RFC 4588 §4): the original
// sequence number (OSN) in network order followed by the original payload.
func AppendRTXPayload(b []byte, osn uint16, payload []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, osn)
	return append(b, payload...)
}

// ParseRTXPayload splits an RTX payload into the original sequence number
// and the original payload, which aliases b (RFC 4588 §4).
func ParseRTXPayload(b []byte) (osn uint16, payload []byte, err error) {
	if len(b) < 2 {
		return 0, nil, ErrShortPacket
	}
	return binary.BigEndian.Uint16(b), b[2:], nil
}

// AppendRTX appends the retransmission of p on an RTX stream (RFC 4588 §4):
// the same header (timestamp, marker, CSRCs and extensions) with the RTX
// payload type, SSRC and sequence number, and a payload made of p's
// sequence number and payload. Padding is not copied. p is not modified.
func (p *Packet) AppendRTX(b []byte, rtxPT uint8, rtxSSRC uint32, rtxSeq uint16) []byte {
	h := p.Header
	h.PayloadType, h.SSRC, h.SequenceNumber = rtxPT, rtxSSRC, rtxSeq
	b = h.appendTo(b, false)
	return AppendRTXPayload(b, p.SequenceNumber, p.Payload)
}

// UnwrapRTX turns an RTX packet p back into the original packet in place
// (RFC 4588 §4): the sequence number becomes the OSN, the payload type and
// SSRC become those of the associated original stream (a=fmtp apt= and the
// ssrc-group FID or the repaired RID), and the OSN is stripped from the
// payload. It fails with ErrShortPacket if the payload has no OSN, which
// is the case for padding-only RTX packets used as probes.
func (p *Packet) UnwrapRTX(origPT uint8, origSSRC uint32) error {
	osn, payload, err := ParseRTXPayload(p.Payload)
	if err != nil {
		return err
	}
	p.SequenceNumber, p.PayloadType, p.SSRC, p.Payload = osn, origPT, origSSRC, payload
	return nil
}
