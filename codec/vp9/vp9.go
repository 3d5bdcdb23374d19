package vp9

import "github.com/c4c1f6e1/webrtc/codec"

// IsKeyframeBitstream reports whether a VP9 frame is a key frame by reading
// its uncompressed header (VP9 bitstream specification §6.2:
// frame_marker(2)=2, profile_low_bit, profile_high_bit, reserved_zero when
// profile is 3, show_existing_frame, frame_type where 0 is KEY_FRAME).
func IsKeyframeBitstream(frame []byte) bool {
	if len(frame) < 1 || frame[0]>>6 != 2 {
		return false
	}
	b := uint16(frame[0]) << 8
	if len(frame) > 1 {
		b |= uint16(frame[1])
	}
	profile := (b>>13)&1 | (b>>12)&1<<1
	pos := 11         // next bit to read; the MSB of b is bit 15
	if profile == 3 { // reserved_zero
		pos--
	}
	if b>>pos&1 != 0 { // show_existing_frame
		return false
	}
	pos--
	return b>>pos&1 == 0 // frame_type
}

// Payloader fragments VP9 frames of a single-layer stream (RFC 9628 §4.3).
// Every payload has a 15-bit PictureID; B marks the first and E the last
// payload of the frame, which also gets the RTP marker. The first packet
// of a key frame carries the scalability structure (§4.2.1: it SHOULD be
// in the first packet of every key frame).
type Payloader struct {
	// Flexible selects flexible mode (F=1): inter frames carry the
	// reference indices in PDiffs. Otherwise non-flexible mode is used.
	Flexible bool
	// PDiffs are the reference indices sent with inter frames in flexible
	// mode (1-3 values, each 1-127); empty means {1}, the previous picture.
	PDiffs []uint8
	// PictureID is the 15-bit PictureID of the next frame; §4.2 says it
	// SHOULD start on a random value. It is incremented after each frame.
	PictureID uint16
	// Width and Height, when not zero, are sent in the scalability
	// structure (Y=1).
	Width, Height uint16

	buf []byte
}

// Payload splits frame into payloads of at most mtu bytes.
func (p *Payloader) Payload(mtu int, frame []byte, emit func(payload []byte, marker bool)) error {
	if len(frame) == 0 {
		return codec.ErrShortPayload
	}
	key := IsKeyframeBitstream(frame)
	d := Descriptor{
		HasPictureID: true, PictureID15: true, PictureID: p.PictureID & 0x7FFF,
		InterPicture: !key, Flexible: p.Flexible, StartOfFrame: true, HasSS: key,
	}
	if p.Flexible && !key {
		diffs := p.PDiffs
		if len(diffs) == 0 {
			diffs = []uint8{1}
		}
		if len(diffs) > 3 {
			return codec.ErrMalformed
		}
		for i, v := range diffs {
			if v == 0 || v > 127 {
				return codec.ErrMalformed
			}
			d.PDiff[i] = v
		}
		d.NumPDiff = uint8(len(diffs))
	}
	if key {
		d.SS = ScalabilityStructure{SpatialLayers: 1}
		if p.Width != 0 && p.Height != 0 {
			d.SS.HasResolution = true
			d.SS.Width[0], d.SS.Height[0] = p.Width, p.Height
		}
	}
	// The last packet is one byte longer than later ones when it is also
	// the first (it has both B and E and maybe SS), so size each packet.
	for len(frame) > 0 {
		p.buf = d.AppendTo(p.buf[:0])
		room := mtu - len(p.buf)
		if room < 1 {
			return codec.ErrMTU
		}
		n := min(room, len(frame))
		if n == len(frame) {
			d.EndOfFrame = true
			p.buf = d.AppendTo(p.buf[:0])
		}
		p.buf = append(p.buf, frame[:n]...)
		frame = frame[n:]
		emit(p.buf, len(frame) == 0)
		d.StartOfFrame, d.HasSS = false, false
	}
	p.PictureID = (p.PictureID + 1) & 0x7FFF
	return nil
}

// Depacketizer reassembles VP9 pictures (RFC 9628 §4.3). The frames of a
// picture's spatial layers are concatenated. The zero value is ready.
type Depacketizer struct {
	inFrame bool
}

// Reset prepares for a new picture.
func (d *Depacketizer) Reset() { d.inFrame = false }

// Depacketize strips the descriptor and appends the VP9 data. Each frame
// must begin with a B=1 payload (§4.3) and a payload may not start a frame
// while the previous one is unfinished.
func (d *Depacketizer) Depacketize(payload, frame []byte) ([]byte, error) {
	var desc Descriptor
	n, err := desc.Unmarshal(payload)
	if err != nil {
		return frame, err
	}
	if n == len(payload) {
		return frame, codec.ErrShortPayload
	}
	if desc.StartOfFrame == d.inFrame {
		return frame, codec.ErrMalformed
	}
	d.inFrame = !desc.EndOfFrame
	return append(frame, payload[n:]...), nil
}

// IsKeyframe reports whether payload starts a key picture: B=1, P=0 and
// spatial layer 0 (§4.2, definition of a key picture).
func (d *Depacketizer) IsKeyframe(payload []byte) bool {
	var desc Descriptor
	_, err := desc.Unmarshal(payload)
	return err == nil && desc.StartOfFrame && !desc.InterPicture && desc.SID == 0
}

// IsFrameStart reports whether payload starts a picture: B=1 and spatial
// layer 0 (or no layer indices).
func (d *Depacketizer) IsFrameStart(payload []byte) bool {
	var desc Descriptor
	_, err := desc.Unmarshal(payload)
	return err == nil && desc.StartOfFrame && desc.SID == 0
}

// IsFrameEnd reports the RTP marker, which is set on the last packet of a
// picture (RFC 9628 §4.1).
func (d *Depacketizer) IsFrameEnd(payload []byte, marker bool) bool { return marker }
