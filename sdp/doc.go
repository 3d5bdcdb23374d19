// Package sdp parses and writes SDP session descriptions (RFC 8866) and the
// attributes WebRTC's JSEP (RFC 9429) reads and writes.
//
// A SessionDescription keeps every line as text, in order, so that Parse
// followed by Marshal reproduces the input byte for byte, including unknown
// attributes and the line endings (CRLF, or a bare LF accepted liberally as
// RFC 8866 §5 recommends; a missing final line ending is kept too). Parse
// validates the grammar of RFC 8866 §9: the type letters, the line order of
// §5 (session level v, o, s, i, u, e, p, c, b, t with its r and z, k, a;
// media level m, i, c, b, k, a), v=0, the o=, c=, b=, t=, r=, z= and m=
// lines, attribute names, and at least one t= line. Input is bounded by
// MaxSize and MaxLines. Errors are *ParseError values with the 1-based line
// number and the line's text.
//
// Attributes are read with Attribute/Attributes and edited with
// AddAttribute/RemoveAttributes. Typed parsers, each with String and
// AppendTo writing the same text back, cover what JSEP needs:
//
//   - a=mid, a=group (RFC 5888, BUNDLE RFC 9143), a=bundle-only
//   - a=ice-ufrag, a=ice-pwd, a=ice-options, a=ice-lite, a=candidate
//     (RFC 8839 §5), a=end-of-candidates (RFC 8840)
//   - a=fingerprint, a=setup (RFC 8122)
//   - a=sctp-port, a=max-message-size (RFC 8841)
//   - a=rtcp (RFC 3605), a=rtcp-mux (RFC 5761), a=rtcp-mux-only (RFC 8858),
//     a=rtcp-rsize (RFC 5506)
//   - a=rtpmap, a=fmtp (RFC 8866 §6.6, §6.15), a=rtcp-fb (RFC 4585)
//   - a=extmap, a=extmap-allow-mixed (RFC 8285)
//   - a=msid (RFC 8830), a=ssrc, a=ssrc-group (RFC 5576)
//   - a=rid (RFC 8851), a=simulcast (RFC 8853)
//   - the directions sendrecv/sendonly/recvonly/inactive (RFC 8866 §6.7)
//
// MediaDescription has accessors for the common ones (Mid, Direction,
// ICECredentials, Fingerprints, Candidates, RTPMaps, …); a description is
// safe for concurrent reads but not for concurrent edits.
//
// Not done yet: checks across lines (a c= line in every section when the
// session has none, payload types of a=rtpmap present on the m= line,
// BUNDLE mids that exist, one direction attribute per section) are left to
// the JSEP layer; u=, e=, p= and k= values are only checked to be
// non-empty; a=tls-id, a=remote-candidates, a=imageattr, a=ptime and other
// attributes have no typed parser (they are kept as text). A description
// mixing CRLF and bare LF line endings is rejected.
package sdp
