// Package vnet simulates networks for tests, deterministically and on a
// synthetic clock.
//
// It has two layers.
//
// The discrete-event layer is for sans-IO protocol cores (DESIGN.md §1): a
// Link models one direction of a path with delay, jitter, loss, reordering,
// duplication, a bandwidth bottleneck with a drop-tail queue, and an MTU; a
// Pair drives two cores joined by two links, jumping the clock from event to
// event. All randomness comes from the link's seed.
//
// The network layer is for code that uses sockets: a Network is a simulated
// internet (Network.Internet) with private realms behind NATs
// (Network.NewNAT), and hosts (Network.NewHost) with one or more interfaces
// holding IPv4 and IPv6 addresses. Host.ListenPacket returns a UDPConn, a
// full net.PacketConn (deadlines, Close unblocking readers with
// net.ErrClosed, *net.UDPAddr addresses), so the same driver code runs on
// the simulation and on real sockets. Every hop is a Link, so each interface
// and each NAT uplink can have its own impairments; MTU and bandwidth count
// the 28-byte (IPv4) or 48-byte (IPv6) IP and UDP headers.
//
// NATs follow RFC 4787: endpoint-independent, address-dependent or
// address-and-port-dependent mapping (§4.1) and filtering (§5); no port
// overloading, port-range and parity preservation, optional port
// preservation (§4.2, REQ-3, REQ-4); mapping timeout of 5 minutes by default
// refreshed by outbound traffic and optionally inbound (§4.3, REQ-5, REQ-6);
// hairpinning on or off, with the external source address (§6, REQ-9). A
// NAT can instead be a firewall that drops all UDP (NATConfig.BlockUDP).
// NATs nest (a home NAT behind a carrier-grade NAT). Host.ServeSTUN runs a
// STUN Binding server (RFC 8489 §6.3) so agents can learn server-reflexive
// addresses. CONNECTIVITY.md documents which pairs of NAT kinds can connect
// directly, and TestConnectivityMatrix checks it.
//
// # Time and goroutines
//
// The network layer uses the real time package: deliveries wait on a timer.
// Run tests that use it inside testing/synctest.Test, where time is
// synthetic: a simulated minute takes microseconds, and a run is
// deterministic given NetworkConfig.Seed and the order in which the test's
// goroutines act (operations that race at the same synthetic instant on the
// same link or NAT may interleave either way). A Network runs exactly one
// goroutine, which delivers datagrams and answers STUN requests; Close
// stops it and closes every endpoint. Outside synctest it works on real time,
// with real waiting.
//
// Not done yet: TCP (TURN over TCP/TLS, ICE-TCP), ICMP (unreachable
// messages, RFC 4787 §9), fragmentation (datagrams over the MTU are dropped,
// as with DF set), loopback addresses (127.0.0.1, ::1; a host's own
// addresses do work), NAT address pools with more than one external address
// per family (REQ-2 pairing), IPv6 routing without translation (IPv6 behind
// a NAT is translated like IPv4, NAT66), a TURN server, and multicast (so
// no mDNS responder on the simulated LANs yet).
package vnet
