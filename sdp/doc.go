// Package sdp parses and writes SDP session descriptions (RFC 8866) and the
// attributes WebRTC's JSEP (RFC 9429) reads and writes.
//
// A SessionDescription keeps every line as text, in order, so that Parse
// followed by Marshal reproduces the input byte for byte, including unknown
// attributes and the line endings (CRLF, or a bare LF accepted liberally).
// Parse validates the grammar of RFC 8866 §9: the type letters, the line
// order of §5, v=0, the o=, c=, b=, t=, r=, z= and m= lines, attribute names,
// and at least one t= line. Input is bounded by MaxSize and MaxLines.
//
// Attributes are read with Attribute/Attributes and the typed parsers
// (ParseCandidate, ParseFingerprint, ParseRTPMap, …), each of which has a
// String/AppendTo that writes the same text back.
//
// Not done yet: semantic checks across lines (for example that every
// media section has a c= line when the session has none, or that payload
// types in a=rtpmap appear on the m= line) are left to the JSEP layer;
// u=, e=, p= and k= values are only checked to be non-empty.
package sdp
