// Package vnet simulates networks for tests, deterministically and on a
// synthetic clock.
//
// The part that exists now is the discrete-event layer for sans-IO protocol
// cores (DESIGN.md §1): a Link models one direction of a path with delay,
// jitter, loss, reordering, duplication, a bandwidth bottleneck with a
// drop-tail queue, and an MTU; a Pair drives two cores joined by two links,
// jumping the clock from event to event, so minutes of traffic cost only the
// CPU time of the protocol work itself. All randomness comes from the link's
// seed: the same seed gives the same run.
//
// Not yet here: hosts, interfaces and net.PacketConn endpoints, NATs of the
// RFC 4787 kinds, firewalls and a STUN server on a simulated internet (see the
// ICE issue).
package vnet
