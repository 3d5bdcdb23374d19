package vp8

import "github.com/c4c1f6e1/webrtc/codec"

// Payloader fragments VP8 frames (RFC 7741 §4.4). Every payload carries a
// descriptor with a 15-bit PictureID (X=1, I=1, M=1); the first has S=1
// and PID=0, the last is marked. Reuse one Payloader per stream.
type Payloader struct {
	// PictureID is the 15-bit PictureID of the next frame. RFC 7741 §4.2
	// says it SHOULD start on a random value; set it before the first
	// frame. It is incremented (mod 2^15) after each frame.
	PictureID uint16

	buf []byte
}

// Payload splits frame into payloads of at most mtu bytes.
func (p *Payloader) Payload(mtu int, frame []byte, emit func(payload []byte, marker bool)) error {
	d := Descriptor{Start: true, HasPictureID: true, PictureID15: true, PictureID: p.PictureID & 0x7FFF}
	room := mtu - d.MarshalSize()
	if room < 1 {
		return codec.ErrMTU
	}
	if len(frame) == 0 {
		return codec.ErrShortPayload
	}
	for len(frame) > 0 {
		n := min(room, len(frame))
		p.buf = d.AppendTo(p.buf[:0])
		p.buf = append(p.buf, frame[:n]...)
		frame = frame[n:]
		emit(p.buf, len(frame) == 0)
		d.Start = false
	}
	p.PictureID = (p.PictureID + 1) & 0x7FFF
	return nil
}

// Depacketizer reassembles VP8 frames (RFC 7741 §4.5). The zero value is
// ready to use.
type Depacketizer struct {
	started bool
}

// Reset prepares for a new frame.
func (d *Depacketizer) Reset() { d.started = false }

// Depacketize strips the payload descriptor and appends the VP8 data. The
// first payload of a frame must start partition 0 (S=1, PID=0; §4.4).
func (d *Depacketizer) Depacketize(payload, frame []byte) ([]byte, error) {
	var desc Descriptor
	n, err := desc.Unmarshal(payload)
	if err != nil {
		return frame, err
	}
	if n == len(payload) {
		return frame, codec.ErrShortPayload
	}
	if !d.started {
		if !desc.Start || desc.PartitionID != 0 {
			return frame, codec.ErrMalformed
		}
		d.started = true
	}
	return append(frame, payload[n:]...), nil
}

// IsKeyframe reports whether payload starts a key frame: S=1, PID=0 and
// the P bit of the VP8 payload header is 0 (RFC 7741 §4.3).
func (d *Depacketizer) IsKeyframe(payload []byte) bool {
	var desc Descriptor
	n, err := desc.Unmarshal(payload)
	return err == nil && desc.Start && desc.PartitionID == 0 && n < len(payload) && payload[n]&0x01 == 0
}

// IsFrameStart reports whether payload starts a frame (S=1, PID=0).
func (d *Depacketizer) IsFrameStart(payload []byte) bool {
	var desc Descriptor
	_, err := desc.Unmarshal(payload)
	return err == nil && desc.Start && desc.PartitionID == 0
}

// IsFrameEnd reports the RTP marker: it is set on the last packet of a
// frame (RFC 7741 §4.1).
func (d *Depacketizer) IsFrameEnd(payload []byte, marker bool) bool { return marker }
