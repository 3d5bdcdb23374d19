package av1

import "github.com/c4c1f6e1/webrtc/codec"

// OBU types (AV1 bitstream specification §6.2.2).
const (
	OBUSequenceHeader       = 1
	OBUTemporalDelimiter    = 2
	OBUFrameHeader          = 3
	OBUTileGroup            = 4
	OBUMetadata             = 5
	OBUFrame                = 6
	OBURedundantFrameHeader = 7
	OBUTileList             = 8
	OBUPadding              = 15
)

const (
	obuHasSize   = 0x02
	obuExtension = 0x04
	obuForbidden = 0x80
)

// maxLEB128 is the largest value AV1 §4.10.5 allows: (1<<32)-1.
const maxLEB128 = 1<<32 - 1

// ReadLEB128 decodes an unsigned leb128 value (AV1 §4.10.5: at most 8
// bytes, value at most 2^32-1) and returns it with the bytes it used.
func ReadLEB128(b []byte) (v uint64, n int, err error) {
	for i := 0; i < 8; i++ {
		if i >= len(b) {
			return 0, 0, codec.ErrShortPayload
		}
		v |= uint64(b[i]&0x7F) << (7 * i)
		if b[i]&0x80 == 0 {
			if v > maxLEB128 {
				return 0, 0, codec.ErrMalformed
			}
			return v, i + 1, nil
		}
	}
	return 0, 0, codec.ErrMalformed
}

// LEB128Size returns the number of bytes AppendLEB128 uses for v.
func LEB128Size(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// AppendLEB128 appends the minimal leb128 encoding of v.
func AppendLEB128(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// OBUType returns the obu_type field of an OBU header byte.
func OBUType(header byte) uint8 { return header >> 3 & 0x0F }

// obuHeaderLen returns 1 or 2: the OBU header with its optional extension.
func obuHeaderLen(header byte) int {
	if header&obuExtension != 0 {
		return 2
	}
	return 1
}

// NextOBU splits the first OBU off a low-overhead bitstream (AV1 §5.3):
// it returns the OBU header bytes (1 or 2), the OBU payload and the rest.
// An OBU without obu_has_size_field extends to the end of b.
func NextOBU(b []byte) (header, payload, rest []byte, err error) {
	if len(b) < 1 {
		return nil, nil, nil, codec.ErrShortPayload
	}
	if b[0]&obuForbidden != 0 {
		return nil, nil, nil, codec.ErrMalformed
	}
	hl := obuHeaderLen(b[0])
	if len(b) < hl {
		return nil, nil, nil, codec.ErrShortPayload
	}
	header, b = b[:hl], b[hl:]
	if header[0]&obuHasSize == 0 {
		return header, b, nil, nil
	}
	size, n, err := ReadLEB128(b)
	if err != nil {
		return nil, nil, nil, err
	}
	b = b[n:]
	if size > uint64(len(b)) {
		return nil, nil, nil, codec.ErrShortPayload
	}
	return header, b[:size], b[size:], nil
}
