package sdp

import "strings"

// ExtMap is the value of an a=extmap attribute (RFC 8285 §8):
// "<id>[/<direction>] <URI> [<extension attributes>]", e.g.
// "4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01".
type ExtMap struct {
	ID         int       // 1 to 255, or 4096 to 4351 in an offer (RFC 8285 §6)
	Direction  Direction // "" when absent
	URI        string    // the extension name
	Attributes string    // the extension attributes, as written; "" when absent
}

// ParseExtMap parses the value of an a=extmap attribute (RFC 8285 §8).
func ParseExtMap(v string) (ExtMap, error) {
	f := strings.SplitN(v, " ", 3)
	if len(f) < 2 {
		return ExtMap{}, attrErrorf(AttrExtMap, "want <id>[/<direction>] <URI> [<attributes>] (RFC 8285 §8)")
	}
	var e ExtMap
	id, dir, hasDir := strings.Cut(f[0], "/")
	n, ok := parseUint(id, 4351)
	if !ok || len(id) > 5 || n == 0 || n > 255 && n < 4096 {
		return ExtMap{}, attrErrorf(AttrExtMap, "id %q is not from 1 to 255 or 4096 to 4351 (RFC 8285 §6)", id)
	}
	e.ID = int(n)
	if hasDir {
		d, err := ParseDirection(dir)
		if err != nil {
			return ExtMap{}, attrErrorf(AttrExtMap, "unknown direction %q (RFC 8285 §8)", dir)
		}
		e.Direction = d
	}
	e.URI = f[1]
	if !isNonWS(e.URI) {
		return ExtMap{}, attrErrorf(AttrExtMap, "missing extension URI")
	}
	if len(f) == 3 {
		if f[2] == "" {
			return ExtMap{}, attrErrorf(AttrExtMap, "empty extension attributes")
		}
		e.Attributes = f[2]
	}
	return e, nil
}

// AppendTo appends the attribute value to b.
func (e ExtMap) AppendTo(b []byte) []byte {
	b = appendUint(b, uint64(e.ID))
	if e.Direction != "" {
		b = append(b, '/')
		b = append(b, e.Direction...)
	}
	b = append(b, ' ')
	b = append(b, e.URI...)
	if e.Attributes != "" {
		b = append(b, ' ')
		b = append(b, e.Attributes...)
	}
	return b
}

// String returns the attribute value.
func (e ExtMap) String() string { return string(e.AppendTo(nil)) }

// ExtMaps parses the section's a=extmap attributes (RFC 8285 §8) in order.
func (m *MediaDescription) ExtMaps() ([]ExtMap, error) {
	return parseEach(m.Lines, AttrExtMap, ParseExtMap)
}

// ExtMaps parses the session-level a=extmap attributes (RFC 8285 §8 allows
// them at session level).
func (s *SessionDescription) ExtMaps() ([]ExtMap, error) {
	return parseEach(s.Lines, AttrExtMap, ParseExtMap)
}

// ExtMapAllowMixed reports whether the section has a=extmap-allow-mixed
// (RFC 8285 §6).
func (m *MediaDescription) ExtMapAllowMixed() bool { return m.HasAttribute(AttrExtMapAllowMixed) }

// ExtMapAllowMixed reports whether the session level has
// a=extmap-allow-mixed (RFC 8285 §6).
func (s *SessionDescription) ExtMapAllowMixed() bool { return s.HasAttribute(AttrExtMapAllowMixed) }
