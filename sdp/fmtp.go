package sdp

import "strings"

// FMTP is the value of an a=fmtp attribute (RFC 8866 §6.15):
// "<format> <format specific parameters>", e.g.
// "111 minptime=10;useinbandfec=1". The parameters are kept as text;
// Parameters and Parameter read the common "key=value;…" form.
type FMTP struct {
	Format string // the payload type (a fmt token of the m= line)
	Params string // the format-specific parameters, as written
}

// FMTPParameter is one "key=value" (or bare "value") item of a
// semicolon-separated fmtp parameter list.
type FMTPParameter struct {
	Key   string // "" for an item without "=" (such as telephone-event's "0-15")
	Value string
}

// ParseFMTP parses the value of an a=fmtp attribute (RFC 8866 §6.15). An
// empty parameter list is accepted.
func ParseFMTP(v string) (FMTP, error) {
	format, params, _ := strings.Cut(v, " ")
	if !isToken(format) {
		return FMTP{}, attrErrorf(AttrFMTP, "format %q is not a token (RFC 8866 §6.15)", format)
	}
	return FMTP{Format: format, Params: params}, nil
}

// AppendTo appends the attribute value to b.
func (f FMTP) AppendTo(b []byte) []byte {
	b = append(b, f.Format...)
	if f.Params != "" {
		b = append(b, ' ')
		b = append(b, f.Params...)
	}
	return b
}

// String returns the attribute value.
func (f FMTP) String() string { return string(f.AppendTo(nil)) }

// ParseFMTPParameters splits a "key=value;key=value" parameter list at the
// semicolons and the first "=" of each item; spaces around items are
// trimmed and empty items skipped. An item without "=" before its value
// (or with nothing before the "=") has an empty Key and the whole item as
// Value.
func ParseFMTPParameters(s string) []FMTPParameter {
	var out []FMTPParameter
	for item := range strings.SplitSeq(s, ";") {
		item = strings.Trim(item, " \t")
		if item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if k = strings.Trim(k, " \t"); !ok || k == "" {
			out = append(out, FMTPParameter{Value: item})
			continue
		}
		out = append(out, FMTPParameter{Key: k, Value: strings.Trim(v, " \t")})
	}
	return out
}

// FormatFMTPParameters joins parameters into the "key=value;…" form
// ParseFMTPParameters reads.
func FormatFMTPParameters(ps []FMTPParameter) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(';')
		}
		if p.Key != "" {
			b.WriteString(p.Key)
			b.WriteByte('=')
		}
		b.WriteString(p.Value)
	}
	return b.String()
}

// Parameters returns the parameters in "key=value;…" form; see
// ParseFMTPParameters.
func (f FMTP) Parameters() []FMTPParameter { return ParseFMTPParameters(f.Params) }

// Parameter returns the value of the first parameter named key. Media type
// parameter names are case-insensitive (RFC 6838 §4.3), so key is compared
// case-insensitively.
func (f FMTP) Parameter(key string) (string, bool) {
	for _, p := range ParseFMTPParameters(f.Params) {
		if p.Key != "" && strings.EqualFold(p.Key, key) {
			return p.Value, true
		}
	}
	return "", false
}

// FMTPs parses the section's a=fmtp attributes (RFC 8866 §6.15) in order.
func (m *MediaDescription) FMTPs() ([]FMTP, error) {
	return parseEach(m.Lines, AttrFMTP, ParseFMTP)
}

// FMTP returns the section's a=fmtp attribute for the payload type pt, and
// false if there is none.
func (m *MediaDescription) FMTP(pt string) (FMTP, bool) {
	for _, l := range m.Lines {
		if v, ok := attrValue(l, AttrFMTP); ok {
			if f, err := ParseFMTP(v); err == nil && f.Format == pt {
				return f, true
			}
		}
	}
	return FMTP{}, false
}
