package codec

import "errors"

// Payloader splits one encoded frame into RTP payloads no larger than mtu
// bytes (the room left for the payload after the RTP header). emit is
// called once per payload in order; marker is the value for the RTP
// marker bit (for video: last packet of the frame, RFC 3551 §4.1 and each
// payload format). The payload slice is only valid during the call.
type Payloader interface {
	Payload(mtu int, frame []byte, emit func(payload []byte, marker bool)) error
}

// Depacketizer rebuilds frames from the RTP payloads of one codec. Calls
// for one frame go in sequence order after a Reset; Depacketize appends
// the media bytes of one payload to frame and returns the extended slice.
type Depacketizer interface {
	// Depacketize appends the media carried by payload to frame. On error
	// the frame is to be discarded.
	Depacketize(payload, frame []byte) ([]byte, error)
	// Reset forgets per-frame state (open fragments) before a new frame.
	Reset()
	// IsKeyframe reports whether payload shows that its frame can be
	// decoded without earlier frames.
	IsKeyframe(payload []byte) bool
	// IsFrameStart reports whether payload certainly starts a frame. A
	// false answer means "not known", not "not a start".
	IsFrameStart(payload []byte) bool
	// IsFrameEnd reports whether payload, with the given RTP marker bit,
	// ends its frame.
	IsFrameEnd(payload []byte, marker bool) bool
}

// Errors shared by the payload formats.
var (
	// ErrShortPayload means a payload ends before a field its header
	// announces, or carries no media.
	ErrShortPayload = errors.New("codec: payload too short")
	// ErrMTU means the MTU leaves no room for any media byte, or a frame
	// that cannot be split does not fit.
	ErrMTU = errors.New("codec: MTU too small")
	// ErrMalformed means a payload violates its format's rules.
	ErrMalformed = errors.New("codec: malformed payload")
	// ErrUnsupported means a payload uses a mode this implementation does
	// not support.
	ErrUnsupported = errors.New("codec: unsupported payload structure")
)
