package sdp

import (
	"fmt"
	"strings"
)

// attrValue reports whether l is the attribute key ("a=key" or
// "a=key:value", RFC 8866 §5.13) and returns its value.
func attrValue(l Line, key string) (string, bool) {
	if l.Type != 'a' || !strings.HasPrefix(l.Value, key) {
		return "", false
	}
	rest := l.Value[len(key):]
	if rest == "" {
		return "", true
	}
	if rest[0] == ':' {
		return rest[1:], true
	}
	return "", false
}

func attribute(lines []Line, key string) (string, bool) {
	for _, l := range lines {
		if v, ok := attrValue(l, key); ok {
			return v, true
		}
	}
	return "", false
}

func attributes(lines []Line, key string) []string {
	var vs []string
	for _, l := range lines {
		if v, ok := attrValue(l, key); ok {
			vs = append(vs, v)
		}
	}
	return vs
}

func attrLine(key, value string) Line {
	if value == "" {
		return Line{Type: 'a', Value: key}
	}
	return Line{Type: 'a', Value: key + ":" + value}
}

func removeAttributes(lines []Line, key string) []Line {
	out := lines[:0]
	for _, l := range lines {
		if _, ok := attrValue(l, key); !ok {
			out = append(out, l)
		}
	}
	clear(lines[len(out):])
	return out
}

// Attribute returns the value of the first session-level attribute named
// key: "" for a property attribute "a=key", the text after the colon for a
// value attribute "a=key:value" (RFC 8866 §5.13). Names match exactly.
func (s *SessionDescription) Attribute(key string) (value string, ok bool) {
	return attribute(s.Lines, key)
}

// Attributes returns the values of all session-level attributes named key,
// in order.
func (s *SessionDescription) Attributes(key string) []string {
	return attributes(s.Lines, key)
}

// HasAttribute reports whether the session level has an attribute named key.
func (s *SessionDescription) HasAttribute(key string) bool {
	_, ok := attribute(s.Lines, key)
	return ok
}

// AddAttribute appends the session-level attribute "a=key:value", or the
// property attribute "a=key" when value is "". Attributes come last at
// session level (RFC 8866 §5), so the line is appended at the end.
func (s *SessionDescription) AddAttribute(key, value string) {
	s.Lines = append(s.Lines, attrLine(key, value))
}

// RemoveAttributes removes every session-level attribute named key.
func (s *SessionDescription) RemoveAttributes(key string) {
	s.Lines = removeAttributes(s.Lines, key)
}

// Attribute returns the value of the first attribute named key in the media
// section: "" for a property attribute "a=key", the text after the colon for
// a value attribute "a=key:value" (RFC 8866 §5.13). Names match exactly.
func (m *MediaDescription) Attribute(key string) (value string, ok bool) {
	return attribute(m.Lines, key)
}

// Attributes returns the values of all attributes named key in the media
// section, in order.
func (m *MediaDescription) Attributes(key string) []string {
	return attributes(m.Lines, key)
}

// HasAttribute reports whether the media section has an attribute named key.
func (m *MediaDescription) HasAttribute(key string) bool {
	_, ok := attribute(m.Lines, key)
	return ok
}

// AddAttribute appends the attribute "a=key:value", or the property
// attribute "a=key" when value is "", at the end of the media section
// (attributes come last in a media description, RFC 8866 §5).
func (m *MediaDescription) AddAttribute(key, value string) {
	m.Lines = append(m.Lines, attrLine(key, value))
}

// RemoveAttributes removes every attribute named key from the media section.
func (m *MediaDescription) RemoveAttributes(key string) {
	m.Lines = removeAttributes(m.Lines, key)
}

// Attribute names used by WebRTC (JSEP, RFC 9429 §5), for Attribute,
// AddAttribute and friends.
const (
	AttrMid              = "mid"                // RFC 9143 §6 (RFC 5888 §4)
	AttrGroup            = "group"              // RFC 5888 §5, RFC 9143
	AttrBundleOnly       = "bundle-only"        // RFC 9143 §6
	AttrICEUfrag         = "ice-ufrag"          // RFC 8839 §5.4
	AttrICEPwd           = "ice-pwd"            // RFC 8839 §5.4
	AttrICEOptions       = "ice-options"        // RFC 8839 §5.6
	AttrICELite          = "ice-lite"           // RFC 8839 §5.3
	AttrCandidate        = "candidate"          // RFC 8839 §5.1
	AttrEndOfCandidates  = "end-of-candidates"  // RFC 8840 §8.2
	AttrFingerprint      = "fingerprint"        // RFC 8122 §5
	AttrSetup            = "setup"              // RFC 8122 §4
	AttrTLSID            = "tls-id"             // RFC 8842 §4
	AttrSCTPPort         = "sctp-port"          // RFC 8841 §5
	AttrMaxMessageSize   = "max-message-size"   // RFC 8841 §6
	AttrRTCP             = "rtcp"               // RFC 3605 §2.1
	AttrRTCPMux          = "rtcp-mux"           // RFC 5761 §5.1.1
	AttrRTCPMuxOnly      = "rtcp-mux-only"      // RFC 8858 §3
	AttrRTCPRsize        = "rtcp-rsize"         // RFC 5506 §5
	AttrRTPMap           = "rtpmap"             // RFC 8866 §6.6
	AttrFMTP             = "fmtp"               // RFC 8866 §6.15
	AttrRTCPFeedback     = "rtcp-fb"            // RFC 4585 §4.2
	AttrExtMap           = "extmap"             // RFC 8285 §8
	AttrExtMapAllowMixed = "extmap-allow-mixed" // RFC 8285 §6
	AttrMSID             = "msid"               // RFC 8830 §2
	AttrMSIDSemantic     = "msid-semantic"      // legacy session-level msid (draft-ietf-mmusic-msid-05)
	AttrSSRC             = "ssrc"               // RFC 5576 §4.1
	AttrSSRCGroup        = "ssrc-group"         // RFC 5576 §4.2
	AttrRID              = "rid"                // RFC 8851 §4
	AttrSimulcast        = "simulcast"          // RFC 8853 §5.1
	AttrSendRecv         = "sendrecv"           // RFC 8866 §6.7.1
	AttrSendOnly         = "sendonly"           // RFC 8866 §6.7.3
	AttrRecvOnly         = "recvonly"           // RFC 8866 §6.7.2
	AttrInactive         = "inactive"           // RFC 8866 §6.7.4
)

// parseEach parses the value of every attribute named key with parse, in
// order, and stops at the first error.
func parseEach[T any](lines []Line, key string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, l := range lines {
		if v, ok := attrValue(l, key); ok {
			x, err := parse(v)
			if err != nil {
				return out, err
			}
			out = append(out, x)
		}
	}
	return out, nil
}

// attrErrorf returns an error wrapping ErrSyntax about attribute name.
func attrErrorf(name, format string, args ...any) error {
	return fmt.Errorf("%w: a=%s: "+format, append([]any{ErrSyntax, name}, clipArgs(args)...)...)
}
