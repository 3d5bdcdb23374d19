package webrtc

import (
	"strconv"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// RTPCodecCapability is the W3C RTCRtpCodec (§5.2.3): a codec this stack can
// negotiate.
type RTPCodecCapability struct {
	// MimeType is "audio/opus", "video/VP8", …
	MimeType string `json:"mimeType"`
	// ClockRate is the RTP clock rate in Hz.
	ClockRate uint32 `json:"clockRate"`
	// Channels is the number of audio channels; 0 for video.
	Channels uint16 `json:"channels,omitempty"`
	// SDPFmtpLine is the a=fmtp parameters, without the payload type.
	SDPFmtpLine string `json:"sdpFmtpLine,omitempty"`
}

// RTPCodecParameters is the W3C RTCRtpCodecParameters (§5.2.2): a codec with
// the payload type a negotiation gave it.
type RTPCodecParameters struct {
	RTPCodecCapability
	PayloadType uint8 `json:"payloadType"`
}

// codecEntry is a codec of the local media engine with the payload types
// and RTCP feedback it is offered with.
type codecEntry struct {
	RTPCodecCapability
	pt       uint8
	rtxPT    uint8 // 0: no RTX
	feedback []sdp.RTCPFeedback
}

var videoFeedback = []sdp.RTCPFeedback{
	{Type: "goog-remb"}, {Type: "transport-cc"}, {Type: "ccm", Parameter: "fir"},
	{Type: "nack"}, {Type: "nack", Parameter: "pli"},
}

// The codecs offered, in order of preference. Payload types follow the
// dynamic range (RFC 3551 §6); RTX (RFC 4588) is offered for every video codec.
var (
	audioCodecs = []codecEntry{
		{RTPCodecCapability{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1"}, 111, 0, []sdp.RTCPFeedback{{Type: "transport-cc"}}},
		{RTPCodecCapability{"audio/G722", 8000, 1, ""}, 9, 0, nil},
		{RTPCodecCapability{"audio/PCMU", 8000, 1, ""}, 0, 0, nil},
		{RTPCodecCapability{"audio/PCMA", 8000, 1, ""}, 8, 0, nil},
		{RTPCodecCapability{"audio/telephone-event", 48000, 1, "0-15"}, 110, 0, nil},
		{RTPCodecCapability{"audio/telephone-event", 8000, 1, "0-15"}, 126, 0, nil},
	}
	videoCodecs = []codecEntry{
		{RTPCodecCapability{"video/VP8", 90000, 0, ""}, 96, 97, videoFeedback},
		{RTPCodecCapability{"video/VP9", 90000, 0, "profile-id=0"}, 98, 99, videoFeedback},
		{RTPCodecCapability{"video/H264", 90000, 0, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"}, 102, 103, videoFeedback},
		{RTPCodecCapability{"video/H264", 90000, 0, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"}, 104, 105, videoFeedback},
		{RTPCodecCapability{"video/H264", 90000, 0, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034"}, 106, 107, videoFeedback},
		{RTPCodecCapability{"video/AV1", 90000, 0, "level-idx=5;profile=0;tier=0"}, 45, 46, videoFeedback},
	}
)

func supportedCodecs(kind MediaKind) []codecEntry {
	if kind == MediaKindAudio {
		return audioCodecs
	}
	return videoCodecs
}

// GetCapabilities returns the codecs this stack can send and receive for a
// kind (the static RTCRtpSender/RTCRtpReceiver.getCapabilities, §5.2), RTX
// included. The header extensions are in headerExtensions.
func GetCapabilities(kind MediaKind) []RTPCodecCapability {
	var out []RTPCodecCapability
	for _, c := range supportedCodecs(kind) {
		out = append(out, c.RTPCodecCapability)
	}
	if kind == MediaKindVideo {
		out = append(out, RTPCodecCapability{MimeType: "video/rtx", ClockRate: 90000})
	}
	return out
}

func isResilienceCodec(mime string) bool {
	_, sub, _ := strings.Cut(strings.ToLower(mime), "/")
	return sub == "rtx" || sub == "red" || sub == "ulpfec" || sub == "flexfec-03"
}

// matches is the W3C "codec dictionary match" with ignoreAsymmetricalParameters
// set: MIME type (case-insensitive), clock rate, channels, and the fmtp
// parameters that make two codecs different formats (H.264 profile and
// packetization mode, VP9 and AV1 profile).
func (c RTPCodecCapability) matches(o RTPCodecCapability) bool {
	if !strings.EqualFold(c.MimeType, o.MimeType) || c.ClockRate != o.ClockRate {
		return false
	}
	if strings.HasPrefix(strings.ToLower(c.MimeType), "audio/") && max(c.Channels, 1) != max(o.Channels, 1) {
		return false
	}
	return fmtpCompatible(c.MimeType, c.SDPFmtpLine, o.SDPFmtpLine)
}

func fmtpParam(line, key string) (string, bool) {
	for _, p := range sdp.ParseFMTPParameters(line) {
		if strings.EqualFold(p.Key, key) {
			return p.Value, true
		}
	}
	return "", false
}

func fmtpCompatible(mime, a, b string) bool {
	get := func(line, key, def string) string {
		if v, ok := fmtpParam(line, key); ok {
			return v
		}
		return def
	}
	switch strings.ToLower(mime) {
	case "video/h264":
		// RFC 6184 §8.2.2: packetization-mode must be equal; the profile
		// (profile_idc and the constraint flags) must match, the level may
		// differ when level-asymmetry-allowed (RFC 6184 §8.1).
		if get(a, "packetization-mode", "0") != get(b, "packetization-mode", "0") {
			return false
		}
		return h264Profile(get(a, "profile-level-id", "42000a")) == h264Profile(get(b, "profile-level-id", "42000a"))
	case "video/vp9":
		return get(a, "profile-id", "0") == get(b, "profile-id", "0")
	case "video/av1":
		return get(a, "profile", "0") == get(b, "profile", "0")
	case "video/rtx":
		return get(a, "apt", "") == get(b, "apt", "")
	}
	return true
}

// h264Profile reduces a profile-level-id to its profile: profile_idc and
// the profile-iop bits that select Constrained Baseline, Baseline, Main, High
// (RFC 6184 §8.1, Table 5). "" when malformed.
func h264Profile(pli string) string {
	v, err := strconv.ParseUint(pli, 16, 32)
	if err != nil || len(pli) != 6 {
		return ""
	}
	idc, iop := byte(v>>16), byte(v>>8)
	switch {
	case idc == 0x42 && iop&0x40 != 0, idc == 0x4d && iop&0x80 != 0, idc == 0x58 && iop&0xc0 == 0xc0:
		return "constrained-baseline"
	case idc == 0x42, idc == 0x58 && iop&0x80 != 0:
		return "baseline"
	case idc == 0x4d:
		return "main"
	case idc == 0x64 && iop == 0x0c:
		return "constrained-high"
	case idc == 0x64:
		return "high"
	}
	return strconv.Itoa(int(idc))
}

// headerExtension is an RTP header extension (RFC 8285) the stack offers,
// with the id it uses in every m= section so that BUNDLE sees one mapping.
type headerExtension struct {
	id   int
	uri  string
	kind MediaKind // "" for both
}

var headerExtensions = []headerExtension{
	{1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", MediaKindAudio},
	{2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", ""},
	{3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", ""},
	{4, "urn:ietf:params:rtp-hdrext:sdes:mid", ""},
	{10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", MediaKindVideo},
	{11, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", MediaKindVideo},
	{13, "urn:3gpp:video-orientation", MediaKindVideo},
	{14, "urn:ietf:params:rtp-hdrext:toffset", MediaKindVideo},
}

func extensionSupported(kind MediaKind, uri string) bool {
	for _, e := range headerExtensions {
		if e.uri == uri && (e.kind == "" || e.kind == kind) {
			return true
		}
	}
	return false
}

func feedbackSupported(kind MediaKind, mime string, fb sdp.RTCPFeedback) bool {
	for _, c := range supportedCodecs(kind) {
		if !strings.EqualFold(c.MimeType, mime) {
			continue
		}
		for _, f := range c.feedback {
			if strings.EqualFold(f.Type, fb.Type) && strings.EqualFold(f.Parameter, fb.Parameter) {
				return true
			}
		}
	}
	return false
}
