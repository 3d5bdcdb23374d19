package rtcp

import "encoding/binary"

// Goodbye is a BYE packet (RFC 3550 §6.6).
type Goodbye struct {
	// Sources holds at most 31 SSRC/CSRC identifiers.
	Sources []uint32
	// Reason is the optional reason for leaving (at most 255 octets).
	Reason []byte
}

// Unmarshal parses one BYE packet, reusing the struct's slices.
func (p *Goodbye) Unmarshal(b []byte) error {
	h, body, err := body(b, TypeGoodbye, -1)
	if err != nil {
		return err
	}
	n := int(h.Count)
	if len(body) < 4*n {
		return ErrMalformed
	}
	p.Sources = p.Sources[:0]
	for i := range n {
		p.Sources = append(p.Sources, binary.BigEndian.Uint32(body[4*i:]))
	}
	rest := body[4*n:]
	p.Reason = p.Reason[:0]
	if len(rest) > 0 {
		l := int(rest[0])
		if 1+l > len(rest) || pad4(1+l) != len(rest) {
			return ErrMalformed
		}
		p.Reason = append(p.Reason, rest[1:1+l]...)
	}
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *Goodbye) MarshalSize() int {
	n := HeaderLen + 4*min(len(p.Sources), 31)
	if len(p.Reason) > 0 {
		n += pad4(1 + min(len(p.Reason), 255))
	}
	return n
}

// AppendTo appends the encoded packet to b.
func (p *Goodbye) AppendTo(b []byte) []byte {
	ns := min(len(p.Sources), 31)
	b = appendHeader(b, uint8(ns), TypeGoodbye, p.MarshalSize())
	for _, s := range p.Sources[:ns] {
		b = binary.BigEndian.AppendUint32(b, s)
	}
	if len(p.Reason) > 0 {
		r := p.Reason[:min(len(p.Reason), 255)]
		b = append(b, byte(len(r)))
		b = append(b, r...)
		for i := 1 + len(r); i%4 != 0; i++ {
			b = append(b, 0)
		}
	}
	return b
}
