package sdp

// Line is one "<type>=<value>" line of a session description (RFC 8866 §5).
// Value is the text after "=", without the line ending.
type Line struct {
	Type  byte
	Value string
}

// SessionDescription is a parsed SDP session description (RFC 8866 §5): the
// session-level lines (v=, o=, s=, i=, u=, e=, p=, c=, b=, t=, r=, z=, k=,
// a=) in their original order, followed by the media descriptions.
//
// A description returned by Parse remembers its line endings (CRLF or bare
// LF, and whether the last line was terminated) so that Marshal reproduces
// the input byte for byte. A description built in code is written with CRLF
// line endings, as RFC 8866 §5 requires.
type SessionDescription struct {
	Lines []Line
	Media []*MediaDescription

	lf         bool // lines end with a bare LF instead of CRLF
	noFinalEOL bool // the last line had no line ending
}

// MediaDescription is one media description (RFC 8866 §5.14): Lines[0] is
// the m= line, followed by its i=, c=, b=, k= and a= lines in order.
type MediaDescription struct {
	Lines []Line
}

// NewMediaDescription returns a media description whose only line is the
// m= line built from ml (RFC 8866 §5.14).
func NewMediaDescription(ml MediaLine) *MediaDescription {
	return &MediaDescription{Lines: []Line{{Type: 'm', Value: ml.String()}}}
}

// Clone returns a deep copy of the description: editing the copy's lines
// or media sections does not change s. The line values (immutable strings)
// are shared.
func (s *SessionDescription) Clone() *SessionDescription {
	c := &SessionDescription{Lines: append([]Line(nil), s.Lines...), lf: s.lf, noFinalEOL: s.noFinalEOL}
	if s.Media != nil {
		c.Media = make([]*MediaDescription, len(s.Media))
		for i, m := range s.Media {
			c.Media[i] = m.Clone()
		}
	}
	return c
}

// Clone returns a deep copy of the media description.
func (m *MediaDescription) Clone() *MediaDescription {
	return &MediaDescription{Lines: append([]Line(nil), m.Lines...)}
}
