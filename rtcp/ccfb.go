package rtcp

import "encoding/binary"

// CCFBMetric is a 16-bit packet metric block of RFC 8888 §3.1.
type CCFBMetric struct {
	// Received (R) tells whether the packet was received; if not, ECN and
	// ArrivalTimeOffset are zero.
	Received bool
	// ECN is the echoed 2-bit ECN mark.
	ECN uint8
	// ArrivalTimeOffset (ATO) is the 13-bit arrival time before the report
	// timestamp, in 1/1024 s; 0x1FFE means over-range, 0x1FFF unavailable.
	ArrivalTimeOffset uint16
}

// CCFBReport is the report block for one RTP stream: metrics for the
// sequence numbers BeginSequence, BeginSequence+1, … (modulo 2^16).
type CCFBReport struct {
	MediaSSRC     uint32
	BeginSequence uint16
	// Metrics holds at most 16384 blocks (§3.1: a report block MUST NOT
	// include more).
	Metrics []CCFBMetric
}

// CongestionControlFeedback is an RTCP congestion control feedback packet
// (RTPFB FMT 11, RFC 8888 §3.1).
type CongestionControlFeedback struct {
	SenderSSRC uint32
	Reports    []CCFBReport
	// ReportTimestamp is the middle 32 bits of an NTP timestamp.
	ReportTimestamp uint32
}

// ccfbMaxMetrics is the per-block limit of RFC 8888 §3.1.
const ccfbMaxMetrics = 16384

// Unmarshal parses one CCFB packet, reusing the struct's slices. num_reports
// is taken as the number of metric blocks that follow (§3.1: "MAY be 0,
// indicating that there are no packet metric blocks").
func (p *CongestionControlFeedback) Unmarshal(b []byte) error {
	_, body, err := body(b, TypeTransportFeedback, FormatCCFB)
	if err != nil {
		return err
	}
	if len(body) < 8 {
		return ErrMalformed
	}
	p.SenderSSRC = binary.BigEndian.Uint32(body)
	p.ReportTimestamp = binary.BigEndian.Uint32(body[len(body)-4:])
	blocks := body[4 : len(body)-4]
	p.Reports = p.Reports[:0]
	for len(blocks) > 0 {
		if len(blocks) < 8 {
			return ErrMalformed
		}
		n := int(binary.BigEndian.Uint16(blocks[6:]))
		size := 8 + pad4(2*n)
		if n > ccfbMaxMetrics || len(blocks) < size {
			return ErrMalformed
		}
		var r *CCFBReport
		p.Reports, r = grow(p.Reports)
		r.MediaSSRC = binary.BigEndian.Uint32(blocks)
		r.BeginSequence = binary.BigEndian.Uint16(blocks[4:])
		r.Metrics = r.Metrics[:0]
		for i := range n {
			v := binary.BigEndian.Uint16(blocks[8+2*i:])
			m := CCFBMetric{Received: v&0x8000 != 0}
			if m.Received {
				m.ECN = uint8(v >> 13 & 3)
				m.ArrivalTimeOffset = v & 0x1fff
			}
			r.Metrics = append(r.Metrics, m)
		}
		blocks = blocks[size:]
	}
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *CongestionControlFeedback) MarshalSize() int {
	n := HeaderLen + 4 + 4
	for i := range p.Reports {
		n += 8 + pad4(2*min(len(p.Reports[i].Metrics), ccfbMaxMetrics))
	}
	return n
}

// AppendTo appends the encoded packet to b. Metrics beyond 16384 per block
// are not encoded.
func (p *CongestionControlFeedback) AppendTo(b []byte) []byte {
	b = appendHeader(b, FormatCCFB, TypeTransportFeedback, p.MarshalSize())
	b = binary.BigEndian.AppendUint32(b, p.SenderSSRC)
	for i := range p.Reports {
		r := &p.Reports[i]
		n := min(len(r.Metrics), ccfbMaxMetrics)
		b = binary.BigEndian.AppendUint32(b, r.MediaSSRC)
		b = binary.BigEndian.AppendUint16(b, r.BeginSequence)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
		for _, m := range r.Metrics[:n] {
			var v uint16
			if m.Received {
				v = 0x8000 | uint16(m.ECN&3)<<13 | m.ArrivalTimeOffset&0x1fff
			}
			b = binary.BigEndian.AppendUint16(b, v)
		}
		if n%2 == 1 {
			b = append(b, 0, 0)
		}
	}
	return binary.BigEndian.AppendUint32(b, p.ReportTimestamp)
}
