// Package mdns resolves and publishes the ".local" host names that WebRTC
// endpoints put in ICE candidates instead of private IP addresses
// (draft-ietf-mmusic-mdns-ice-candidates-03), with Multicast DNS (RFC 6762).
//
// It has three parts:
//   - message.go: the DNS message format (RFC 1035 §4.1) restricted to what
//     mDNS host names need: questions, and A/AAAA answers, with name
//     compression (§4.1.4) when parsing; other records are skipped.
//   - Resolver and Responder: sans-IO cores. The Resolver sends one-shot
//     queries (RFC 6762 §5.1) with the unicast-response bit
//     (draft §3.2.1 step 3), retries once after a second and gives up after
//     three; it accepts only responses from port 5353 (RFC 6762 §6). The
//     Responder publishes "<uuid-v4>.local" names for local addresses
//     (draft §3.1.1) and answers queries, by multicast or unicast (RFC
//     6762 §5.4, §6.7 legacy unicast).
//   - Conn: a socket helper running both over one UDP socket.
//
// Not done yet: probing and conflict resolution (RFC 6762 §8.1, §9; the
// draft §3.1.1 says probing SHOULD be skipped for UUID names), known-answer
// suppression (§7.1), goodbye packets (§10.1), caching, and multi-packet or
// truncated messages.
package mdns
