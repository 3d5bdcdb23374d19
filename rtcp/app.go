package rtcp

import "encoding/binary"

// ApplicationDefined is an APP packet (RFC 3550 §6.7).
type ApplicationDefined struct {
	// Subtype is the 5-bit subtype.
	Subtype uint8
	SSRC    uint32
	// Name is four ASCII characters.
	Name [4]byte
	// Data is application-dependent data, a multiple of 4 octets
	// (AppendTo zero-pads it).
	Data []byte
}

// Unmarshal parses one APP packet, reusing the struct's slice.
func (p *ApplicationDefined) Unmarshal(b []byte) error {
	h, body, err := body(b, TypeApplicationDefined, -1)
	if err != nil {
		return err
	}
	if len(body) < 8 || len(body)%4 != 0 {
		return ErrMalformed // §6.7: the data is a multiple of 32 bits
	}
	p.Subtype = h.Count
	p.SSRC = binary.BigEndian.Uint32(body)
	copy(p.Name[:], body[4:8])
	p.Data = append(p.Data[:0], body[8:]...)
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *ApplicationDefined) MarshalSize() int { return HeaderLen + 8 + pad4(len(p.Data)) }

// AppendTo appends the encoded packet to b.
func (p *ApplicationDefined) AppendTo(b []byte) []byte {
	b = appendHeader(b, p.Subtype&0x1f, TypeApplicationDefined, p.MarshalSize())
	b = binary.BigEndian.AppendUint32(b, p.SSRC)
	b = append(b, p.Name[:]...)
	return appendPadded(b, p.Data)
}
