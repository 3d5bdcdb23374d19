// Package dtmf implements the RTP payload for named telephone events of
// RFC 4733 §2.3 (telephone-event), with the DTMF event codes of §3.2, and
// the sending procedure of §2.5.1: a first packet with the marker bit,
// updates with the same timestamp and growing duration, segments for
// events longer than 0xFFFF timestamp units (§2.5.1.3), and the final
// packet of each segment sent three times (§2.5.1.4), optionally with the
// E bit deferred to the retransmissions (§2.5.1.2). The tests replay the
// example of RFC 4733 §5 (Table 5, Figure 3).
//
// Not done yet: RFC 2198 redundancy, the telephony tones payload (RFC 4733
// §4) and a receiver-side event detector.
package dtmf
