package sdp

import "strings"

// isICEChar reports whether c is an ice-char: ALPHA / DIGIT / "+" / "/"
// (RFC 8839 §5.1).
func isICEChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

// isICEChars reports whether s is min*max ice-char.
func isICEChars(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isICEChar(s[i]) {
			return false
		}
	}
	return true
}

// ParseICEUfrag checks the value of an a=ice-ufrag attribute:
// 4*256ice-char (RFC 8839 §5.4).
func ParseICEUfrag(v string) (string, error) {
	if !isICEChars(v, 4, 256) {
		return "", attrErrorf(AttrICEUfrag, "want 4 to 256 ice-chars (RFC 8839 §5.4), got %d bytes", len(v))
	}
	return v, nil
}

// ParseICEPwd checks the value of an a=ice-pwd attribute: 22*256ice-char
// (RFC 8839 §5.4).
func ParseICEPwd(v string) (string, error) {
	if !isICEChars(v, 22, 256) {
		return "", attrErrorf(AttrICEPwd, "want 22 to 256 ice-chars (RFC 8839 §5.4), got %d bytes", len(v))
	}
	return v, nil
}

// ParseICEOptions parses the value of an a=ice-options attribute:
// ice-option-tag *(SP ice-option-tag), each tag 1*ice-char (RFC 8839 §5.6),
// e.g. "trickle" (RFC 8840) or "ice2" (RFC 8445).
func ParseICEOptions(v string) ([]string, error) {
	tags := strings.Split(v, " ")
	for _, t := range tags {
		if !isICEChars(t, 1, 256) {
			return nil, attrErrorf(AttrICEOptions, "option tag %q is not 1*ice-char (RFC 8839 §5.6)", t)
		}
	}
	return tags, nil
}

// iceCredentials returns the checked a=ice-ufrag and a=ice-pwd among lines.
func iceCredentials(lines []Line) (ufrag, pwd string, err error) {
	u, uok := attribute(lines, AttrICEUfrag)
	p, pok := attribute(lines, AttrICEPwd)
	if !uok && !pok {
		return "", "", nil
	}
	if ufrag, err = ParseICEUfrag(u); err != nil {
		return "", "", err
	}
	if pwd, err = ParseICEPwd(p); err != nil {
		return "", "", err
	}
	return ufrag, pwd, nil
}

// ICECredentials returns the section's a=ice-ufrag and a=ice-pwd values
// (RFC 8839 §5.4): both "" if neither is present, an error if only one is
// or one is malformed. They may instead be at session level (see
// SessionDescription.ICECredentials); RFC 8839 §5.4 lets the media level
// override the session level.
func (m *MediaDescription) ICECredentials() (ufrag, pwd string, err error) {
	return iceCredentials(m.Lines)
}

// ICECredentials returns the session-level a=ice-ufrag and a=ice-pwd
// values; see MediaDescription.ICECredentials.
func (s *SessionDescription) ICECredentials() (ufrag, pwd string, err error) {
	return iceCredentials(s.Lines)
}

// ICEOptions returns the tags of the session-level a=ice-options attribute
// (RFC 8839 §5.6), or nil if there is none.
func (s *SessionDescription) ICEOptions() ([]string, error) {
	v, ok := s.Attribute(AttrICEOptions)
	if !ok {
		return nil, nil
	}
	return ParseICEOptions(v)
}

// ICEOptions returns the tags of the section's a=ice-options attribute
// (RFC 8839 §5.6), or nil if there is none.
func (m *MediaDescription) ICEOptions() ([]string, error) {
	v, ok := m.Attribute(AttrICEOptions)
	if !ok {
		return nil, nil
	}
	return ParseICEOptions(v)
}

// ICELite reports whether the session has a=ice-lite (RFC 8839 §5.3; a
// session-level attribute).
func (s *SessionDescription) ICELite() bool { return s.HasAttribute(AttrICELite) }

// EndOfCandidates reports whether the section has a=end-of-candidates
// (RFC 8840 §8.2).
func (m *MediaDescription) EndOfCandidates() bool { return m.HasAttribute(AttrEndOfCandidates) }
