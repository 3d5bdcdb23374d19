// Package rtcp parses and builds RTCP packets: the RTP Control Protocol of
// RFC 3550 §6 (SR, RR, SDES, BYE, APP) and compound packets (§6.1, validity
// checks of §A.2), reduced-size RTCP (RFC 5506), the AVPF feedback messages
// of RFC 4585 (Generic NACK §6.2.1, PLI §6.3.1) and RFC 5104 (FIR §4.3.1),
// REMB (draft-alvestrand-rmcat-remb), transport-wide congestion control
// feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) and RFC
// 8888 congestion control feedback.
//
// Every packet type has Unmarshal (exactly one packet, header included),
// MarshalSize and AppendTo. Unmarshal reuses the receiver's slices, and
// Compound.Unmarshal reuses whole per-type slices, so a receive loop that
// parses into one Compound does not allocate in steady state. Byte fields
// (SDES text, BYE reason, APP data) are copied, never aliased to the input.
//
// Not implemented yet: XR (RFC 3611; the spec text is not in the team's
// library, XR packets are kept as RawPacket), TMMBR/TMMBN and the other
// RFC 5104 messages besides FIR, SLI/RPSI, and the RTCP transmission
// interval and statistics (they belong to the RTP session, not to packet
// encoding).
package rtcp
