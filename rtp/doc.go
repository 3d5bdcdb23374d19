// Package rtp implements the RTP fixed header and packet of RFC 3550 §5.1,
// its padding (§5.1, P bit) and contributing sources (§5.1, CC/CSRC), the
// generic header extension of §5.3.1 and the one-byte and two-byte header
// extension elements of RFC 8285 §4.2 and §4.3, with typed accessors for the
// extensions WebRTC uses:
//
//   - abs-send-time (webrtc.org experiment, 6.18 fixed-point NTP seconds)
//   - transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2)
//   - client-to-mixer audio level (RFC 6464 §3)
//   - mid (RFC 8843 §15.1), rtp-stream-id and repaired-rtp-stream-id (RFC 8852 §3)
//   - video orientation (3GPP TS 26.114 §7.4.5, "urn:3gpp:video-orientation")
//   - playout delay (webrtc.org experiment, 12-bit min/max in 10 ms units)
//
// It also provides the RTX payload helpers of RFC 4588 §4 (the original
// sequence number prefix) and sequence number arithmetic with extension to
// 64 bits (RFC 3550 Appendix A.1).
//
// Parsing never allocates: [Packet.Unmarshal] aliases the input buffer and
// header extension elements are kept in a fixed-size array inside [Header]
// (at most [MaxExtensions]; more is reported as [ErrTooManyExtensions]).
// Encoders append to a caller buffer ([Packet.AppendTo]) or write into one
// ([Packet.MarshalTo]).
//
// Not done yet: the abs-send-time, video-orientation and playout-delay
// formats are not in the specification library; they follow their
// published webrtc.org / 3GPP descriptions. RFC 9335 (cryptex) is left to
// the srtp package. RFC 2198 redundancy and RFC 5109 FEC are not implemented.
package rtp
