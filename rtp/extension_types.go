package rtp

import (
	"encoding/binary"
	"time"
)

// URIs of the header extensions with typed accessors in this package, as
// negotiated with a=extmap (RFC 8285 §5).
const (
	// AbsSendTimeURI names the abs-send-time extension (webrtc.org).
	AbsSendTimeURI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
	// TransportCCURI names the transport-wide sequence number extension
	// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).
	TransportCCURI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
	// AudioLevelURI names the client-to-mixer audio level extension
	// (RFC 6464 §4).
	AudioLevelURI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
	// MIDURI names the MID SDES extension (RFC 8843 §15.2).
	MIDURI = "urn:ietf:params:rtp-hdrext:sdes:mid"
	// RIDURI names the RtpStreamId SDES extension (RFC 8852 §3.1).
	RIDURI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
	// RepairedRIDURI names the RepairedRtpStreamId SDES extension
	// (RFC 8852 §3.2).
	RepairedRIDURI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
	// VideoOrientationURI names the coordination of video orientation
	// extension (3GPP TS 26.114 §7.4.5).
	VideoOrientationURI = "urn:3gpp:video-orientation"
	// PlayoutDelayURI names the playout delay extension (webrtc.org).
	PlayoutDelayURI = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"
)

// ParseAbsSendTime decodes an abs-send-time element: 24 bits holding the
// send time as 6.18 fixed-point seconds (the low 6 bits of the NTP seconds
// and the high 18 bits of the NTP fraction).
func ParseAbsSendTime(b []byte) (uint32, error) {
	if len(b) != 3 {
		return 0, ErrExtension
	}
	return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]), nil
}

// AppendAbsSendTime appends the 3-byte abs-send-time element payload for v
// (only its low 24 bits are used).
func AppendAbsSendTime(b []byte, v uint32) []byte {
	return append(b, byte(v>>16), byte(v>>8), byte(v))
}

// AbsSendTimeFromNTP converts a 64-bit NTP timestamp (RFC 3550 §4: 32.32
// fixed-point seconds) to the 24-bit 6.18 abs-send-time value.
func AbsSendTimeFromNTP(ntp uint64) uint32 {
	return uint32(ntp>>14) & 0xFFFFFF
}

// AbsSendTimeToDuration converts a 6.18 abs-send-time value to a duration
// within its 64-second wrap period.
func AbsSendTimeToDuration(v uint32) time.Duration {
	return time.Duration((uint64(v&0xFFFFFF)*uint64(time.Second) + 1<<17) >> 18)
}

// ParseTransportCC decodes the 16-bit transport-wide sequence number
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2, L=1).
func ParseTransportCC(b []byte) (uint16, error) {
	if len(b) != 2 {
		return 0, ErrExtension
	}
	return binary.BigEndian.Uint16(b), nil
}

// AppendTransportCC appends the 2-byte transport-wide sequence number.
func AppendTransportCC(b []byte, seq uint16) []byte {
	return binary.BigEndian.AppendUint16(b, seq)
}

// ParseAudioLevel decodes the audio level element of RFC 6464 §3: the V
// (voice activity) flag and the level in -dBov (0-127, 127 is silence).
func ParseAudioLevel(b []byte) (voice bool, level uint8, err error) {
	if len(b) != 1 {
		return false, 0, ErrExtension
	}
	return b[0]&0x80 != 0, b[0] & 0x7F, nil
}

// AppendAudioLevel appends the 1-byte audio level element (RFC 6464 §3).
// Levels above 127 are clamped to 127.
func AppendAudioLevel(b []byte, voice bool, level uint8) []byte {
	v := min(level, 127)
	if voice {
		v |= 0x80
	}
	return append(b, v)
}

// ParseSDES validates the payload of an SDES-carrying element (MID, RID,
// repaired RID; RFC 8843 §15.2, RFC 8852 §3) and returns it, aliasing b.
// The value is at least one byte; the one-byte form limits it to 16 bytes.
func ParseSDES(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, ErrExtension
	}
	return b, nil
}

// VideoOrientation is the coordination of video orientation (CVO) element
// of 3GPP TS 26.114 §7.4.5: one byte 0 0 0 0 C F R1 R0.
type VideoOrientation struct {
	// BackFacing is the C bit: the camera faces away from the user.
	BackFacing bool
	// Flip is the F bit: the image is flipped horizontally.
	Flip bool
	// Rotation is the clockwise rotation in degrees: 0, 90, 180 or 270.
	Rotation uint16
}

// ParseVideoOrientation decodes a 1-byte video orientation element.
func ParseVideoOrientation(b []byte) (VideoOrientation, error) {
	if len(b) != 1 {
		return VideoOrientation{}, ErrExtension
	}
	return VideoOrientation{
		BackFacing: b[0]&0x08 != 0,
		Flip:       b[0]&0x04 != 0,
		Rotation:   uint16(b[0]&0x03) * 90,
	}, nil
}

// AppendTo appends the 1-byte video orientation element. Rotations are
// rounded down to a multiple of 90 degrees modulo 360.
func (v VideoOrientation) AppendTo(b []byte) []byte {
	c := byte(v.Rotation%360/90) & 0x03
	if v.BackFacing {
		c |= 0x08
	}
	if v.Flip {
		c |= 0x04
	}
	return append(b, c)
}

// PlayoutDelayUnit is the granularity of the playout delay element.
const PlayoutDelayUnit = 10 * time.Millisecond

// MaxPlayoutDelay is the largest delay a 12-bit field can carry.
const MaxPlayoutDelay = 0xFFF * PlayoutDelayUnit

// ParsePlayoutDelay decodes the 3-byte playout delay element: 12-bit minimum
// and 12-bit maximum delay in units of 10 ms.
func ParsePlayoutDelay(b []byte) (minDelay, maxDelay time.Duration, err error) {
	if len(b) != 3 {
		return 0, 0, ErrExtension
	}
	v := uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
	return time.Duration(v>>12) * PlayoutDelayUnit, time.Duration(v&0xFFF) * PlayoutDelayUnit, nil
}

// AppendPlayoutDelay appends the 3-byte playout delay element. Delays are
// truncated to 10 ms units; it fails with ErrInvalidField when a delay is
// negative, above MaxPlayoutDelay, or min exceeds max.
func AppendPlayoutDelay(b []byte, minDelay, maxDelay time.Duration) ([]byte, error) {
	if minDelay < 0 || maxDelay > MaxPlayoutDelay || minDelay > maxDelay {
		return b, ErrInvalidField
	}
	lo, hi := uint32(minDelay/PlayoutDelayUnit), uint32(maxDelay/PlayoutDelayUnit)
	v := lo<<12 | hi
	return append(b, byte(v>>16), byte(v>>8), byte(v)), nil
}
