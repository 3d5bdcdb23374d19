package rtp

// Packet is an RTP packet: header, payload and padding (RFC 3550 §5.1).
// After Unmarshal, Payload aliases the input buffer.
type Packet struct {
	Header
	// Payload is the payload without padding.
	Payload []byte
	// PaddingSize is the number of padding bytes after the payload,
	// including the final count byte (RFC 3550 §5.1, P bit). Zero means no
	// padding; AppendTo sets the P bit exactly when it is not zero.
	PaddingSize uint8
}

// Unmarshal parses a whole RTP packet from b without copying: Payload and
// the extension payloads alias b. It checks the padding count (RFC 3550
// §5.1: the last octet counts the padding octets including itself, so it
// is at least 1 and fits after the header). It does not allocate.
func (p *Packet) Unmarshal(b []byte) error {
	n, err := p.Header.Unmarshal(b)
	if err != nil {
		return err
	}
	end := len(b)
	p.PaddingSize = 0
	if p.Padding {
		if end == n {
			return ErrPadding
		}
		ps := int(b[end-1])
		if ps == 0 || ps > end-n {
			return ErrPadding
		}
		end -= ps
		p.PaddingSize = uint8(ps)
	}
	p.Payload = b[n:end:end]
	return nil
}

// MarshalSize returns the number of bytes AppendTo writes for p.
func (p *Packet) MarshalSize() int {
	return p.Header.MarshalSize() + len(p.Payload) + int(p.PaddingSize)
}

// AppendTo appends the wire form of p to b: header, payload, then
// PaddingSize-1 zero bytes and the padding count (RFC 3550 §5.1). The P bit
// is set exactly when PaddingSize is not zero. It does not allocate when b
// has room for MarshalSize more bytes.
func (p *Packet) AppendTo(b []byte) []byte {
	b = p.Header.appendTo(b, p.PaddingSize != 0)
	b = append(b, p.Payload...)
	if p.PaddingSize != 0 {
		for i := 1; i < int(p.PaddingSize); i++ {
			b = append(b, 0)
		}
		b = append(b, p.PaddingSize)
	}
	return b
}

// MarshalTo writes p into buf and returns the number of bytes written. It
// fails with ErrInvalidField if the header does not validate and with
// ErrBufferTooSmall if buf is shorter than MarshalSize.
func (p *Packet) MarshalTo(buf []byte) (int, error) {
	if err := p.Header.Validate(); err != nil {
		return 0, err
	}
	n := p.MarshalSize()
	if len(buf) < n {
		return 0, ErrBufferTooSmall
	}
	p.AppendTo(buf[:0])
	return n, nil
}
