package rtcp

// PictureLossIndication is a PLI (PSFB FMT 1, RFC 4585 §6.3.1); it has no
// FCI, so its length field MUST be 2.
type PictureLossIndication struct {
	SenderSSRC, MediaSSRC uint32
}

// Unmarshal parses one PLI packet.
func (p *PictureLossIndication) Unmarshal(b []byte) error {
	s, m, fci, err := feedbackBody(b, TypePayloadFeedback, FormatPLI)
	if err != nil {
		return err
	}
	if len(fci) != 0 {
		return ErrMalformed
	}
	p.SenderSSRC, p.MediaSSRC = s, m
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *PictureLossIndication) MarshalSize() int { return HeaderLen + 8 }

// AppendTo appends the encoded packet to b.
func (p *PictureLossIndication) AppendTo(b []byte) []byte {
	return appendFeedbackHeader(b, FormatPLI, TypePayloadFeedback, p.MarshalSize(), p.SenderSSRC, p.MediaSSRC)
}
