package sdp

import "strings"

// MSID is the value of an a=msid attribute (RFC 8830 §2):
// "<msid-id> [<msid-appdata>]". WebRTC puts the MediaStream id in msid-id
// ("-" for no stream) and the track id in msid-appdata (RFC 8830 §3).
type MSID struct {
	StreamID string // 1 to 64 token-chars
	TrackID  string // 1 to 64 token-chars, or "" when absent
}

func isToken64(s string) bool { return len(s) <= 64 && isToken(s) }

// ParseMSID parses the value of an a=msid attribute (RFC 8830 §2).
func ParseMSID(v string) (MSID, error) {
	id, app, hasApp := strings.Cut(v, " ")
	if !isToken64(id) || hasApp && !isToken64(app) {
		return MSID{}, attrErrorf(AttrMSID, "want <msid-id> [<msid-appdata>], each 1*64token-char (RFC 8830 §2)")
	}
	return MSID{StreamID: id, TrackID: app}, nil
}

// AppendTo appends the attribute value to b.
func (m MSID) AppendTo(b []byte) []byte {
	b = append(b, m.StreamID...)
	if m.TrackID != "" {
		b = append(b, ' ')
		b = append(b, m.TrackID...)
	}
	return b
}

// String returns the attribute value.
func (m MSID) String() string { return string(m.AppendTo(nil)) }

// MSIDs parses the section's a=msid attributes (RFC 8830 §2) in order: one
// per MediaStream the track belongs to.
func (m *MediaDescription) MSIDs() ([]MSID, error) {
	return parseEach(m.Lines, AttrMSID, ParseMSID)
}
