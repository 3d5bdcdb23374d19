package rtcp

import "encoding/binary"

// FIREntry is one Full Intra Request FCI entry (RFC 5104 §4.3.1.1).
type FIREntry struct {
	SSRC           uint32
	SequenceNumber uint8
}

// FullIntraRequest is a FIR (PSFB FMT 4, RFC 5104 §4.3.1). Its MediaSSRC
// "SHALL be set to 0" (§4.3.1.2); the target streams are in Entries.
type FullIntraRequest struct {
	SenderSSRC, MediaSSRC uint32
	// Entries holds at least one request.
	Entries []FIREntry
}

// Unmarshal parses one FIR packet, reusing the struct's slice.
func (p *FullIntraRequest) Unmarshal(b []byte) error {
	s, m, fci, err := feedbackBody(b, TypePayloadFeedback, FormatFIR)
	if err != nil {
		return err
	}
	if len(fci) == 0 || len(fci)%8 != 0 {
		return ErrMalformed
	}
	p.SenderSSRC, p.MediaSSRC = s, m
	p.Entries = p.Entries[:0]
	for i := 0; i < len(fci); i += 8 {
		p.Entries = append(p.Entries, FIREntry{binary.BigEndian.Uint32(fci[i:]), fci[i+4]})
	}
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *FullIntraRequest) MarshalSize() int { return HeaderLen + 8 + 8*len(p.Entries) }

// AppendTo appends the encoded packet to b.
func (p *FullIntraRequest) AppendTo(b []byte) []byte {
	b = appendFeedbackHeader(b, FormatFIR, TypePayloadFeedback, p.MarshalSize(), p.SenderSSRC, p.MediaSSRC)
	for _, e := range p.Entries {
		b = binary.BigEndian.AppendUint32(b, e.SSRC)
		b = append(b, e.SequenceNumber, 0, 0, 0)
	}
	return b
}
