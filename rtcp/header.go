package rtcp

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// PacketType is the RTCP packet type (RFC 3550 §12.1, RFC 4585 §6.1).
type PacketType uint8

// RTCP packet types.
const (
	TypeSenderReport       PacketType = 200 // SR, RFC 3550 §6.4.1
	TypeReceiverReport     PacketType = 201 // RR, RFC 3550 §6.4.2
	TypeSourceDescription  PacketType = 202 // SDES, RFC 3550 §6.5
	TypeGoodbye            PacketType = 203 // BYE, RFC 3550 §6.6
	TypeApplicationDefined PacketType = 204 // APP, RFC 3550 §6.7
	TypeTransportFeedback  PacketType = 205 // RTPFB, RFC 4585 §6.1
	TypePayloadFeedback    PacketType = 206 // PSFB, RFC 4585 §6.1
	TypeExtendedReport     PacketType = 207 // XR, RFC 3611 (not parsed yet)
)

// Feedback message types (the FMT field) of RTPFB and PSFB packets.
const (
	FormatNACK = 1  // RTPFB generic NACK, RFC 4585 §6.2.1
	FormatCCFB = 11 // RTPFB congestion control feedback, RFC 8888 §3.1
	FormatTWCC = 15 // RTPFB transport-wide CC, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1
	FormatPLI  = 1  // PSFB picture loss indication, RFC 4585 §6.3.1
	FormatFIR  = 4  // PSFB full intra request, RFC 5104 §4.3.1
	FormatAFB  = 15 // PSFB application layer feedback (REMB), RFC 4585 §6.4
)

// Errors returned by the parsers. They are plain values so that rejecting a
// malformed packet does not allocate.
var (
	ErrTruncated     = errors.New("rtcp: packet truncated")
	ErrBadVersion    = errors.New("rtcp: version is not 2")
	ErrBadLength     = errors.New("rtcp: length field does not match the packet")
	ErrWrongType     = errors.New("rtcp: wrong packet type or format for this parser")
	ErrBadPadding    = errors.New("rtcp: invalid padding")
	ErrMalformed     = errors.New("rtcp: malformed packet body")
	ErrBadCompound   = errors.New("rtcp: compound packet does not start with SR or RR")
	ErrTooManyItems  = errors.New("rtcp: more items than the count field can express")
	ErrEmptyCompound = errors.New("rtcp: empty compound packet")
)

// HeaderLen is the length of the common RTCP header.
const HeaderLen = 4

// Header is the common RTCP header (RFC 3550 §6.4.1): version 2, padding
// flag, the 5-bit count (RC, SC, FMT or subtype), packet type and length in
// 32-bit words minus one.
type Header struct {
	Padding bool
	Count   uint8
	Type    PacketType
	Length  uint16
}

// Unmarshal parses the first four octets of b.
func (h *Header) Unmarshal(b []byte) error {
	if len(b) < HeaderLen {
		return ErrTruncated
	}
	if b[0]>>6 != 2 {
		return ErrBadVersion
	}
	h.Padding = b[0]&0x20 != 0
	h.Count = b[0] & 0x1f
	h.Type = PacketType(b[1])
	h.Length = binary.BigEndian.Uint16(b[2:])
	return nil
}

// AppendTo appends the header to b.
func (h *Header) AppendTo(b []byte) []byte {
	v := byte(2<<6) | h.Count&0x1f
	if h.Padding {
		v |= 0x20
	}
	return append(b, v, byte(h.Type), byte(h.Length>>8), byte(h.Length))
}

// body checks that b is exactly one RTCP packet of type t (and format fmt
// when fmt >= 0) and returns its header and the body after the header with
// any padding removed (RFC 3550 §6.4.1: the last padding octet counts the
// padding octets, itself included).
func body(b []byte, t PacketType, fmt int) (Header, []byte, error) {
	var h Header
	if err := h.Unmarshal(b); err != nil {
		return h, nil, err
	}
	if h.Type != t || (fmt >= 0 && int(h.Count) != fmt) {
		return h, nil, ErrWrongType
	}
	if len(b) != (int(h.Length)+1)*4 {
		return h, nil, ErrBadLength
	}
	p := b[HeaderLen:]
	if h.Padding {
		if len(p) == 0 {
			return h, nil, ErrBadPadding
		}
		n := int(p[len(p)-1])
		if n == 0 || n > len(p) {
			return h, nil, ErrBadPadding
		}
		p = p[:len(p)-n]
	}
	return h, p, nil
}

// appendHeader appends a header for a packet whose total size is size
// octets (a multiple of four).
func appendHeader(b []byte, count uint8, t PacketType, size int) []byte {
	h := Header{Count: count, Type: t, Length: uint16(size/4 - 1)}
	return h.AppendTo(b)
}

// grow extends s by one element, reusing the backing array (and so the
// element's own slices) when there is capacity: parsing into reused structs
// then does not allocate once capacities have grown.
func grow[T any](s []T) ([]T, *T) {
	if len(s) < cap(s) {
		s = s[:len(s)+1]
	} else {
		var zero T
		s = append(s, zero)
	}
	return s, &s[len(s)-1]
}

func pad4(n int) int { return (n + 3) &^ 3 }

// String returns the packet type's abbreviation as used in RFC 3550 §12.1
// and RFC 4585 §6.1 ("SR", "RR", "SDES", "BYE", "APP", "RTPFB", "PSFB",
// "XR"), or its number.
func (t PacketType) String() string {
	switch t {
	case TypeSenderReport:
		return "SR"
	case TypeReceiverReport:
		return "RR"
	case TypeSourceDescription:
		return "SDES"
	case TypeGoodbye:
		return "BYE"
	case TypeApplicationDefined:
		return "APP"
	case TypeTransportFeedback:
		return "RTPFB"
	case TypePayloadFeedback:
		return "PSFB"
	case TypeExtendedReport:
		return "XR"
	}
	return "PacketType(" + strconv.Itoa(int(t)) + ")"
}
