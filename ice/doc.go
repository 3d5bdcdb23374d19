// Package ice implements an Interactive Connectivity Establishment agent
// (RFC 8445) as a sans-IO state machine, with trickle ICE (RFC 8838),
// consent freshness (RFC 7675) and the W3C RTCIceTransport and
// RTCIceGatherer state machines (webrtc-pc §5.6).
//
// The Agent owns no sockets, goroutines or clock. The driver feeds it
// datagrams that arrived (HandlePacket: now, the local socket address, the
// remote address, the bytes; only STUN, the driver demultiplexes per RFC
// 7983), calls HandleTimeout at NextDeadline, and drains PollTransmit
// (datagrams with the local socket address to send from) and PollEvent
// (candidates, gathering and transport states, selected pair, candidate
// errors, role changes).
//
// Implemented:
//   - candidates (§5.1): host candidates from injected socket addresses
//     (FilterHostAddresses applies browser rules), server-reflexive
//     candidates from STUN servers through the same PollTransmit path,
//     peer-reflexive candidates learned from checks (§7.2.5.3.1, §7.3.1.3),
//     and a hook for relayed candidates (AddLocalCandidate,
//     Begin/EndExternalGathering); priorities (§5.1.2), foundations
//     (§5.1.1.3), redundancy elimination (§5.1.3); iceTransportPolicy
//     "relay" (Config.RelayOnly); host candidates signalled under mDNS
//     names (Config.HostName, draft-ietf-mmusic-mdns-ice-candidates §3.1;
//     package mdns publishes and resolves the names);
//   - after nomination (§8.1.2) the other pairs leave the checklist and
//     in-progress checks are cancelled;
//   - the checklist (§6.1.2): pairing by address family, pruning reflexive
//     local candidates to their base, pair priorities, the 100-pair limit,
//     Frozen/Waiting/In-Progress/Succeeded/Failed with foundation-based
//     unfreezing, pacing at Ta (§6.1.4.2, §14.2), triggered checks
//     (§7.3.1.4), STUN retransmissions (RFC 8489 §6.2.1); the first check
//     goes out within the call that makes a pair Waiting, and until a pair
//     is valid a triggered check on a pair with no check of ours in flight
//     is not held for Ta (it answers a check the peer paced);
//   - roles: tie-breakers and role conflicts (§7.3.1.1, §7.2.5.1), regular
//     nomination by the controlling agent (§8.1.1) with aggressive
//     nomination as an option, the controlled side (§7.3.1.5), ICE-lite
//     agents and lite peers (§2.5, §6.1.1);
//   - ICE restart (§9): new credentials while the old selected pair keeps
//     carrying data, with consent under the old credentials, until a pair
//     of the new generation is selected;
//   - consent freshness (RFC 7675): randomized 4–6 s checks on the selected
//     pair, "disconnected" after DisconnectedTimeout without authenticated
//     traffic, "failed" after 30 s without a response, recovery in between;
//   - an idle connected agent keeps its candidates, pairs and credentials
//     only: datagram buffers and parsed messages are borrowed per call from
//     pools shared by all agents, and the queues give their storage back
//     when drained;
//   - conversions to and from the RFC 8839 a=candidate grammar (package
//     sdp). The drivers that run an Agent over real or simulated sockets
//     (Conn, and single-port mode UDPMux) are in package iceconn, so that
//     this package has no clock and no goroutines.
//
// Not done yet: more than one component or data stream per agent (WebRTC
// uses rtcp-mux and BUNDLE, so one is enough), ICE-TCP (RFC 6544), the
// valid list as separate pairs (a valid pair is recorded on the checked
// pair with the mapped local candidate, which has the same base; priorities
// of the valid list are those of the checked pairs), Binding-indication
// keepalives (consent checks every 4–6 s keep bindings alive, RFC 7675
// §5.1), the iceCandidatePoolSize pre-gathering (the driver's job: create an
// agent early and call Gather), and the PAC timer of RFC 8863.
package ice
