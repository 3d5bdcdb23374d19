package opus

import "github.com/c4c1f6e1/webrtc/codec"

// Payloader puts one Opus packet in one RTP payload (RFC 7587 §4.2). Opus
// packets cannot be fragmented. The marker bit is left to the sender: RFC
// 7587 §4.1 ties it to the first packet of a talkspurt after DTX.
type Payloader struct{}

// Payload emits frame as a single payload, or fails with codec.ErrMTU if
// it does not fit and codec.ErrShortPayload if it is empty (RFC 6716
// §3.4 R1: an Opus packet has at least one byte).
func (Payloader) Payload(mtu int, frame []byte, emit func(payload []byte, marker bool)) error {
	if len(frame) == 0 {
		return codec.ErrShortPayload
	}
	if len(frame) > mtu {
		return codec.ErrMTU
	}
	emit(frame, false)
	return nil
}

// Depacketizer returns the Opus packet carried by each payload. Every
// payload is a whole frame and every frame is independently decodable.
type Depacketizer struct{}

// Depacketize appends the Opus packet to frame (RFC 7587 §4.2).
func (Depacketizer) Depacketize(payload, frame []byte) ([]byte, error) {
	if len(payload) == 0 {
		return frame, codec.ErrShortPayload
	}
	return append(frame, payload...), nil
}

// Reset does nothing: Opus payloads carry no cross-packet state.
func (Depacketizer) Reset() {}

// IsKeyframe reports true for any non-empty payload: Opus packets do not
// depend on earlier packets for decodability.
func (Depacketizer) IsKeyframe(payload []byte) bool { return len(payload) > 0 }

// IsFrameStart reports true: each payload starts a frame.
func (Depacketizer) IsFrameStart(payload []byte) bool { return true }

// IsFrameEnd reports true: each payload ends its frame.
func (Depacketizer) IsFrameEnd(payload []byte, marker bool) bool { return true }
