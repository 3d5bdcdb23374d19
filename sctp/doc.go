// Package sctp implements an SCTP association over DTLS (RFC 8261) as a
// sans-IO state machine, for WebRTC data channels.
//
// # Use
//
// NewAssociation creates the association (Config.Client sends the INIT).
// The caller feeds it each received SCTP packet (the payload of one DTLS
// record) with HandleInput, calls HandleTimeout when NextDeadline comes, and
// after every call drains PollTransmit (one packet per DTLS record) and
// PollEvent. Send queues a message on a stream with per-message ordering and
// partial reliability; ResetStreams closes streams; Shutdown and Abort end
// the association. There are no goroutines, sockets or clock reads: time
// comes in through the Handle calls (Send and PollTransmit use the time of
// the last one) and randomness from Config.Rand. Received message data is
// owned by the association and valid until the next PollEvent or Handle
// call; in steady state nothing is allocated per message or per packet.
//
// # Memory and CPU
//
// Buffers are taken when traffic needs them, from one pool per
// association (bufpool.go), and given back once the association has been
// quiet for half a second (trim.go): an idle association keeps about
// 2 KiB of fixed state, has no timer armed, and its Poll and Handle calls
// are O(1). Messages are cut into chunks as packets are built, so a run of
// messages fills every packet to the MTU; pacing sends bursts of one send
// quantum, so one wakeup sends a batch of equal-size packets.
//
// # What is implemented
//
//   - RFC 9260: common header and CRC32c (§6.8), INIT / INIT ACK with a
//     stateless HMAC-SHA256 State Cookie (§5.1.3), COOKIE ECHO / ACK, INIT
//     collision (§5.2.1, §5.2.4), verification tags (§8.5), DATA and SACK
//     with gap blocks and duplicate TSNs (§6.2), delayed SACK (every second
//     packet, 200 ms, immediate on gaps, duplicates, the I bit and DATA
//     bundled with a COOKIE ECHO), the I bit on request
//     (SendOptions.Immediate), DATA bundled with the COOKIE ECHO (§5.1 C:
//     Send works in COOKIE-ECHOED), RTO (§6.3),
//     T3-rtx with back-off, fast retransmit (§7.2.4, with miss indications
//     counted in transmission order so that lost retransmissions are
//     detected too), fragmentation and reassembly (§6.9), ordered and
//     unordered delivery, bundling (§6.10: a message's first chunk fills
//     the room after the previous message's last), HEARTBEAT ACK, ABORT, graceful SHUTDOWN (§9.2),
//     unknown chunk and parameter handling (§3.2).
//   - Congestion control: a BBR-style model-based controller with pacing
//     (see cc.go for the algorithm and why), byte counting so delayed SACKs
//     do not slow growth, and a receive window of Config.MaxReceiveBuffer
//     (8 MiB by default, bounded; memory is only taken as data arrives).
//   - RFC 8260 I-DATA and I-FORWARD-TSN, negotiated when both sides list
//     them: messages on different streams interleave fragment by fragment,
//     with round-robin scheduling over streams.
//   - RFC 3758 FORWARD TSN with the limited-retransmission and
//     limited-lifetime policies of RFC 7496 (what WebRTC's maxRetransmits
//     and maxPacketLifeTime need).
//   - RFC 6525 outgoing SSN reset requests and responses (used to close
//     data channels, RFC 8831 §6.7), including deferred reset.
//   - RFC 9653 zero checksum over DTLS (EDMID 1): announced by default,
//     used when the peer announces it too.
//
// # Not done yet
//
// Sending HEARTBEATs (path liveness relies on ICE consent freshness, RFC
// 7675, and on T3; the peer's HEARTBEATs are answered), association
// restart (§5.2.2), receiver-side reneging of gap-acknowledged data (the
// sender assumes no reneging, as WebRTC stacks do not renege), the Incoming
// SSN / SSN-TSN / add-streams reconfiguration requests (answered
// "denied"), PLPMTUD (RFC 8899: the MTU is fixed by Config.MTU), ECN,
// BBR's ProbeRTT phase, early delivery of unordered messages larger than
// one chunk (they wait for the cumulative TSN), and per-stream
// head-of-line independence for ordered streams behind a loss on another
// stream (delivery is in TSN order).
package sctp
