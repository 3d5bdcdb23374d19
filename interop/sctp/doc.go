// Package sctp tests this module's SCTP association (package
// github.com/c4c1f6e1/webrtc/sctp) against Pion's pion/sctp, in both roles,
// over an in-memory net.Pipe carrying one SCTP packet per write (the
// framing DTLS gives, RFC 8261). Our sans-IO association runs in a small
// real-time loop; Pion runs its own goroutines.
package sctp
