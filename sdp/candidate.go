package sdp

import (
	"math"
	"net/netip"
	"strings"
)

// Candidate is the value of an a=candidate attribute (RFC 8839 §5.1), the
// text after "candidate:":
//
//	<foundation> <component-id> <transport> <priority> <connection-address> <port>
//	typ <cand-type> [raddr <rel-addr> rport <rel-port>] [tcptype <tcp-type>] *(<name> <value>)
//
// e.g. "1 1 udp 2122194687 192.0.2.2 56441 typ host generation 0 network-id 1".
type Candidate struct {
	Foundation string // 1 to 32 ice-chars
	Component  int    // 1 to 256; 1 for RTP, 2 for RTCP
	Transport  string // as written: "UDP", "udp", "tcp", …; compare case-insensitively (see Protocol)
	Priority   uint32
	Address    string // IPv4, IPv6, or an FQDN such as "<uuid>.local" (mDNS), as written
	Port       int    // 0 to 65535
	Type       string // "host", "srflx", "prflx", "relay", or another token

	// RelAddr and RelPort are the related address and port (RFC 8839 §5.1:
	// present for srflx, prflx and relay, absent for host). RelAddr is ""
	// when absent; raddr and rport are always written and read together.
	RelAddr string
	RelPort int

	// TCPType is the RFC 6544 §4.5 tcp-type ("active", "passive", "so"), or
	// "" when absent.
	TCPType string

	// Extensions are the other name/value pairs (RFC 8839 §5.1
	// cand-extension) in order, e.g. generation, ufrag, network-id,
	// network-cost. RFC 8839: an implementation MUST ignore pairs it does
	// not understand.
	Extensions []CandidateExtension
}

// CandidateExtension is one cand-extension name/value pair of a candidate
// (RFC 8839 §5.1).
type CandidateExtension struct {
	Name  string // a token
	Value string // 1*VCHAR
}

// The candidate types of RFC 8839 §5.1.
const (
	CandidateTypeHost  = "host"
	CandidateTypeSrflx = "srflx"
	CandidateTypePrflx = "prflx"
	CandidateTypeRelay = "relay"
)

// isVCHARs reports whether s is 1*VCHAR (%x21-7E).
func isVCHARs(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// checkConnectionAddress accepts an IPv4 or IPv6 address or an FQDN
// (RFC 8866 §9 connection-address; RFC 8839 §5.1: "the presence of a colon
// indicates IPv6").
func checkConnectionAddress(s string) bool {
	if strings.IndexByte(s, ':') >= 0 {
		a, err := netip.ParseAddr(s)
		return err == nil && a.Is6() && a.Zone() == ""
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Is4()
	}
	// FQDN = 4*(alpha-numeric / "-" / ".") in RFC 8866 §9; mDNS names
	// (draft-ietf-mmusic-mdns-ice-candidates) are "<uuid>.local". Accept
	// shorter names too, but nothing beyond a DNS name's 253 bytes.
	// A name of only digits and dots is a malformed IPv4 address, not a
	// name (RFC 1123 §2.1: a top-level label is never all-numeric).
	if s == "" || len(s) > 253 {
		return false
	}
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-':
			letter = true
		case '0' <= c && c <= '9' || c == '.':
		default:
			return false
		}
	}
	return letter
}

// ParseCandidate parses the value of an a=candidate attribute (RFC 8839
// §5.1), without the "candidate:" prefix. Transport is case-insensitive; a
// candidate whose transport is neither UDP nor TCP is still returned (the
// ICE agent ignores it).
func ParseCandidate(v string) (Candidate, error) {
	f := strings.Split(v, " ")
	if len(f) < 8 || !strings.EqualFold(f[6], "typ") { // ABNF literals are case-insensitive (RFC 5234 §2.3)
		return Candidate{}, attrErrorf(AttrCandidate, "want <foundation> <component> <transport> <priority> <address> <port> typ <type> (RFC 8839 §5.1)")
	}
	var c Candidate
	c.Foundation = f[0]
	if !isICEChars(c.Foundation, 1, 32) {
		return Candidate{}, attrErrorf(AttrCandidate, "foundation %q is not 1 to 32 ice-chars", f[0])
	}
	comp, ok := parseUint(f[1], 256)
	if !ok || comp == 0 || len(f[1]) > 3 {
		return Candidate{}, attrErrorf(AttrCandidate, "component %q is not from 1 to 256", f[1])
	}
	c.Component = int(comp)
	c.Transport = f[2]
	if !isToken(c.Transport) {
		return Candidate{}, attrErrorf(AttrCandidate, "transport %q is not a token", f[2])
	}
	prio, ok := parseUint(f[3], math.MaxUint32)
	if !ok || len(f[3]) > 10 {
		return Candidate{}, attrErrorf(AttrCandidate, "priority %q is not a 32-bit number", f[3])
	}
	c.Priority = uint32(prio)
	c.Address = f[4]
	if !checkConnectionAddress(c.Address) {
		return Candidate{}, attrErrorf(AttrCandidate, "address %q is not an IPv4 or IPv6 address or a domain name", f[4])
	}
	port, ok := parseUint(f[5], 65535)
	if !ok {
		return Candidate{}, attrErrorf(AttrCandidate, "port %q is not from 0 to 65535", f[5])
	}
	c.Port = int(port)
	c.Type = f[7]
	if !isToken(c.Type) {
		return Candidate{}, attrErrorf(AttrCandidate, "type %q is not a token", f[7])
	}
	rest := f[8:]
	if len(rest)%2 != 0 {
		return Candidate{}, attrErrorf(AttrCandidate, "extension %q has no value", rest[len(rest)-1])
	}
	// raddr and rport, if present, come right after the type (RFC 8839
	// §5.1 grammar); together, as in every deployed implementation.
	if len(rest) >= 2 && strings.EqualFold(rest[0], "raddr") {
		if len(rest) < 4 || !strings.EqualFold(rest[2], "rport") {
			return Candidate{}, attrErrorf(AttrCandidate, "raddr without rport")
		}
		c.RelAddr = rest[1]
		if !checkConnectionAddress(c.RelAddr) {
			return Candidate{}, attrErrorf(AttrCandidate, "raddr %q is not an IPv4 or IPv6 address or a domain name", rest[1])
		}
		rp, ok := parseUint(rest[3], 65535)
		if !ok {
			return Candidate{}, attrErrorf(AttrCandidate, "rport %q is not from 0 to 65535", rest[3])
		}
		c.RelPort = int(rp)
		rest = rest[4:]
	}
	for i := 0; i < len(rest); i += 2 {
		name, value := rest[i], rest[i+1]
		if !isToken(name) {
			return Candidate{}, attrErrorf(AttrCandidate, "extension name %q is not a token", name)
		}
		if !isVCHARs(value) {
			return Candidate{}, attrErrorf(AttrCandidate, "extension %s value %q is not visible characters", name, value)
		}
		switch strings.ToLower(name) {
		case "raddr", "rport":
			return Candidate{}, attrErrorf(AttrCandidate, "%s must follow the candidate type", name)
		case "tcptype":
			if c.TCPType != "" {
				return Candidate{}, attrErrorf(AttrCandidate, "tcptype appears twice")
			}
			c.TCPType = value
			continue
		}
		if len(c.Extensions) == 0 {
			c.Extensions = make([]CandidateExtension, 0, (len(rest)-i)/2)
		}
		c.Extensions = append(c.Extensions, CandidateExtension{Name: name, Value: value})
	}
	return c, nil
}

// AppendTo appends the attribute value (without "candidate:") to b. The
// order is the grammar's: raddr/rport, then tcptype, then the extensions.
func (c Candidate) AppendTo(b []byte) []byte {
	b = append(b, c.Foundation...)
	b = append(b, ' ')
	b = appendUint(b, uint64(c.Component))
	b = append(b, ' ')
	b = append(b, c.Transport...)
	b = append(b, ' ')
	b = appendUint(b, uint64(c.Priority))
	b = append(b, ' ')
	b = append(b, c.Address...)
	b = append(b, ' ')
	b = appendUint(b, uint64(c.Port))
	b = append(b, " typ "...)
	b = append(b, c.Type...)
	if c.RelAddr != "" {
		b = append(b, " raddr "...)
		b = append(b, c.RelAddr...)
		b = append(b, " rport "...)
		b = appendUint(b, uint64(c.RelPort))
	}
	if c.TCPType != "" {
		b = append(b, " tcptype "...)
		b = append(b, c.TCPType...)
	}
	for _, e := range c.Extensions {
		b = append(b, ' ')
		b = append(b, e.Name...)
		b = append(b, ' ')
		b = append(b, e.Value...)
	}
	return b
}

// String returns the attribute value (without "candidate:").
func (c Candidate) String() string { return string(c.AppendTo(nil)) }

// Protocol returns the transport in lower case ("udp", "tcp", …): RFC 8839
// §5.1 transport is a token compared case-insensitively (Chromium writes
// "udp", RFC examples "UDP").
func (c Candidate) Protocol() string { return strings.ToLower(c.Transport) }

// Extension returns the value of the first extension named name, e.g.
// "generation" or "ufrag".
func (c Candidate) Extension(name string) (string, bool) {
	for _, e := range c.Extensions {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

// IsFQDN reports whether Address is a domain name (such as an mDNS
// "<uuid>.local" name) rather than an IP address.
func (c Candidate) IsFQDN() bool {
	_, err := netip.ParseAddr(c.Address)
	return err != nil
}

// Candidates parses the section's a=candidate attributes (RFC 8839 §5.1)
// in order and stops at the first malformed one.
func (m *MediaDescription) Candidates() ([]Candidate, error) {
	return parseEach(m.Lines, AttrCandidate, ParseCandidate)
}
