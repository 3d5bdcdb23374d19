package rtcp

import "encoding/binary"

// SenderReport is an SR packet (RFC 3550 §6.4.1).
type SenderReport struct {
	// SSRC is the sender of this report.
	SSRC uint32
	// NTPTime is the 64-bit NTP timestamp of the report.
	NTPTime uint64
	// RTPTime is the RTP timestamp corresponding to NTPTime.
	RTPTime uint32
	// PacketCount and OctetCount count the RTP packets and payload octets
	// sent by SSRC.
	PacketCount, OctetCount uint32
	// Reports holds at most 31 report blocks; AppendTo writes only the
	// first 31.
	Reports []ReceptionReport
	// Extensions is the profile-specific extension, a multiple of 4 octets
	// (AppendTo zero-pads it).
	Extensions []byte
}

// Unmarshal parses one SR packet, reusing the struct's slices.
func (p *SenderReport) Unmarshal(b []byte) error {
	h, body, err := body(b, TypeSenderReport, -1)
	if err != nil {
		return err
	}
	if len(body) < 24 {
		return ErrMalformed
	}
	p.SSRC = binary.BigEndian.Uint32(body)
	p.NTPTime = binary.BigEndian.Uint64(body[4:])
	p.RTPTime = binary.BigEndian.Uint32(body[12:])
	p.PacketCount = binary.BigEndian.Uint32(body[16:])
	p.OctetCount = binary.BigEndian.Uint32(body[20:])
	rest, err := parseReports(&p.Reports, body[24:], int(h.Count))
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
func (p *SenderReport) MarshalSize() int {
	return HeaderLen + 24 + min(len(p.Reports), 31)*ReceptionReportLen + pad4(len(p.Extensions))
}

// AppendTo appends the encoded packet to b.
func (p *SenderReport) AppendTo(b []byte) []byte {
	n := min(len(p.Reports), 31)
	b = appendHeader(b, uint8(n), TypeSenderReport, p.MarshalSize())
	b = binary.BigEndian.AppendUint32(b, p.SSRC)
	b = binary.BigEndian.AppendUint64(b, p.NTPTime)
	b = binary.BigEndian.AppendUint32(b, p.RTPTime)
	b = binary.BigEndian.AppendUint32(b, p.PacketCount)
	b = binary.BigEndian.AppendUint32(b, p.OctetCount)
	for i := range n {
		b = p.Reports[i].appendTo(b)
	}
	return appendPadded(b, p.Extensions)
}

// appendPadded appends data and zero octets up to a multiple of 4.
func appendPadded(b, data []byte) []byte {
	b = append(b, data...)
	for i := len(data); i%4 != 0; i++ {
		b = append(b, 0)
	}
	return b
}
