package sdp

import "strings"

// RTCP is the value of an a=rtcp attribute (RFC 3605 §2.1):
// "<port> [<nettype> <addrtype> <connection-address>]", e.g.
// "9 IN IP4 0.0.0.0".
type RTCP struct {
	Port        int    // 0 to 65535
	NetworkType string // "IN", or "" when no address is given
	AddressType string // "IP4" or "IP6", or ""
	Address     string // the connection address, or ""
}

// ParseRTCP parses the value of an a=rtcp attribute (RFC 3605 §2.1).
func ParseRTCP(v string) (RTCP, error) {
	f := strings.Split(v, " ")
	port, ok := parseUint(f[0], 65535)
	if !ok {
		return RTCP{}, attrErrorf(AttrRTCP, "port %q is not from 0 to 65535 (RFC 3605 §2.1)", f[0])
	}
	r := RTCP{Port: int(port)}
	switch len(f) {
	case 1:
	case 4:
		if !isToken(f[1]) || !isToken(f[2]) || !isNonWS(f[3]) {
			return RTCP{}, attrErrorf(AttrRTCP, "want <port> <nettype> <addrtype> <connection-address> (RFC 3605 §2.1)")
		}
		r.NetworkType, r.AddressType, r.Address = f[1], f[2], f[3]
	default:
		return RTCP{}, attrErrorf(AttrRTCP, "want <port> [<nettype> <addrtype> <connection-address>] (RFC 3605 §2.1)")
	}
	return r, nil
}

// AppendTo appends the attribute value to b. The address part is written
// only when NetworkType is set.
func (r RTCP) AppendTo(b []byte) []byte {
	b = appendUint(b, uint64(r.Port))
	if r.NetworkType != "" {
		b = append(b, ' ')
		b = append(b, r.NetworkType...)
		b = append(b, ' ')
		b = append(b, r.AddressType...)
		b = append(b, ' ')
		b = append(b, r.Address...)
	}
	return b
}

// String returns the attribute value.
func (r RTCP) String() string { return string(r.AppendTo(nil)) }

// RTCP returns the section's a=rtcp attribute (RFC 3605 §2.1), false if it
// has none, and an error if it is malformed.
func (m *MediaDescription) RTCP() (RTCP, bool, error) {
	v, ok := m.Attribute(AttrRTCP)
	if !ok {
		return RTCP{}, false, nil
	}
	r, err := ParseRTCP(v)
	return r, err == nil, err
}

// RTCPMux reports whether the section has a=rtcp-mux (RFC 5761 §5.1.1).
func (m *MediaDescription) RTCPMux() bool { return m.HasAttribute(AttrRTCPMux) }

// RTCPMuxOnly reports whether the section has a=rtcp-mux-only (RFC 8858 §3).
func (m *MediaDescription) RTCPMuxOnly() bool { return m.HasAttribute(AttrRTCPMuxOnly) }

// RTCPRsize reports whether the section has a=rtcp-rsize (RFC 5506 §5).
func (m *MediaDescription) RTCPRsize() bool { return m.HasAttribute(AttrRTCPRsize) }
