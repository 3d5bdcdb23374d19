package sdp

import "math"

// Origin is the value of the o= line (RFC 8866 §5.2):
// "<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>".
type Origin struct {
	Username       string
	SessionID      uint64
	SessionVersion uint64
	NetworkType    string // "IN"
	AddressType    string // "IP4" or "IP6"
	UnicastAddress string
}

// checkOrigin checks the o= grammar of RFC 8866 §9 without converting the
// numbers, so that any digit string is accepted.
func checkOrigin(v string) error {
	var buf [7]string
	f := splitSP(v, buf[:0])
	if len(f) != 6 || !isNonWS(f[0]) || !isDigits(f[1]) || !isDigits(f[2]) ||
		!isToken(f[3]) || !isToken(f[4]) || !isNonWS(f[5]) {
		return syntaxErrorf("want o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (RFC 8866 §5.2)")
	}
	return nil
}

// ParseOrigin parses the value of an o= line (RFC 8866 §5.2). The session
// id and version must fit in 64 bits (JSEP, RFC 9429 §5.2.1, uses 63).
func ParseOrigin(v string) (Origin, error) {
	if err := checkOrigin(v); err != nil {
		return Origin{}, err
	}
	var buf [6]string
	f := splitSP(v, buf[:0])
	id, ok1 := parseUint(f[1], math.MaxUint64)
	ver, ok2 := parseUint(f[2], math.MaxUint64)
	if !ok1 || !ok2 {
		return Origin{}, syntaxErrorf("o= session id or version does not fit in 64 bits")
	}
	return Origin{Username: f[0], SessionID: id, SessionVersion: ver, NetworkType: f[3], AddressType: f[4], UnicastAddress: f[5]}, nil
}

// AppendTo appends the o= value to b.
func (o Origin) AppendTo(b []byte) []byte {
	b = append(b, o.Username...)
	b = append(b, ' ')
	b = appendUint(b, o.SessionID)
	b = append(b, ' ')
	b = appendUint(b, o.SessionVersion)
	b = append(b, ' ')
	b = append(b, o.NetworkType...)
	b = append(b, ' ')
	b = append(b, o.AddressType...)
	b = append(b, ' ')
	return append(b, o.UnicastAddress...)
}

// String returns the o= value.
func (o Origin) String() string { return string(o.AppendTo(nil)) }

// Origin returns the parsed o= line of the description (RFC 8866 §5.2).
func (s *SessionDescription) Origin() (Origin, error) {
	for _, l := range s.Lines {
		if l.Type == 'o' {
			return ParseOrigin(l.Value)
		}
	}
	return Origin{}, syntaxErrorf("no o= line")
}

// SetOrigin replaces the o= line, or inserts it after v= if there is none.
func (s *SessionDescription) SetOrigin(o Origin) {
	l := Line{Type: 'o', Value: o.String()}
	for i := range s.Lines {
		if s.Lines[i].Type == 'o' {
			s.Lines[i] = l
			return
		}
	}
	i := 0
	if len(s.Lines) > 0 && s.Lines[0].Type == 'v' {
		i = 1
	}
	s.Lines = append(s.Lines[:i:i], append([]Line{l}, s.Lines[i:]...)...)
}
