package sdp

import "strings"

// RID is the value of an a=rid attribute (RFC 8851 §10):
// "<rid-id> <send|recv> [pt=<fmt>,…][;]<restriction>[=<value>];…", e.g.
// "h send", "1 send pt=96,97;max-width=1280;max-height=720".
type RID struct {
	ID           string // 1*(alpha-numeric / "-" / "_")
	Direction    string // RIDSend or RIDRecv
	PayloadTypes []string
	Params       []RIDParam // the restrictions, in order
}

// RIDParam is one restriction of an a=rid attribute (RFC 8851 §4), such as
// max-width=1280 or depend=a,b.
type RIDParam struct {
	Name  string // 1*(alpha-numeric / "-")
	Value string // "" when the restriction has no "=value"
}

// The rid directions of RFC 8851 §10.
const (
	RIDSend = "send"
	RIDRecv = "recv"
)

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isRIDID reports whether s is a rid-id: 1*(alpha-numeric / "-" / "_")
// (RFC 8851 §10). The same syntax names simulcast streams (RFC 8853 §5.1).
func isRIDID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// ParseRID parses the value of an a=rid attribute (RFC 8851 §10).
func ParseRID(v string) (RID, error) {
	f := strings.SplitN(v, " ", 3)
	if len(f) < 2 || !isRIDID(f[0]) || f[1] != RIDSend && f[1] != RIDRecv {
		return RID{}, attrErrorf(AttrRID, "want <rid-id> send|recv [<params>] (RFC 8851 §10)")
	}
	r := RID{ID: f[0], Direction: f[1]}
	if len(f) == 2 {
		return r, nil
	}
	params := strings.Split(f[2], ";")
	if pts, ok := strings.CutPrefix(params[0], "pt="); ok {
		r.PayloadTypes = strings.Split(pts, ",")
		for _, pt := range r.PayloadTypes {
			if !isToken(pt) {
				return RID{}, attrErrorf(AttrRID, "payload type %q is not a fmt token (RFC 8851 §10)", pt)
			}
		}
		params = params[1:]
	}
	if len(params) > 0 {
		r.Params = make([]RIDParam, len(params))
	}
	for i, p := range params {
		name, value, _ := strings.Cut(p, "=")
		if name == "" {
			return RID{}, attrErrorf(AttrRID, "empty restriction (RFC 8851 §10)")
		}
		for j := 0; j < len(name); j++ {
			if !isAlnum(name[j]) && name[j] != '-' {
				return RID{}, attrErrorf(AttrRID, "restriction name %q is not 1*(alpha-numeric / \"-\")", name)
			}
		}
		for j := 0; j < len(value); j++ {
			// param-val = *(%x20-3A / %x3C-7E), printable but no ";".
			if c := value[j]; c < 0x20 || c > 0x7e {
				return RID{}, attrErrorf(AttrRID, "restriction %s has a non-printable value", name)
			}
		}
		r.Params[i] = RIDParam{Name: name, Value: value}
	}
	return r, nil
}

// AppendTo appends the attribute value to b.
func (r RID) AppendTo(b []byte) []byte {
	b = append(b, r.ID...)
	b = append(b, ' ')
	b = append(b, r.Direction...)
	sep := byte(' ')
	if len(r.PayloadTypes) > 0 {
		b = append(b, " pt="...)
		for i, pt := range r.PayloadTypes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, pt...)
		}
		sep = ';'
	}
	for _, p := range r.Params {
		b = append(b, sep)
		sep = ';'
		b = append(b, p.Name...)
		if p.Value != "" {
			b = append(b, '=')
			b = append(b, p.Value...)
		}
	}
	return b
}

// String returns the attribute value.
func (r RID) String() string { return string(r.AppendTo(nil)) }

// Param returns the value of the restriction named name.
func (r RID) Param(name string) (string, bool) {
	for _, p := range r.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// RIDs parses the section's a=rid attributes (RFC 8851 §10) in order.
func (m *MediaDescription) RIDs() ([]RID, error) {
	return parseEach(m.Lines, AttrRID, ParseRID)
}
