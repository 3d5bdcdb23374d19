package vp8

import "github.com/c4c1f6e1/webrtc/codec"

// Descriptor is the VP8 payload descriptor (RFC 7741 §4.2).
type Descriptor struct {
	// NonReference is the N bit: the frame can be discarded without
	// affecting other frames.
	NonReference bool
	// Start is the S bit: the payload starts a VP8 partition.
	Start bool
	// PartitionID is the 3-bit PID: which partition the payload starts in.
	PartitionID uint8
	// HasPictureID is the I bit: PictureID is present.
	HasPictureID bool
	// PictureID15 is the M bit: PictureID uses 15 bits instead of 7.
	PictureID15 bool
	// PictureID is the running picture index.
	PictureID uint16
	// HasTL0PICIDX is the L bit: TL0PICIDX is present.
	HasTL0PICIDX bool
	// TL0PICIDX is the temporal layer 0 picture index.
	TL0PICIDX uint8
	// HasTID is the T bit: TID and LayerSync are present.
	HasTID bool
	// TID is the 2-bit temporal layer index.
	TID uint8
	// LayerSync is the Y bit: the frame depends only on base layer frames.
	LayerSync bool
	// HasKeyIdx is the K bit: KeyIdx is present.
	HasKeyIdx bool
	// KeyIdx is the 5-bit temporal key frame index.
	KeyIdx uint8
}

func (d *Descriptor) extended() bool {
	return d.HasPictureID || d.HasTL0PICIDX || d.HasTID || d.HasKeyIdx
}

// Unmarshal parses the descriptor at the start of payload and returns its
// length (RFC 7741 §4.2). It does not allocate.
func (d *Descriptor) Unmarshal(payload []byte) (n int, err error) {
	*d = Descriptor{}
	if len(payload) < 1 {
		return 0, codec.ErrShortPayload
	}
	b := payload[0]
	d.NonReference = b&0x20 != 0
	d.Start = b&0x10 != 0
	d.PartitionID = b & 0x07
	n = 1
	if b&0x80 == 0 {
		return n, nil
	}
	if len(payload) < 2 {
		return 0, codec.ErrShortPayload
	}
	x := payload[1]
	n = 2
	d.HasPictureID = x&0x80 != 0
	d.HasTL0PICIDX = x&0x40 != 0
	d.HasTID = x&0x20 != 0
	d.HasKeyIdx = x&0x10 != 0
	if d.HasPictureID {
		if len(payload) < n+1 {
			return 0, codec.ErrShortPayload
		}
		if payload[n]&0x80 != 0 {
			if len(payload) < n+2 {
				return 0, codec.ErrShortPayload
			}
			d.PictureID15 = true
			d.PictureID = uint16(payload[n]&0x7F)<<8 | uint16(payload[n+1])
			n += 2
		} else {
			d.PictureID = uint16(payload[n])
			n++
		}
	}
	if d.HasTL0PICIDX {
		if len(payload) < n+1 {
			return 0, codec.ErrShortPayload
		}
		d.TL0PICIDX = payload[n]
		n++
	}
	if d.HasTID || d.HasKeyIdx {
		if len(payload) < n+1 {
			return 0, codec.ErrShortPayload
		}
		t := payload[n]
		if d.HasTID {
			d.TID = t >> 6
			d.LayerSync = t&0x20 != 0
		}
		if d.HasKeyIdx {
			d.KeyIdx = t & 0x1F
		}
		n++
	}
	return n, nil
}

// MarshalSize returns the number of bytes AppendTo writes.
func (d *Descriptor) MarshalSize() int {
	if !d.extended() {
		return 1
	}
	n := 2
	if d.HasPictureID {
		n++
		if d.PictureID15 {
			n++
		}
	}
	if d.HasTL0PICIDX {
		n++
	}
	if d.HasTID || d.HasKeyIdx {
		n++
	}
	return n
}

// AppendTo appends the descriptor (RFC 7741 §4.2). Values are masked to
// their field widths.
func (d *Descriptor) AppendTo(b []byte) []byte {
	b0 := d.PartitionID & 0x07
	if d.NonReference {
		b0 |= 0x20
	}
	if d.Start {
		b0 |= 0x10
	}
	if !d.extended() {
		return append(b, b0)
	}
	var x byte
	if d.HasPictureID {
		x |= 0x80
	}
	if d.HasTL0PICIDX {
		x |= 0x40
	}
	if d.HasTID {
		x |= 0x20
	}
	if d.HasKeyIdx {
		x |= 0x10
	}
	b = append(b, b0|0x80, x)
	if d.HasPictureID {
		if d.PictureID15 {
			b = append(b, 0x80|byte(d.PictureID>>8)&0x7F, byte(d.PictureID))
		} else {
			b = append(b, byte(d.PictureID)&0x7F)
		}
	}
	if d.HasTL0PICIDX {
		b = append(b, d.TL0PICIDX)
	}
	if d.HasTID || d.HasKeyIdx {
		var t byte
		if d.HasTID {
			t = d.TID<<6 | t
			if d.LayerSync {
				t |= 0x20
			}
		}
		if d.HasKeyIdx {
			t |= d.KeyIdx & 0x1F
		}
		b = append(b, t)
	}
	return b
}
