package rtcp

import (
	"encoding/binary"
	"math/bits"
)

// rembID is the unique identifier 'R' 'E' 'M' 'B' opening a REMB FCI.
var rembID = [4]byte{'R', 'E', 'M', 'B'}

// ReceiverEstimatedMaximumBitrate is a REMB message: application layer
// feedback (PSFB FMT 15, RFC 4585 §6.4) in the format of
// draft-alvestrand-rmcat-remb §2.2: 'REMB', number of SSRCs (8 bits),
// exponent (6 bits) and mantissa (18 bits) of the bitrate in bit/s, then the
// SSRCs it applies to. (The draft is not in the spec library; the layout is
// the one Chromium sends.)
type ReceiverEstimatedMaximumBitrate struct {
	SenderSSRC, MediaSSRC uint32
	// Bitrate in bits per second. AppendTo rounds it down to an 18-bit
	// mantissa times a power of two.
	Bitrate uint64
	// SSRCs lists at most 255 media sources the estimate applies to.
	SSRCs []uint32
}

// IsREMB reports whether the PSFB FMT 15 packet b carries a REMB.
func IsREMB(b []byte) bool {
	return len(b) >= 16 && b[0]&0x1f == FormatAFB && PacketType(b[1]) == TypePayloadFeedback &&
		[4]byte(b[12:16]) == rembID
}

// Unmarshal parses one REMB packet, reusing the struct's slice.
func (p *ReceiverEstimatedMaximumBitrate) Unmarshal(b []byte) error {
	s, m, fci, err := feedbackBody(b, TypePayloadFeedback, FormatAFB)
	if err != nil {
		return err
	}
	if len(fci) < 8 || [4]byte(fci[:4]) != rembID {
		return ErrMalformed
	}
	n := int(fci[4])
	if len(fci) != 8+4*n {
		return ErrMalformed
	}
	exp := fci[5] >> 2
	mant := uint64(fci[5]&3)<<16 | uint64(fci[6])<<8 | uint64(fci[7])
	if mant != 0 && bits.Len64(mant)+int(exp) > 64 {
		return ErrMalformed // bitrate does not fit 64 bits
	}
	p.SenderSSRC, p.MediaSSRC = s, m
	p.Bitrate = mant << exp
	p.SSRCs = p.SSRCs[:0]
	for i := range n {
		p.SSRCs = append(p.SSRCs, binary.BigEndian.Uint32(fci[8+4*i:]))
	}
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *ReceiverEstimatedMaximumBitrate) MarshalSize() int {
	return HeaderLen + 8 + 8 + 4*min(len(p.SSRCs), 255)
}

// AppendTo appends the encoded packet to b.
func (p *ReceiverEstimatedMaximumBitrate) AppendTo(b []byte) []byte {
	n := min(len(p.SSRCs), 255)
	b = appendFeedbackHeader(b, FormatAFB, TypePayloadFeedback, p.MarshalSize(), p.SenderSSRC, p.MediaSSRC)
	b = append(b, rembID[:]...)
	exp := 0
	if l := bits.Len64(p.Bitrate); l > 18 {
		exp = l - 18
	}
	mant := p.Bitrate >> exp
	b = append(b, byte(n), byte(exp<<2)|byte(mant>>16), byte(mant>>8), byte(mant))
	for _, s := range p.SSRCs[:n] {
		b = binary.BigEndian.AppendUint32(b, s)
	}
	return b
}
