package sdp

import "math"

// DefaultMaxMessageSize is the message size limit that applies when a
// section has no a=max-message-size: "the default value is 64K" (RFC 8841
// §6.1).
const DefaultMaxMessageSize = 65536

// ParseSCTPPort parses the value of an a=sctp-port attribute: the SCTP
// port, 0 to 65535, without leading zeroes (RFC 8841 §5.2).
func ParseSCTPPort(v string) (int, error) {
	p, ok := parseUint(v, 65535)
	if !ok || len(v) > 5 || len(v) > 1 && v[0] == '0' {
		return 0, attrErrorf(AttrSCTPPort, "port %q is not from 0 to 65535 (RFC 8841 §5.2)", v)
	}
	return int(p), nil
}

// ParseMaxMessageSize parses the value of an a=max-message-size attribute
// (RFC 8841 §6.2): the largest message, in bytes, the endpoint will
// receive; 0 means no limit (RFC 8841 §6.1).
func ParseMaxMessageSize(v string) (uint64, error) {
	n, ok := parseUint(v, math.MaxUint64)
	if !ok {
		return 0, attrErrorf(AttrMaxMessageSize, "%q is not a 64-bit number (RFC 8841 §6.2)", v)
	}
	return n, nil
}

// SCTPPort returns the section's a=sctp-port (RFC 8841 §5.2), false if it
// has none, and an error if it is malformed.
func (m *MediaDescription) SCTPPort() (int, bool, error) {
	v, ok := m.Attribute(AttrSCTPPort)
	if !ok {
		return 0, false, nil
	}
	p, err := ParseSCTPPort(v)
	return p, err == nil, err
}

// MaxMessageSize returns the section's a=max-message-size (RFC 8841 §6),
// false if it has none (then DefaultMaxMessageSize applies, RFC 8841 §6.1), and an
// error if it is malformed.
func (m *MediaDescription) MaxMessageSize() (uint64, bool, error) {
	v, ok := m.Attribute(AttrMaxMessageSize)
	if !ok {
		return 0, false, nil
	}
	n, err := ParseMaxMessageSize(v)
	return n, err == nil, err
}
