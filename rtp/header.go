package rtp

import "encoding/binary"

// Sizes and constants of the RTP fixed header (RFC 3550 §5.1) and of the
// header extension forms of RFC 8285 §4.2 and §4.3.
const (
	// Version is the only RTP version this package accepts (RFC 3550 §5.1).
	Version = 2
	// FixedHeaderSize is the size of the fixed header without CSRCs.
	FixedHeaderSize = 12
	// MaxCSRC is the largest number of CSRC identifiers (4-bit CC field).
	MaxCSRC = 15
	// MaxExtensions caps the number of header extension elements kept per
	// packet. RFC 8285 allows up to 14 one-byte or 255 two-byte elements;
	// real streams carry fewer than ten, so more is reported as
	// ErrTooManyExtensions instead of growing the header.
	MaxExtensions = 16
	// ExtensionProfileOneByte is the "defined by profile" value announcing
	// one-byte extension elements (RFC 8285 §4.2).
	ExtensionProfileOneByte uint16 = 0xBEDE
	// ExtensionProfileTwoByte is the "defined by profile" value announcing
	// two-byte extension elements; its low 4 bits are the appbits
	// (RFC 8285 §4.3).
	ExtensionProfileTwoByte uint16 = 0x1000
)

// Extension is one RFC 8285 header extension element. After parsing,
// Payload aliases the packet buffer.
type Extension struct {
	// ID is the local identifier negotiated with a=extmap (1-14 for the
	// one-byte form, 1-255 for the two-byte form).
	ID uint8
	// Payload is the element data (1-16 bytes in the one-byte form,
	// 0-255 bytes in the two-byte form).
	Payload []byte
}

// Header is the RTP fixed header with its CSRC list and header extension
// (RFC 3550 §5.1 and §5.3.1, RFC 8285). The zero value is a valid header
// with payload type 0 and no extensions. Header is meant to be reused: every
// Unmarshal overwrites all of it.
type Header struct {
	// Padding is the P bit. Packet.AppendTo derives it from PaddingSize.
	Padding bool
	// Extension is the X bit: a header extension follows the CSRC list.
	Extension bool
	// Marker is the M bit; its meaning is defined by the payload format.
	Marker bool
	// PayloadType is the 7-bit PT field.
	PayloadType uint8
	// SequenceNumber is the 16-bit sequence number.
	SequenceNumber uint16
	// Timestamp is the 32-bit media timestamp.
	Timestamp uint32
	// SSRC is the synchronization source identifier.
	SSRC uint32
	// NumCSRC is the CC field: how many entries of CSRC are in use (0-15).
	NumCSRC uint8
	// CSRC holds the contributing source identifiers; only the first
	// NumCSRC entries are meaningful.
	CSRC [MaxCSRC]uint32
	// ExtensionProfile is the 16-bit "defined by profile" field of the
	// header extension. When encoding, RFC 8285 elements choose the form
	// themselves (one-byte when every element fits it, RFC 8285 §4.1.1);
	// a two-byte profile value (0x100X) forces the two-byte form and
	// keeps its appbits.
	ExtensionProfile uint16
	// ExtensionData is the raw body of a header extension whose profile is
	// not RFC 8285 (RFC 3550 §5.3.1). It is nil for RFC 8285 extensions,
	// whose elements are reached with Extensions and GetExtension.
	ExtensionData []byte

	numExt uint8
	ext    [MaxExtensions]Extension
}

func is8285(profile uint16) bool {
	return profile == ExtensionProfileOneByte || profile&0xFFF0 == ExtensionProfileTwoByte
}

// Unmarshal parses the RTP header at the start of b into h and returns its
// length, so that the payload (with padding) is b[n:]. It validates the
// version, the CSRC list and the header extension (RFC 3550 §5.1, §5.3.1,
// RFC 8285 §4) but not the padding, which needs the whole packet: see
// Packet.Unmarshal. Extension payloads alias b. It does not allocate.
func (h *Header) Unmarshal(b []byte) (n int, err error) {
	if len(b) < FixedHeaderSize {
		return 0, ErrShortPacket
	}
	if b[0]>>6 != Version {
		return 0, ErrVersion
	}
	h.Padding = b[0]&0x20 != 0
	h.Extension = b[0]&0x10 != 0
	cc := int(b[0] & 0x0F)
	h.Marker = b[1]&0x80 != 0
	h.PayloadType = b[1] & 0x7F
	h.SequenceNumber = binary.BigEndian.Uint16(b[2:])
	h.Timestamp = binary.BigEndian.Uint32(b[4:])
	h.SSRC = binary.BigEndian.Uint32(b[8:])
	n = FixedHeaderSize
	if len(b) < n+4*cc {
		return 0, ErrShortPacket
	}
	for i := 0; i < cc; i++ {
		h.CSRC[i] = binary.BigEndian.Uint32(b[n:])
		n += 4
	}
	h.NumCSRC = uint8(cc)
	h.numExt = 0
	h.ExtensionProfile = 0
	h.ExtensionData = nil
	if !h.Extension {
		return n, nil
	}
	if len(b) < n+4 {
		return 0, ErrShortPacket
	}
	profile := binary.BigEndian.Uint16(b[n:])
	end := n + 4 + 4*int(binary.BigEndian.Uint16(b[n+2:]))
	if len(b) < end {
		return 0, ErrShortPacket
	}
	data := b[n+4 : end : end]
	h.ExtensionProfile = profile
	switch {
	case profile == ExtensionProfileOneByte:
		err = h.parseOneByte(data)
	case profile&0xFFF0 == ExtensionProfileTwoByte:
		err = h.parseTwoByte(data)
	default:
		h.ExtensionData = data
	}
	if err != nil {
		return 0, err
	}
	return end, nil
}

// parseOneByte reads one-byte elements (RFC 8285 §4.2).
func (h *Header) parseOneByte(data []byte) error {
	for i := 0; i < len(data); {
		id, l := data[i]>>4, int(data[i]&0x0F)+1
		switch id {
		case 0:
			// RFC 8285 §4.1.2: an ID 0 with a length greater than 0 ends
			// processing; a zero byte is padding.
			if data[i] != 0 {
				return nil
			}
			i++
			continue
		case 15:
			// RFC 8285 §4.2: ID 15 terminates processing of the extension.
			return nil
		}
		i++
		if l > len(data)-i {
			return ErrExtension
		}
		if h.numExt == MaxExtensions {
			return ErrTooManyExtensions
		}
		h.ext[h.numExt] = Extension{ID: id, Payload: data[i : i+l : i+l]}
		h.numExt++
		i += l
	}
	return nil
}

// parseTwoByte reads two-byte elements (RFC 8285 §4.3).
func (h *Header) parseTwoByte(data []byte) error {
	for i := 0; i < len(data); {
		id := data[i]
		if id == 0 { // padding byte
			i++
			continue
		}
		if i+1 >= len(data) {
			return ErrExtension
		}
		l := int(data[i+1])
		i += 2
		if l > len(data)-i {
			return ErrExtension
		}
		if h.numExt == MaxExtensions {
			return ErrTooManyExtensions
		}
		h.ext[h.numExt] = Extension{ID: id, Payload: data[i : i+l : i+l]}
		h.numExt++
		i += l
	}
	return nil
}

// CSRCs returns the contributing sources in use (RFC 3550 §5.1), aliasing h.
func (h *Header) CSRCs() []uint32 {
	return h.CSRC[:min(int(h.NumCSRC), MaxCSRC)]
}

// Extensions returns the RFC 8285 elements of h in wire order, aliasing h.
func (h *Header) Extensions() []Extension {
	return h.ext[:h.numExt]
}

// GetExtension returns the payload of the first element with the given ID,
// or nil when there is none (RFC 8285 §4.1.2: each ID is used once).
func (h *Header) GetExtension(id uint8) []byte {
	for i := range h.ext[:h.numExt] {
		if h.ext[i].ID == id {
			return h.ext[i].Payload
		}
	}
	return nil
}

// SetExtension sets the element with the given ID, replacing an existing one,
// and sets the X bit. The payload is referenced, not copied. ID 0 is
// reserved for padding and payloads are limited to 255 bytes (RFC 8285
// §4.1.2, §4.3); a raw non-RFC 8285 extension is replaced.
func (h *Header) SetExtension(id uint8, payload []byte) error {
	if id == 0 || len(payload) > 255 {
		return ErrInvalidField
	}
	if !is8285(h.ExtensionProfile) {
		h.ExtensionProfile = 0
		h.ExtensionData = nil
	}
	h.Extension = true
	for i := range h.ext[:h.numExt] {
		if h.ext[i].ID == id {
			h.ext[i].Payload = payload
			return nil
		}
	}
	if h.numExt == MaxExtensions {
		return ErrTooManyExtensions
	}
	h.ext[h.numExt] = Extension{ID: id, Payload: payload}
	h.numExt++
	return nil
}

// DelExtension removes the element with the given ID and reports whether it
// was present. The X bit stays as it is.
func (h *Header) DelExtension(id uint8) bool {
	for i := range h.ext[:h.numExt] {
		if h.ext[i].ID == id {
			copy(h.ext[i:h.numExt], h.ext[i+1:h.numExt])
			h.numExt--
			h.ext[h.numExt] = Extension{}
			return true
		}
	}
	return false
}

// ClearExtensions removes every extension element and raw extension data
// and clears the X bit.
func (h *Header) ClearExtensions() {
	clear(h.ext[:h.numExt])
	h.numExt = 0
	h.ExtensionData = nil
	h.ExtensionProfile = 0
	h.Extension = false
}

const (
	formRaw = iota
	formOneByte
	formTwoByte
)

// extForm chooses how the extension is encoded. RFC 8285 §4.1.1:
// transmitters SHOULD NOT use the two-byte form when every element fits the
// one-byte form (ID 1-14, 1-16 bytes).
func (h *Header) extForm() int {
	if h.numExt == 0 {
		switch {
		case h.ExtensionProfile == ExtensionProfileOneByte:
			return formOneByte
		case h.ExtensionProfile&0xFFF0 == ExtensionProfileTwoByte:
			return formTwoByte
		}
		return formRaw
	}
	if h.ExtensionProfile&0xFFF0 == ExtensionProfileTwoByte {
		return formTwoByte
	}
	for _, e := range h.ext[:h.numExt] {
		if e.ID > 14 || len(e.Payload) == 0 || len(e.Payload) > 16 {
			return formTwoByte
		}
	}
	return formOneByte
}

// maxRawExtension is the largest raw extension body the 16-bit length (in
// 32-bit words) can describe.
const maxRawExtension = 0xFFFF * 4

func (h *Header) extBodyLen(form int) int {
	switch form {
	case formRaw:
		return min(len(h.ExtensionData), maxRawExtension)
	case formOneByte:
		n := 0
		for _, e := range h.ext[:h.numExt] {
			n += 1 + len(e.Payload)
		}
		return n
	default:
		n := 0
		for _, e := range h.ext[:h.numExt] {
			n += 2 + len(e.Payload)
		}
		return n
	}
}

func (h *Header) hasExtension() bool {
	return h.Extension || h.numExt > 0 || h.ExtensionData != nil
}

// MarshalSize returns the number of bytes AppendTo writes for h.
func (h *Header) MarshalSize() int {
	n := FixedHeaderSize + 4*len(h.CSRCs())
	if h.hasExtension() {
		n += 4 + (h.extBodyLen(h.extForm())+3)&^3
	}
	return n
}

// Validate reports whether every field of h fits its wire field: payload
// type below 128, at most 15 CSRCs and a raw extension that is a whole
// number of 32-bit words no longer than 262140 bytes (RFC 3550 §5.1, §5.3.1).
func (h *Header) Validate() error {
	if h.PayloadType > 0x7F || h.NumCSRC > MaxCSRC {
		return ErrInvalidField
	}
	if h.numExt == 0 && !is8285(h.ExtensionProfile) &&
		(len(h.ExtensionData)%4 != 0 || len(h.ExtensionData) > maxRawExtension) {
		return ErrInvalidField
	}
	return nil
}

// AppendTo appends the wire form of h to b and returns the extended slice
// (RFC 3550 §5.1, RFC 8285 §4). It does not allocate when b has room for
// MarshalSize more bytes. Fields are assumed valid (see Validate): values too
// large are masked to their field width and a raw extension is zero-padded to
// a 32-bit boundary.
func (h *Header) AppendTo(b []byte) []byte {
	return h.appendTo(b, h.Padding)
}

func (h *Header) appendTo(b []byte, padding bool) []byte {
	csrcs := h.CSRCs()
	ext := h.hasExtension()
	b0 := byte(Version<<6) | byte(len(csrcs))
	if padding {
		b0 |= 0x20
	}
	if ext {
		b0 |= 0x10
	}
	b1 := h.PayloadType & 0x7F
	if h.Marker {
		b1 |= 0x80
	}
	b = append(b, b0, b1)
	b = binary.BigEndian.AppendUint16(b, h.SequenceNumber)
	b = binary.BigEndian.AppendUint32(b, h.Timestamp)
	b = binary.BigEndian.AppendUint32(b, h.SSRC)
	for _, c := range csrcs {
		b = binary.BigEndian.AppendUint32(b, c)
	}
	if !ext {
		return b
	}
	form := h.extForm()
	body := h.extBodyLen(form)
	padded := (body + 3) &^ 3
	profile := h.ExtensionProfile
	switch form {
	case formOneByte:
		profile = ExtensionProfileOneByte
	case formTwoByte:
		if profile&0xFFF0 != ExtensionProfileTwoByte {
			profile = ExtensionProfileTwoByte
		}
	}
	b = binary.BigEndian.AppendUint16(b, profile)
	b = binary.BigEndian.AppendUint16(b, uint16(padded/4))
	switch form {
	case formRaw:
		b = append(b, h.ExtensionData[:body]...)
	case formOneByte:
		for _, e := range h.ext[:h.numExt] {
			b = append(b, e.ID<<4|byte(len(e.Payload)-1))
			b = append(b, e.Payload...)
		}
	case formTwoByte:
		for _, e := range h.ext[:h.numExt] {
			b = append(b, e.ID, byte(len(e.Payload)))
			b = append(b, e.Payload...)
		}
	}
	for i := body; i < padded; i++ {
		b = append(b, 0)
	}
	return b
}

// MarshalTo writes h into buf and returns the number of bytes written. It
// fails with ErrInvalidField if Validate does and with ErrBufferTooSmall if
// buf is shorter than MarshalSize.
func (h *Header) MarshalTo(buf []byte) (int, error) {
	if err := h.Validate(); err != nil {
		return 0, err
	}
	n := h.MarshalSize()
	if len(buf) < n {
		return 0, ErrBufferTooSmall
	}
	h.appendTo(buf[:0], h.Padding)
	return n, nil
}
