package vp9

import (
	"encoding/binary"

	"github.com/c4c1f6e1/webrtc/codec"
)

// MaxSpatialLayers is the number of spatial layers the 3-bit N_S field can
// describe (RFC 9628 §4.2.1).
const MaxSpatialLayers = 8

// ScalabilityStructure is the SS data of RFC 9628 §4.2.1.
type ScalabilityStructure struct {
	// SpatialLayers is N_S + 1, the number of spatial layers (1-8).
	SpatialLayers uint8
	// HasResolution is the Y bit: Width and Height are present.
	HasResolution bool
	// Width and Height give each spatial layer's frame resolution.
	Width, Height [MaxSpatialLayers]uint16
	// HasPG is the G bit: the picture group description is present.
	HasPG bool
	// PG is the raw picture group description: N_G entries of
	// TID(3) U(1) R(2) followed by R P_DIFF octets. After parsing it aliases
	// the payload; use PGLen to read N_G.
	PG []byte
	// NumPictures is N_G, the number of pictures described by PG.
	NumPictures uint8
}

// Descriptor is the VP9 payload descriptor of RFC 9628 §4.2.
type Descriptor struct {
	// HasPictureID is the I bit.
	HasPictureID bool
	// InterPicture is the P bit: the frame uses inter-picture prediction.
	InterPicture bool
	// HasLayerIndices is the L bit.
	HasLayerIndices bool
	// Flexible is the F bit: flexible mode, reference indices follow when
	// InterPicture is set. Receivers ignore it when HasPictureID is false.
	Flexible bool
	// StartOfFrame is the B bit.
	StartOfFrame bool
	// EndOfFrame is the E bit.
	EndOfFrame bool
	// HasSS is the V bit: SS holds the scalability structure.
	HasSS bool
	// NotRefForUpper is the Z bit.
	NotRefForUpper bool
	// PictureID15 is the M bit: PictureID has 15 bits instead of 7.
	PictureID15 bool
	// PictureID is the running picture index.
	PictureID uint16
	// TID is the temporal layer ID (3 bits).
	TID uint8
	// SwitchingUp is the U bit.
	SwitchingUp bool
	// SID is the spatial layer ID (3 bits).
	SID uint8
	// InterLayer is the D bit: the frame depends on layer SID-1.
	InterLayer bool
	// TL0PICIDX is present in non-flexible mode with layer indices.
	TL0PICIDX uint8
	// NumPDiff is how many entries of PDiff are used (flexible mode, 1-3).
	NumPDiff uint8
	// PDiff holds the reference indices relative to PictureID.
	PDiff [3]uint8
	// SS is the scalability structure, valid when HasSS is set.
	SS ScalabilityStructure
}

// Unmarshal parses the descriptor at the start of payload and returns its
// length (RFC 9628 §4.2). It does not allocate; SS.PG aliases payload.
func (d *Descriptor) Unmarshal(payload []byte) (n int, err error) {
	*d = Descriptor{}
	if len(payload) < 1 {
		return 0, codec.ErrShortPayload
	}
	b := payload[0]
	d.HasPictureID = b&0x80 != 0
	d.InterPicture = b&0x40 != 0
	d.HasLayerIndices = b&0x20 != 0
	// §4.2: if the I bit is zero, F MUST be zero and ignored by receivers.
	d.Flexible = b&0x10 != 0 && d.HasPictureID
	d.StartOfFrame = b&0x08 != 0
	d.EndOfFrame = b&0x04 != 0
	d.HasSS = b&0x02 != 0
	d.NotRefForUpper = b&0x01 != 0
	n = 1
	if d.HasPictureID {
		if len(payload) < n+1 {
			return 0, codec.ErrShortPayload
		}
		if payload[n]&0x80 != 0 {
			if len(payload) < n+2 {
				return 0, codec.ErrShortPayload
			}
			d.PictureID15 = true
			d.PictureID = binary.BigEndian.Uint16(payload[n:]) & 0x7FFF
			n += 2
		} else {
			d.PictureID = uint16(payload[n])
			n++
		}
	}
	if d.HasLayerIndices {
		if len(payload) < n+1 {
			return 0, codec.ErrShortPayload
		}
		l := payload[n]
		d.TID, d.SwitchingUp, d.SID, d.InterLayer = l>>5, l&0x10 != 0, l>>1&0x07, l&0x01 != 0
		n++
		if !d.Flexible {
			if len(payload) < n+1 {
				return 0, codec.ErrShortPayload
			}
			d.TL0PICIDX = payload[n]
			n++
		}
	}
	if d.Flexible && d.InterPicture {
		// §4.2: at least one and at most three reference indices; N says
		// another follows; a P_DIFF of zero is invalid.
		for {
			if len(payload) < n+1 {
				return 0, codec.ErrShortPayload
			}
			if d.NumPDiff == 3 {
				return 0, codec.ErrMalformed
			}
			p := payload[n]
			n++
			if p>>1 == 0 {
				return 0, codec.ErrMalformed
			}
			d.PDiff[d.NumPDiff] = p >> 1
			d.NumPDiff++
			if p&0x01 == 0 {
				break
			}
		}
	}
	if d.HasSS {
		m, err := d.SS.unmarshal(payload[n:])
		if err != nil {
			return 0, err
		}
		n += m
	}
	return n, nil
}

func (s *ScalabilityStructure) unmarshal(b []byte) (int, error) {
	if len(b) < 1 {
		return 0, codec.ErrShortPayload
	}
	s.SpatialLayers = b[0]>>5 + 1
	s.HasResolution = b[0]&0x10 != 0
	s.HasPG = b[0]&0x08 != 0
	n := 1
	if s.HasResolution {
		if len(b) < n+4*int(s.SpatialLayers) {
			return 0, codec.ErrShortPayload
		}
		for i := range int(s.SpatialLayers) {
			s.Width[i] = binary.BigEndian.Uint16(b[n:])
			s.Height[i] = binary.BigEndian.Uint16(b[n+2:])
			n += 4
		}
	}
	if s.HasPG {
		if len(b) < n+1 {
			return 0, codec.ErrShortPayload
		}
		s.NumPictures = b[n]
		n++
		start := n
		for range int(s.NumPictures) {
			if len(b) < n+1 {
				return 0, codec.ErrShortPayload
			}
			r := int(b[n] >> 2 & 0x03)
			n++
			if len(b) < n+r {
				return 0, codec.ErrShortPayload
			}
			n += r
		}
		s.PG = b[start:n:n]
	}
	return n, nil
}

func (s *ScalabilityStructure) appendTo(b []byte) []byte {
	layers := min(max(s.SpatialLayers, 1), MaxSpatialLayers)
	h := (layers - 1) << 5
	if s.HasResolution {
		h |= 0x10
	}
	if s.HasPG {
		h |= 0x08
	}
	b = append(b, h)
	if s.HasResolution {
		for i := range int(layers) {
			b = binary.BigEndian.AppendUint16(b, s.Width[i])
			b = binary.BigEndian.AppendUint16(b, s.Height[i])
		}
	}
	if s.HasPG {
		b = append(b, s.NumPictures)
		b = append(b, s.PG...)
	}
	return b
}

// AppendTo appends the descriptor (RFC 9628 §4.2). The fields are assumed
// consistent (as Unmarshal leaves them); values are masked to their widths
// and F is written only together with I.
func (d *Descriptor) AppendTo(b []byte) []byte {
	var h byte
	flexible := d.Flexible && d.HasPictureID
	for _, f := range []struct {
		set bool
		bit byte
	}{{d.HasPictureID, 0x80}, {d.InterPicture, 0x40}, {d.HasLayerIndices, 0x20}, {flexible, 0x10},
		{d.StartOfFrame, 0x08}, {d.EndOfFrame, 0x04}, {d.HasSS, 0x02}, {d.NotRefForUpper, 0x01}} {
		if f.set {
			h |= f.bit
		}
	}
	b = append(b, h)
	if d.HasPictureID {
		if d.PictureID15 {
			b = binary.BigEndian.AppendUint16(b, 0x8000|d.PictureID&0x7FFF)
		} else {
			b = append(b, byte(d.PictureID)&0x7F)
		}
	}
	if d.HasLayerIndices {
		l := (d.TID&0x07)<<5 | (d.SID&0x07)<<1
		if d.SwitchingUp {
			l |= 0x10
		}
		if d.InterLayer {
			l |= 0x01
		}
		b = append(b, l)
		if !flexible {
			b = append(b, d.TL0PICIDX)
		}
	}
	if flexible && d.InterPicture {
		k := min(int(d.NumPDiff), 3)
		for i := range k {
			p := d.PDiff[i] << 1
			if i < k-1 {
				p |= 0x01
			}
			b = append(b, p)
		}
	}
	if d.HasSS {
		b = d.SS.appendTo(b)
	}
	return b
}
