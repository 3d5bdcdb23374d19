package sdp

import "strings"

// RTCPFeedback is the value of an a=rtcp-fb attribute (RFC 4585 §4.2):
// "<payload type or *> <type> [<parameter>]", e.g. "96 nack pli",
// "96 ccm fir", "* trr-int 100" or "111 transport-cc".
type RTCPFeedback struct {
	PayloadType string // a payload type, or "*" for all (RFC 4585 §4.2)
	Type        string // "ack", "nack", "trr-int", "ccm", "goog-remb", "transport-cc", …
	Parameter   string // the rest ("pli", "fir", "100", …); "" when absent
}

// ParseRTCPFeedback parses the value of an a=rtcp-fb attribute (RFC 4585
// §4.2).
func ParseRTCPFeedback(v string) (RTCPFeedback, error) {
	pt, rest, ok := strings.Cut(v, " ")
	if !ok || !(pt == "*" || isToken(pt)) {
		return RTCPFeedback{}, attrErrorf(AttrRTCPFeedback, "want <payload type or *> <type> [<parameter>] (RFC 4585 §4.2)")
	}
	typ, param, hasParam := strings.Cut(rest, " ")
	if !isToken(typ) {
		return RTCPFeedback{}, attrErrorf(AttrRTCPFeedback, "feedback type %q is not a token (RFC 4585 §4.2)", typ)
	}
	if hasParam && param == "" {
		return RTCPFeedback{}, attrErrorf(AttrRTCPFeedback, "empty parameter after %q", typ)
	}
	return RTCPFeedback{PayloadType: pt, Type: typ, Parameter: param}, nil
}

// AppendTo appends the attribute value to b.
func (f RTCPFeedback) AppendTo(b []byte) []byte {
	b = append(b, f.PayloadType...)
	b = append(b, ' ')
	b = append(b, f.Type...)
	if f.Parameter != "" {
		b = append(b, ' ')
		b = append(b, f.Parameter...)
	}
	return b
}

// String returns the attribute value.
func (f RTCPFeedback) String() string { return string(f.AppendTo(nil)) }

// RTCPFeedbacks parses the section's a=rtcp-fb attributes (RFC 4585 §4.2)
// in order.
func (m *MediaDescription) RTCPFeedbacks() ([]RTCPFeedback, error) {
	return parseEach(m.Lines, AttrRTCPFeedback, ParseRTCPFeedback)
}
