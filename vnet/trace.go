package vnet

import (
	"fmt"
	"net/netip"
	"time"
)

// TraceEvent is one step of a datagram through the network, reported to
// NetworkConfig.Trace: for following a scenario in a test log.
type TraceEvent struct {
	// At is the simulated time of the step.
	At time.Time
	// Where names the host, NAT or realm where it happened.
	Where string
	// What is "send" (an endpoint sent), "recv" (handed to an endpoint),
	// "out" or "in" (a NAT translated outbound or inbound), or "drop".
	What string
	// Src and Dst are the datagram's addresses when it reached this step.
	Src, Dst netip.AddrPort
	// NewSrc and NewDst are the addresses after a NAT translation.
	NewSrc, NewDst netip.AddrPort
	// Len is the UDP payload length.
	Len int
	// Why says why a datagram was dropped, for example "filtered".
	Why string
}

// String formats the event on one line.
func (e TraceEvent) String() string {
	s := fmt.Sprintf("%s %-8s %-5s %v → %v (%d bytes)", e.At.Format("15:04:05.000000"), e.Where, e.What, e.Src, e.Dst, e.Len)
	if e.NewSrc.IsValid() {
		s += fmt.Sprintf(" as %v → %v", e.NewSrc, e.NewDst)
	}
	if e.Why != "" {
		s += ": " + e.Why
	}
	return s
}

// trace reports an event if tracing is on. Called with mu held.
func (n *Network) trace(at time.Time, where, what string, src, dst netip.AddrPort, length int, why string) {
	if n.cfg.Trace != nil {
		n.cfg.Trace(TraceEvent{At: at, Where: where, What: what, Src: src, Dst: dst, Len: length, Why: why})
	}
}

// traceNAT reports a translation if tracing is on. Called with mu held.
func (n *Network) traceNAT(at time.Time, where, what string, src, dst, newSrc, newDst netip.AddrPort, length int) {
	if n.cfg.Trace != nil {
		n.cfg.Trace(TraceEvent{At: at, Where: where, What: what, Src: src, Dst: dst, NewSrc: newSrc, NewDst: newDst, Len: length})
	}
}
