package rtcp

import "encoding/binary"

// ReceptionReportLen is the size of one report block.
const ReceptionReportLen = 24

// ReceptionReport is a report block of an SR or RR (RFC 3550 §6.4.1).
type ReceptionReport struct {
	// SSRC is the source this block reports on.
	SSRC uint32
	// FractionLost is the fraction lost since the last report, in 1/256.
	FractionLost uint8
	// TotalLost is the cumulative number of packets lost, a signed 24-bit
	// value; AppendTo clamps it to [-0x800000, 0x7fffff] (RFC 3550 §A.3).
	TotalLost int32
	// LastSequence is the extended highest sequence number received.
	LastSequence uint32
	// Jitter is the interarrival jitter in timestamp units.
	Jitter uint32
	// LastSenderReport (LSR) is the middle 32 bits of the NTP timestamp of
	// the last SR received from the source.
	LastSenderReport uint32
	// Delay (DLSR) is the delay since that SR in units of 1/65536 s.
	Delay uint32
}

func (r *ReceptionReport) unmarshal(b []byte) {
	r.SSRC = binary.BigEndian.Uint32(b)
	r.FractionLost = b[4]
	lost := int32(b[5])<<16 | int32(b[6])<<8 | int32(b[7])
	if lost&0x800000 != 0 {
		lost -= 1 << 24
	}
	r.TotalLost = lost
	r.LastSequence = binary.BigEndian.Uint32(b[8:])
	r.Jitter = binary.BigEndian.Uint32(b[12:])
	r.LastSenderReport = binary.BigEndian.Uint32(b[16:])
	r.Delay = binary.BigEndian.Uint32(b[20:])
}

func (r *ReceptionReport) appendTo(b []byte) []byte {
	lost := min(max(r.TotalLost, -0x800000), 0x7fffff)
	b = binary.BigEndian.AppendUint32(b, r.SSRC)
	b = append(b, r.FractionLost, byte(lost>>16), byte(lost>>8), byte(lost))
	b = binary.BigEndian.AppendUint32(b, r.LastSequence)
	b = binary.BigEndian.AppendUint32(b, r.Jitter)
	b = binary.BigEndian.AppendUint32(b, r.LastSenderReport)
	return binary.BigEndian.AppendUint32(b, r.Delay)
}

// parseReports reads count report blocks from b into *dst (reused) and
// returns the rest of b.
func parseReports(dst *[]ReceptionReport, b []byte, count int) ([]byte, error) {
	if len(b) < count*ReceptionReportLen {
		return nil, ErrMalformed
	}
	*dst = (*dst)[:0]
	for i := 0; i < count; i++ {
		var r *ReceptionReport
		*dst, r = grow(*dst)
		r.unmarshal(b[i*ReceptionReportLen:])
	}
	return b[count*ReceptionReportLen:], nil
}
