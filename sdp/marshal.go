package sdp

import "unsafe"

// AppendTo appends the description in SDP text form (RFC 8866 §5) to b and
// returns the extended slice. Lines are written as they are, without
// validation. A description from Parse is reproduced byte for byte; one
// built in code uses CRLF line endings.
func (s *SessionDescription) AppendTo(b []byte) []byte {
	eol := "\r\n"
	if s.lf {
		eol = "\n"
	}
	start := len(b)
	for _, l := range s.Lines {
		b = append(b, l.Type, '=')
		b = append(b, l.Value...)
		b = append(b, eol...)
	}
	for _, m := range s.Media {
		for _, l := range m.Lines {
			b = append(b, l.Type, '=')
			b = append(b, l.Value...)
			b = append(b, eol...)
		}
	}
	if s.noFinalEOL && len(b)-start >= len(eol) {
		b = b[:len(b)-len(eol)]
	}
	return b
}

// Marshal returns the description in SDP text form; see AppendTo.
func (s *SessionDescription) Marshal() []byte {
	return s.AppendTo(make([]byte, 0, s.size()))
}

// String returns the description in SDP text form; see AppendTo.
func (s *SessionDescription) String() string {
	// The bytes are the string's alone: no copy (strings.Builder does the
	// same).
	b := s.Marshal()
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// size returns the number of bytes AppendTo writes (an upper bound when the
// final line ending is omitted).
func (s *SessionDescription) size() int {
	eol := 2
	if s.lf {
		eol = 1
	}
	n := 0
	for _, l := range s.Lines {
		n += 2 + len(l.Value) + eol
	}
	for _, m := range s.Media {
		for _, l := range m.Lines {
			n += 2 + len(l.Value) + eol
		}
	}
	return n
}
