package sdp

import (
	"math"
	"strings"
)

// SSRC is the value of an a=ssrc attribute (RFC 5576 §4.1):
// "<ssrc-id> <attribute>[:<value>]", e.g. "3735928559 cname:4TOk42mSjXCkVIa6".
type SSRC struct {
	ID        uint32
	Attribute string // the source attribute name: "cname", "msid", …
	Value     string // its value; "" for a property attribute
}

// ParseSSRC parses the value of an a=ssrc attribute (RFC 5576 §4.1).
func ParseSSRC(v string) (SSRC, error) {
	id, attr, ok := strings.Cut(v, " ")
	n, idok := parseUint(id, math.MaxUint32)
	if !ok || !idok || len(id) > 10 {
		return SSRC{}, attrErrorf(AttrSSRC, "want <ssrc-id> <attribute>[:<value>] with a 32-bit ssrc-id (RFC 5576 §4.1)")
	}
	name, value, _ := strings.Cut(attr, ":")
	if !isToken(name) {
		return SSRC{}, attrErrorf(AttrSSRC, "source attribute name %q is not a token", name)
	}
	return SSRC{ID: uint32(n), Attribute: name, Value: value}, nil
}

// AppendTo appends the attribute value to b.
func (s SSRC) AppendTo(b []byte) []byte {
	b = appendUint(b, uint64(s.ID))
	b = append(b, ' ')
	b = append(b, s.Attribute...)
	if s.Value != "" {
		b = append(b, ':')
		b = append(b, s.Value...)
	}
	return b
}

// String returns the attribute value.
func (s SSRC) String() string { return string(s.AppendTo(nil)) }

// SSRCGroup is the value of an a=ssrc-group attribute (RFC 5576 §4.2):
// "<semantics> <ssrc-id> …", e.g. "FID 1111 2222" (RTX, RFC 4588) or
// "SIM 1 2 3".
type SSRCGroup struct {
	Semantics string // "FID", "FEC", "SIM", … (a token)
	SSRCs     []uint32
}

// ParseSSRCGroup parses the value of an a=ssrc-group attribute (RFC 5576
// §4.2).
func ParseSSRCGroup(v string) (SSRCGroup, error) {
	f := strings.Split(v, " ")
	if !isToken(f[0]) {
		return SSRCGroup{}, attrErrorf(AttrSSRCGroup, "semantics %q is not a token (RFC 5576 §4.2)", f[0])
	}
	g := SSRCGroup{Semantics: f[0]}
	if len(f) > 1 {
		g.SSRCs = make([]uint32, len(f)-1)
		for i, s := range f[1:] {
			n, ok := parseUint(s, math.MaxUint32)
			if !ok || len(s) > 10 {
				return SSRCGroup{}, attrErrorf(AttrSSRCGroup, "ssrc-id %q is not a 32-bit number", s)
			}
			g.SSRCs[i] = uint32(n)
		}
	}
	return g, nil
}

// AppendTo appends the attribute value to b.
func (g SSRCGroup) AppendTo(b []byte) []byte {
	b = append(b, g.Semantics...)
	for _, s := range g.SSRCs {
		b = append(b, ' ')
		b = appendUint(b, uint64(s))
	}
	return b
}

// String returns the attribute value.
func (g SSRCGroup) String() string { return string(g.AppendTo(nil)) }

// SSRCs parses the section's a=ssrc attributes (RFC 5576 §4.1) in order.
func (m *MediaDescription) SSRCs() ([]SSRC, error) {
	return parseEach(m.Lines, AttrSSRC, ParseSSRC)
}

// SSRCGroups parses the section's a=ssrc-group attributes (RFC 5576 §4.2)
// in order.
func (m *MediaDescription) SSRCGroups() ([]SSRCGroup, error) {
	return parseEach(m.Lines, AttrSSRCGroup, ParseSSRCGroup)
}
