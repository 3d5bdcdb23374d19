package rtp

import "errors"

// Errors returned by the parsers of this package. They are plain values so
// that parsing a hostile packet never allocates.
var (
	// ErrShortPacket means the buffer ends before a field the header
	// announces (RFC 3550 §5.1: fixed header, CSRC list, extension).
	ErrShortPacket = errors.New("rtp: packet too short")
	// ErrVersion means the version field is not 2 (RFC 3550 §5.1).
	ErrVersion = errors.New("rtp: version is not 2")
	// ErrPadding means the P bit is set but the padding count is zero or
	// larger than the room after the header (RFC 3550 §5.1).
	ErrPadding = errors.New("rtp: invalid padding")
	// ErrExtension means an RFC 8285 element runs past the end of the
	// header extension or has an invalid ID or length.
	ErrExtension = errors.New("rtp: malformed header extension")
	// ErrTooManyExtensions means a packet carries more than MaxExtensions
	// header extension elements, or SetExtension would exceed that cap.
	ErrTooManyExtensions = errors.New("rtp: too many header extension elements")
	// ErrBufferTooSmall means MarshalTo was given a buffer shorter than
	// MarshalSize.
	ErrBufferTooSmall = errors.New("rtp: buffer too small")
	// ErrInvalidField means a value does not fit its wire field (for
	// example more than 15 CSRCs or an extension too long for its form).
	ErrInvalidField = errors.New("rtp: field value out of range")
)
