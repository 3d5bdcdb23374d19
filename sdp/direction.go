package sdp

// Direction is a media direction attribute (RFC 8866 §6.7; RFC 3264 §5.1):
// "sendrecv", "sendonly", "recvonly" or "inactive".
type Direction string

// The media directions of RFC 8866 §6.7.
const (
	DirectionSendRecv Direction = "sendrecv"
	DirectionSendOnly Direction = "sendonly"
	DirectionRecvOnly Direction = "recvonly"
	DirectionInactive Direction = "inactive"
)

// ParseDirection returns the Direction named s, or an error for anything
// else (RFC 8866 §6.7).
func ParseDirection(s string) (Direction, error) {
	switch d := Direction(s); d {
	case DirectionSendRecv, DirectionSendOnly, DirectionRecvOnly, DirectionInactive:
		return d, nil
	}
	return "", attrErrorf("direction", "unknown direction %q", s)
}

// String returns the attribute name of the direction.
func (d Direction) String() string { return string(d) }

// Reverse returns the direction seen from the other end: sendonly and
// recvonly swap, sendrecv and inactive stay (RFC 3264 §6.1).
func (d Direction) Reverse() Direction {
	switch d {
	case DirectionSendOnly:
		return DirectionRecvOnly
	case DirectionRecvOnly:
		return DirectionSendOnly
	}
	return d
}

// Sends reports whether the direction includes sending.
func (d Direction) Sends() bool { return d == DirectionSendRecv || d == DirectionSendOnly }

// Receives reports whether the direction includes receiving.
func (d Direction) Receives() bool { return d == DirectionSendRecv || d == DirectionRecvOnly }

// direction returns the first direction attribute among lines, or "".
func direction(lines []Line) Direction {
	for _, l := range lines {
		if l.Type != 'a' {
			continue
		}
		switch d := Direction(l.Value); d {
		case DirectionSendRecv, DirectionSendOnly, DirectionRecvOnly, DirectionInactive:
			return d
		}
	}
	return ""
}

// Direction returns the media-level direction attribute of the section, or
// "" if it has none. Use SessionDescription.MediaDirection for the
// direction that applies, with the defaults of RFC 8866 §6.7.
func (m *MediaDescription) Direction() Direction { return direction(m.Lines) }

// SetDirection removes the section's direction attributes and appends
// "a=<d>".
func (m *MediaDescription) SetDirection(d Direction) {
	out := m.Lines[:0]
	for _, l := range m.Lines {
		if l.Type == 'a' {
			switch Direction(l.Value) {
			case DirectionSendRecv, DirectionSendOnly, DirectionRecvOnly, DirectionInactive:
				continue
			}
		}
		out = append(out, l)
	}
	clear(m.Lines[len(out):])
	m.Lines = append(out, Line{Type: 'a', Value: string(d)})
}

// Direction returns the session-level direction attribute, or "" if there
// is none.
func (s *SessionDescription) Direction() Direction { return direction(s.Lines) }

// MediaDirection returns the direction that applies to m (RFC 8866 §6.7):
// its own direction attribute, else the session-level one, else sendrecv.
func (s *SessionDescription) MediaDirection(m *MediaDescription) Direction {
	if d := m.Direction(); d != "" {
		return d
	}
	if d := s.Direction(); d != "" {
		return d
	}
	return DirectionSendRecv
}
