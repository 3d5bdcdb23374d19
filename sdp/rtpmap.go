package sdp

import (
	"math"
	"strings"
)

// RTPMap is the value of an a=rtpmap attribute (RFC 8866 §6.6):
// "<payload type> <encoding name>/<clock rate>[/<encoding parameters>]",
// e.g. "111 opus/48000/2".
type RTPMap struct {
	PayloadType  uint8  // 0 to 127
	EncodingName string // "opus", "VP8", "rtx", …, as written; compare case-insensitively (RFC 4855 §3)
	ClockRate    uint32 // in Hz
	Channels     int    // the encoding parameters: audio channels; 0 when absent
}

// parsePayloadType parses an RTP payload type, 0 to 127 (RFC 3550 §5.1).
func parsePayloadType(s string) (uint8, bool) {
	v, ok := parseUint(s, 127)
	return uint8(v), ok && len(s) <= 3
}

// ParseRTPMap parses the value of an a=rtpmap attribute (RFC 8866 §6.6).
// The encoding parameters, when present, must be a channel count.
func ParseRTPMap(v string) (RTPMap, error) {
	pt, rest, ok := strings.Cut(v, " ")
	if !ok {
		return RTPMap{}, attrErrorf(AttrRTPMap, "want <payload type> <encoding name>/<clock rate> (RFC 8866 §6.6)")
	}
	var r RTPMap
	if r.PayloadType, ok = parsePayloadType(pt); !ok {
		return RTPMap{}, attrErrorf(AttrRTPMap, "payload type %q is not from 0 to 127", pt)
	}
	f := strings.Split(rest, "/")
	if len(f) < 2 || len(f) > 3 || !isToken(f[0]) {
		return RTPMap{}, attrErrorf(AttrRTPMap, "want <encoding name>/<clock rate>[/<channels>] (RFC 8866 §6.6)")
	}
	r.EncodingName = f[0]
	rate, ok := parseUint(f[1], math.MaxUint32)
	if !ok || rate == 0 {
		return RTPMap{}, attrErrorf(AttrRTPMap, "clock rate %q is not a positive 32-bit number", f[1])
	}
	r.ClockRate = uint32(rate)
	if len(f) == 3 {
		ch, ok := parseUint(f[2], 255)
		if !ok || ch == 0 {
			return RTPMap{}, attrErrorf(AttrRTPMap, "channels %q is not from 1 to 255", f[2])
		}
		r.Channels = int(ch)
	}
	return r, nil
}

// AppendTo appends the attribute value to b. The channel count is written
// when it is not 0.
func (r RTPMap) AppendTo(b []byte) []byte {
	b = appendUint(b, uint64(r.PayloadType))
	b = append(b, ' ')
	b = append(b, r.EncodingName...)
	b = append(b, '/')
	b = appendUint(b, uint64(r.ClockRate))
	if r.Channels != 0 {
		b = append(b, '/')
		b = appendUint(b, uint64(r.Channels))
	}
	return b
}

// String returns the attribute value.
func (r RTPMap) String() string { return string(r.AppendTo(nil)) }

// RTPMaps parses the section's a=rtpmap attributes (RFC 8866 §6.6) in order.
func (m *MediaDescription) RTPMaps() ([]RTPMap, error) {
	return parseEach(m.Lines, AttrRTPMap, ParseRTPMap)
}
