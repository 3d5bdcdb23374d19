package sdp

import "strings"

// Group is the value of an a=group attribute (RFC 5888 §5):
// "<semantics> *(SP <identification-tag>)", e.g. "BUNDLE 0 1" (RFC 9143)
// or "LS a1 v1".
type Group struct {
	Semantics string   // "BUNDLE", "LS", "FID", … (a token)
	Mids      []string // the identification tags (a=mid values), in order
}

// ParseGroup parses the value of an a=group attribute (RFC 5888 §5).
func ParseGroup(v string) (Group, error) {
	f := strings.Split(v, " ")
	if !isToken(f[0]) {
		return Group{}, attrErrorf(AttrGroup, "semantics %q is not a token", f[0])
	}
	g := Group{Semantics: f[0]}
	if len(f) > 1 {
		g.Mids = f[1:]
		for _, mid := range g.Mids {
			if !isToken(mid) {
				return Group{}, attrErrorf(AttrGroup, "identification tag %q is not a token", mid)
			}
		}
	}
	return g, nil
}

// AppendTo appends the attribute value to b.
func (g Group) AppendTo(b []byte) []byte {
	b = append(b, g.Semantics...)
	for _, m := range g.Mids {
		b = append(b, ' ')
		b = append(b, m...)
	}
	return b
}

// String returns the attribute value.
func (g Group) String() string { return string(g.AppendTo(nil)) }

// Groups parses every session-level a=group attribute (RFC 5888 §5).
func (s *SessionDescription) Groups() ([]Group, error) {
	return parseEach(s.Lines, AttrGroup, ParseGroup)
}

// BundleGroups returns the session's a=group:BUNDLE groups (RFC 9143 §7).
func (s *SessionDescription) BundleGroups() ([]Group, error) {
	gs, err := s.Groups()
	out := gs[:0]
	for _, g := range gs {
		if g.Semantics == "BUNDLE" {
			out = append(out, g)
		}
	}
	return out, err
}

// ParseMid checks the value of an a=mid attribute: an identification-tag,
// which is a token (RFC 5888 §4; RFC 9143 §6 limits it to 16 characters
// when sent in RTP, which this function does not enforce).
func ParseMid(v string) (string, error) {
	if !isToken(v) {
		return "", attrErrorf(AttrMid, "identification tag %q is not a token", v)
	}
	return v, nil
}

// Mid returns the value of the section's a=mid attribute (RFC 5888 §4), and
// false if it has none or it is not a token.
func (m *MediaDescription) Mid() (string, bool) {
	v, ok := m.Attribute(AttrMid)
	if !ok || !isToken(v) {
		return "", false
	}
	return v, true
}

// BundleOnly reports whether the section has a=bundle-only (RFC 9143 §6).
func (m *MediaDescription) BundleOnly() bool { return m.HasAttribute(AttrBundleOnly) }
