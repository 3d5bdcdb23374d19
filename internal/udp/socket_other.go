//go:build !linux || udpfallback

package udp

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
)

const socketBufferBytes = 4 << 20 // asked for as send and receive buffers

// Socket is a UDP socket bound to one local address. On this system it is a
// net.UDPConn read by a goroutine of its own.
type Socket struct {
	conn  *net.UDPConn
	local netip.AddrPort
	recv  Receiver
	gate  gate
	stats counters
}

// Listen opens a UDP socket bound to local (port 0 picks a free port) and
// starts its reader goroutine, which hands what it reads to r.
func Listen(local netip.AddrPort, r Receiver) (*Socket, error) {
	if r == nil {
		return nil, errors.New("udp: Listen needs a Receiver")
	}
	addr := local.Addr()
	if !addr.IsValid() {
		return nil, fmt.Errorf("udp: cannot listen on invalid address %v", local)
	}
	network := "udp6"
	if addr.Unmap().Is4() {
		network, addr = "udp4", addr.Unmap()
	} else if addr.IsUnspecified() {
		network = "udp"
	}
	conn, err := net.ListenUDP(network, net.UDPAddrFromAddrPort(netip.AddrPortFrom(addr, local.Port())))
	if err != nil {
		return nil, err
	}
	conn.SetReadBuffer(socketBufferBytes)
	conn.SetWriteBuffer(socketBufferBytes)
	bound := conn.LocalAddr().(*net.UDPAddr).AddrPort()
	s := &Socket{conn: conn, recv: r, local: netip.AddrPortFrom(bound.Addr().Unmap(), bound.Port())}
	go s.read()
	return s, nil
}

// read delivers datagrams one at a time until the socket is closed. The
// buffer holds the largest UDP payload, so nothing is truncated.
func (s *Socket) read() {
	buf := make([]byte, 65536)
	batch := make([]Datagram, 1)
	for {
		n, from, err := s.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			s.stats.receiveErrors.Add(1)
			continue
		}
		s.stats.receiveCalls.Add(1)
		if !s.gate.enter() {
			return
		}
		s.stats.datagramsReceived.Add(1)
		s.stats.bytesReceived.Add(uint64(n))
		batch[0] = Datagram{From: netip.AddrPortFrom(from.Addr().Unmap(), from.Port()), Data: buf[:n]}
		s.recv.ReceiveBatch(s, batch)
		s.gate.leave()
	}
}

// LocalAddr returns the address the socket is bound to, with its real port.
func (s *Socket) LocalAddr() netip.AddrPort { return s.local }

// Stats returns the socket's counters.
func (s *Socket) Stats() Stats {
	var st Stats
	s.stats.snapshot(&st)
	return st
}

// WriteTo sends datagram p to to. After Close it returns net.ErrClosed.
func (s *Socket) WriteTo(p []byte, to netip.AddrPort) error {
	if !to.IsValid() {
		s.stats.sendDropped.Add(1)
		return errNoDestination
	}
	if _, err := s.conn.WriteToUDPAddrPort(p, to); err != nil {
		s.stats.sendDropped.Add(1)
		return err
	}
	s.stats.sendCalls.Add(1)
	s.stats.datagramsSent.Add(1)
	s.stats.bytesSent.Add(uint64(len(p)))
	return nil
}

// WriteBatch sends the datagrams of b in order, one system call each. A
// datagram that cannot be sent is dropped and counted, the others are still
// sent, and the first error is returned. It does not change b.
func (s *Socket) WriteBatch(b *Batch) error {
	var first error
	for i := range b.dgrams {
		if err := s.WriteTo(b.data(i), b.dgrams[i].to); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Close closes the socket; calling it again does nothing. It returns nil.
//
// When Close returns, no new ReceiveBatch call for s will begin. Close does
// not wait for a call already in progress, so it may be called from inside
// ReceiveBatch, and while holding a lock the Receiver takes. Writes after
// Close return net.ErrClosed. The socket's reader goroutine exits shortly
// after.
func (s *Socket) Close() error {
	if !s.gate.shut() {
		return nil
	}
	s.conn.Close()
	return nil
}
