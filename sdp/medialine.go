package sdp

import "strings"

// MediaLine is the value of an m= line (RFC 8866 §5.14):
// "<media> <port>[/<number of ports>] <proto> <fmt> ...".
type MediaLine struct {
	Media    string   // "audio", "video", "application", …
	Port     int      // 0 to 65535; 0 rejects the section or marks it bundle-only
	NumPorts int      // the "/<number of ports>" suffix; 0 when absent
	Proto    string   // "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", …
	Formats  []string // RTP payload types, or "webrtc-datachannel"
}

// ParseMediaLine parses the value of an m= line (RFC 8866 §5.14 and the
// media-field rule of §9). At least one format is required.
func ParseMediaLine(v string) (MediaLine, error) {
	return parseMediaLine(v, true)
}

// parseMediaLine parses an m= value; the formats are collected only when
// formats is true, so that Parse can check the line without allocating.
func parseMediaLine(v string, formats bool) (MediaLine, error) {
	var buf [4]string
	f := splitSPN(v, buf[:0], 3)
	if len(f) < 4 {
		return MediaLine{}, syntaxErrorf("want m=<media> <port> <proto> <fmt> ... (RFC 8866 §5.14)")
	}
	ml := MediaLine{Media: f[0], Proto: f[2]}
	if !isToken(ml.Media) {
		return MediaLine{}, syntaxErrorf("m= media %q is not a token", ml.Media)
	}
	port, num, hasNum := strings.Cut(f[1], "/")
	p, ok := parseUint(port, 65535)
	if !ok {
		return MediaLine{}, syntaxErrorf("m= port %q is not a number from 0 to 65535", f[1])
	}
	ml.Port = int(p)
	if hasNum {
		n, ok := parseUint(num, 65535)
		if !ok || n == 0 {
			return MediaLine{}, syntaxErrorf("m= number of ports %q is not a positive integer", num)
		}
		ml.NumPorts = int(n)
	}
	for t := range strings.SplitSeq(ml.Proto, "/") {
		if !isToken(t) {
			return MediaLine{}, syntaxErrorf("m= proto %q is not token *(\"/\" token)", ml.Proto)
		}
	}
	n := 0
	for t := range strings.SplitSeq(f[3], " ") {
		if !isToken(t) {
			return MediaLine{}, syntaxErrorf("m= format %q is not a token", t)
		}
		n++
	}
	if formats {
		ml.Formats = make([]string, 0, n)
		for t := range strings.SplitSeq(f[3], " ") {
			ml.Formats = append(ml.Formats, t)
		}
	}
	return ml, nil
}

// AppendTo appends the m= value to b.
func (ml MediaLine) AppendTo(b []byte) []byte {
	b = append(b, ml.Media...)
	b = append(b, ' ')
	b = appendUint(b, uint64(ml.Port))
	if ml.NumPorts > 0 {
		b = append(b, '/')
		b = appendUint(b, uint64(ml.NumPorts))
	}
	b = append(b, ' ')
	b = append(b, ml.Proto...)
	for _, f := range ml.Formats {
		b = append(b, ' ')
		b = append(b, f...)
	}
	return b
}

// String returns the m= value.
func (ml MediaLine) String() string { return string(ml.AppendTo(nil)) }

// MediaLine parses the section's m= line (RFC 8866 §5.14).
func (m *MediaDescription) MediaLine() (MediaLine, error) {
	if len(m.Lines) == 0 || m.Lines[0].Type != 'm' {
		return MediaLine{}, syntaxErrorf("media description does not start with an m= line")
	}
	return ParseMediaLine(m.Lines[0].Value)
}

// SetMediaLine replaces the section's m= line, or inserts one if the
// section does not start with one.
func (m *MediaDescription) SetMediaLine(ml MediaLine) {
	l := Line{Type: 'm', Value: ml.String()}
	if len(m.Lines) > 0 && m.Lines[0].Type == 'm' {
		m.Lines[0] = l
		return
	}
	m.Lines = append([]Line{l}, m.Lines...)
}
