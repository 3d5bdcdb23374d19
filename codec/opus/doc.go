// Package opus implements the RTP payload format for Opus of RFC 7587 §4:
// one Opus packet per RTP payload, no payload header, 48 kHz timestamps.
//
// Not done yet: parsing the Opus TOC byte (RFC 6716 §3.1, not in the
// specification library) and SDP fmtp handling (left to the sdp package).
package opus
