package rtcp

import "encoding/binary"

// ReceiverReport is an RR packet (RFC 3550 §6.4.2).
type ReceiverReport struct {
	// SSRC is the sender of this report.
	SSRC uint32
	// Reports holds at most 31 report blocks; AppendTo writes only the
	// first 31.
	Reports []ReceptionReport
	// Extensions is the profile-specific extension (zero-padded to 4).
	Extensions []byte
}

// Unmarshal parses one RR packet, reusing the struct's slices.
func (p *ReceiverReport) Unmarshal(b []byte) error {
	h, body, err := body(b, TypeReceiverReport, -1)
	if err != nil {
		return err
	}
	if len(body) < 4 {
		return ErrMalformed
	}
	p.SSRC = binary.BigEndian.Uint32(body)
	rest, err := parseReports(&p.Reports, body[4:], int(h.Count))
	if err != nil {
		return err
	}
	if len(rest)%4 != 0 {
		return ErrMalformed // extensions are 32-bit words
	}
	p.Extensions = append(p.Extensions[:0], rest...)
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *ReceiverReport) MarshalSize() int {
	return HeaderLen + 4 + min(len(p.Reports), 31)*ReceptionReportLen + pad4(len(p.Extensions))
}

// AppendTo appends the encoded packet to b.
func (p *ReceiverReport) AppendTo(b []byte) []byte {
	n := min(len(p.Reports), 31)
	b = appendHeader(b, uint8(n), TypeReceiverReport, p.MarshalSize())
	b = binary.BigEndian.AppendUint32(b, p.SSRC)
	for i := range n {
		b = p.Reports[i].appendTo(b)
	}
	return appendPadded(b, p.Extensions)
}
