package sctp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// castagnoli is the CRC32c table of RFC 9260 §6.8 and Appendix A.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// headerLen is the size of the SCTP common header (RFC 9260 §3.1).
const headerLen = 12

// Errors returned by the parsers. They wrap ErrMalformed so a caller can
// count every kind of bad input with one errors.Is.
var (
	// ErrMalformed reports bytes that do not form a valid SCTP structure.
	ErrMalformed = errors.New("sctp: malformed")
	errShort     = fmt.Errorf("%w: truncated", ErrMalformed)
	errBadLength = fmt.Errorf("%w: bad length field", ErrMalformed)
)

// Header is the SCTP common header (RFC 9260 §3.1).
type Header struct {
	SrcPort         uint16
	DstPort         uint16
	VerificationTag uint32
	Checksum        uint32
}

// ParseHeader parses the common header of packet b and returns it with the
// chunk bytes that follow it (RFC 9260 §3.1). It does not verify the
// checksum; see VerifyChecksum.
func ParseHeader(b []byte) (Header, []byte, error) {
	if len(b) < headerLen {
		return Header{}, nil, errShort
	}
	h := Header{
		SrcPort:         binary.BigEndian.Uint16(b[0:]),
		DstPort:         binary.BigEndian.Uint16(b[2:]),
		VerificationTag: binary.BigEndian.Uint32(b[4:]),
		Checksum:        binary.LittleEndian.Uint32(b[8:]),
	}
	return h, b[headerLen:], nil
}

// AppendTo appends the common header with a zero checksum field; the checksum
// is filled in by SetChecksum once the chunks follow.
func (h *Header) AppendTo(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, h.SrcPort)
	b = binary.BigEndian.AppendUint16(b, h.DstPort)
	b = binary.BigEndian.AppendUint32(b, h.VerificationTag)
	return binary.LittleEndian.AppendUint32(b, h.Checksum)
}

var zeroChecksum [4]byte

// Checksum computes the CRC32c of packet p as RFC 9260 §6.8 defines it: over
// the whole packet with the checksum field taken as zero.
func Checksum(p []byte) uint32 {
	if len(p) < headerLen {
		return 0
	}
	c := crc32.Update(0, castagnoli, p[:8])
	c = crc32.Update(c, castagnoli, zeroChecksum[:])
	return crc32.Update(c, castagnoli, p[headerLen:])
}

// SetChecksum writes the CRC32c of packet p into its header (RFC 9260 §6.8;
// the value is stored in the byte order of Appendix A, little endian on the
// wire).
func SetChecksum(p []byte) {
	if len(p) < headerLen {
		panic("BUG: sctp: SetChecksum on a packet shorter than the common header")
	}
	binary.LittleEndian.PutUint32(p[8:], Checksum(p))
}

// VerifyChecksum reports whether the checksum field of p matches its content,
// or is zero while zeroOK (RFC 9653 §5.3: an endpoint that announced an
// alternate error detection method accepts an incorrect checksum of zero).
func VerifyChecksum(p []byte, zeroOK bool) bool {
	if len(p) < headerLen {
		return false
	}
	got := binary.LittleEndian.Uint32(p[8:])
	if zeroOK && got == 0 {
		return true
	}
	return got == Checksum(p)
}

// NextChunk splits the first chunk off b (RFC 9260 §3.2): it returns the chunk
// type, its flags, its value (the bytes after the 4-byte chunk header, as
// long as the Length field says) and the bytes after the chunk's padding. A
// missing final padding is tolerated.
func NextChunk(b []byte) (typ ChunkType, flags uint8, value, rest []byte, err error) {
	if len(b) < 4 {
		return 0, 0, nil, nil, errShort
	}
	n := int(binary.BigEndian.Uint16(b[2:]))
	if n < 4 || n > len(b) {
		return 0, 0, nil, nil, errBadLength
	}
	padded := (n + 3) &^ 3
	if padded > len(b) {
		padded = len(b)
	}
	return ChunkType(b[0]), b[1], b[4:n], b[padded:], nil
}

// appendChunkHeader appends a chunk header whose length is patched by
// finishChunk; it returns the offset of the chunk start.
func appendChunkHeader(b []byte, t ChunkType, flags uint8) ([]byte, int) {
	start := len(b)
	return append(b, byte(t), flags, 0, 0), start
}

// finishChunk writes the length of the chunk that starts at start and pads it
// to a multiple of four bytes (RFC 9260 §3.2).
func finishChunk(b []byte, start int) []byte {
	n := len(b) - start
	if n > 0xffff {
		panic("BUG: sctp: chunk longer than 65535 bytes")
	}
	binary.BigEndian.PutUint16(b[start+2:], uint16(n))
	for (len(b)-start)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// pad4 rounds n up to a multiple of four.
func pad4(n int) int { return (n + 3) &^ 3 }

func crc32Castagnoli(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
