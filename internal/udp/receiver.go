package udp

import "net/netip"

// Datagram is one received datagram.
type Datagram struct {
	// From is the sender's address; an IPv4 sender on a dual-stack IPv6
	// socket appears as a plain IPv4 address, not an IPv4-mapped one.
	From netip.AddrPort
	// Data is the payload. It is valid only during the ReceiveBatch call
	// that carries it; the Receiver may modify it in place.
	Data []byte
}

// Receiver gets what a socket reads.
type Receiver interface {
	// ReceiveBatch is called with datagrams read from s, in arrival order.
	// Calls for one socket never overlap. It runs on a reader goroutine
	// shared with other sockets: it must not block for long. The batch
	// slice and the datagrams' Data are reused once it returns.
	ReceiveBatch(s *Socket, batch []Datagram)
}
