//go:build !udpfallback

package udp

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

const (
	socketBufferBytes = 4 << 20     // SO_SNDBUF and SO_RCVBUF
	sendTimeout       = time.Second // SO_SNDTIMEO: how long a send waits for room
)

// Socket is a UDP socket bound to one local address, read by the shared
// readers.
type Socket struct {
	fd     fdRef
	family int // unix.AF_INET or unix.AF_INET6
	local  netip.AddrPort
	recv   Receiver
	gate   gate
	p      *poller
	id     uint64 // in p
	gso    atomic.Bool
	gro    bool
	stats  counters
}

// Listen opens a UDP socket bound to local (port 0 picks a free port) and
// registers it with the shared readers, which hand what it reads to r. An
// IPv4 address (or an IPv4-mapped one) opens an IPv4 socket; an IPv6 one an
// IPv6 socket, dual-stack if the address is "::".
func Listen(local netip.AddrPort, r Receiver) (*Socket, error) {
	if r == nil {
		return nil, errors.New("udp: Listen needs a Receiver")
	}
	addr := local.Addr()
	if !addr.IsValid() {
		return nil, fmt.Errorf("udp: cannot listen on invalid address %v", local)
	}
	family := unix.AF_INET6
	if addr.Unmap().Is4() {
		family, addr = unix.AF_INET, addr.Unmap()
	}
	local = netip.AddrPortFrom(addr, local.Port())
	fd, err := unix.Socket(family, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.IPPROTO_UDP)
	if err != nil {
		return nil, listenError(local, "socket", err)
	}
	s := &Socket{family: family, recv: r}
	s.fd.fd = fd
	if err := s.setup(local); err != nil {
		unix.Close(fd)
		return nil, err
	}
	if err := register(s); err != nil {
		unix.Close(fd)
		return nil, listenError(local, "register", err)
	}
	return s, nil
}

func listenError(local netip.AddrPort, call string, err error) error {
	return &net.OpError{Op: "listen", Net: "udp", Addr: net.UDPAddrFromAddrPort(local), Err: os.NewSyscallError(call, err)}
}

// setup sets the socket options, binds the socket and learns its address.
func (s *Socket) setup(local netip.AddrPort) error {
	fd := s.fd.fd
	if s.family == unix.AF_INET6 && local.Addr().IsUnspecified() {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0); err != nil {
			return listenError(local, "setsockopt", err)
		}
	}
	// The *FORCE options may exceed net.core.[rw]mem_max (CAP_NET_ADMIN).
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, socketBufferBytes) != nil {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, socketBufferBytes)
	}
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, socketBufferBytes) != nil {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, socketBufferBytes)
	}
	tv := unix.NsecToTimeval(sendTimeout.Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
		return listenError(local, "setsockopt", err)
	}
	// Best effort: a kernel without them still works.
	if !noGSO.Load() && kernelHasGSO(fd) {
		s.gso.Store(true)
	}
	if !noGRO.Load() {
		s.gro = unix.SetsockoptInt(fd, unix.SOL_UDP, unix.UDP_GRO, 1) == nil
	}

	var sa unix.Sockaddr
	if s.family == unix.AF_INET {
		sa = &unix.SockaddrInet4{Port: int(local.Port()), Addr: local.Addr().As4()}
	} else {
		sa6 := &unix.SockaddrInet6{Port: int(local.Port()), Addr: local.Addr().As16()}
		if z := local.Addr().Zone(); z != "" {
			i, err := zoneIndex(z)
			if err != nil {
				return listenError(local, "bind", err)
			}
			sa6.ZoneId = i
		}
		sa = sa6
	}
	if err := unix.Bind(fd, sa); err != nil {
		return listenError(local, "bind", err)
	}
	bound, err := unix.Getsockname(fd)
	if err != nil {
		return listenError(local, "getsockname", err)
	}
	switch b := bound.(type) {
	case *unix.SockaddrInet4:
		s.local = netip.AddrPortFrom(netip.AddrFrom4(b.Addr), uint16(b.Port))
	case *unix.SockaddrInet6:
		a := netip.AddrFrom16(b.Addr)
		if b.ZoneId != 0 {
			a = a.WithZone(zoneName(b.ZoneId))
		}
		s.local = netip.AddrPortFrom(a.Unmap(), uint16(b.Port))
	}
	return nil
}

// LocalAddr returns the address the socket is bound to, with its real port.
func (s *Socket) LocalAddr() netip.AddrPort { return s.local }

// Stats returns the socket's counters.
func (s *Socket) Stats() Stats {
	if s.fd.acquire() {
		if drops, ok := socketDrops(s.fd.fd); ok {
			s.stats.receiveOverflows.Store(drops)
		}
		s.fd.release()
	}
	var st Stats
	s.stats.snapshot(&st)
	st.GSO = s.gso.Load()
	st.GRO = s.gro
	if s.fd.acquire() {
		// Read here rather than at Listen: a connection opens its
		// sockets on its setup path, where every system call counts.
		st.ReadBuffer, _ = unix.GetsockoptInt(s.fd.fd, unix.SOL_SOCKET, unix.SO_RCVBUF)
		st.WriteBuffer, _ = unix.GetsockoptInt(s.fd.fd, unix.SOL_SOCKET, unix.SO_SNDBUF)
		s.fd.release()
	}
	return st
}

// gsoSupport caches whether the kernel knows UDP_SEGMENT (asked once, of
// the first socket opened): 0 unknown, 1 yes, 2 no.
var gsoSupport atomic.Int32

func kernelHasGSO(fd int) bool {
	switch gsoSupport.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	_, err := unix.GetsockoptInt(fd, unix.SOL_UDP, unix.UDP_SEGMENT)
	if err == nil {
		gsoSupport.Store(1)
		return true
	}
	gsoSupport.Store(2)
	return false
}

// WriteTo sends datagram p to to. It waits while the send buffer is full,
// for up to a second. After Close it returns net.ErrClosed.
func (s *Socket) WriteTo(p []byte, to netip.AddrPort) error {
	var sa sockaddr
	salen, err := sa.put(s.family, to)
	if err != nil {
		s.stats.sendDropped.Add(1)
		return err
	}
	if !s.fd.acquire() {
		s.stats.sendDropped.Add(1)
		return net.ErrClosed
	}
	errno := unix.EINTR
	for errno == unix.EINTR {
		errno = sendto(s.fd.fd, p, &sa, salen)
	}
	s.fd.release()
	if errno != 0 {
		s.stats.sendDropped.Add(1)
		return os.NewSyscallError("sendto", errno)
	}
	s.stats.sendCalls.Add(1)
	s.stats.datagramsSent.Add(1)
	s.stats.bytesSent.Add(uint64(len(p)))
	return nil
}

// WriteBatch sends the datagrams of b in order, with as few system calls as
// it can (sendmmsg, and GSO for runs of equal-sized datagrams to one
// destination). It does not change b; Reset b to reuse it.
//
// A datagram the kernel refuses (a bad or unreachable destination) is
// dropped and the others are still sent; the first such error is returned.
// A send waits while the send buffer is full, for up to a second per
// datagram; if it stays full, the rest of the batch is dropped and an error
// wrapping EAGAIN is returned. Drops are counted in Stats.SendDropped. After
// Close it returns net.ErrClosed.
func (s *Socket) WriteBatch(b *Batch) error {
	total := len(b.dgrams)
	if total == 0 {
		return nil
	}
	if !s.fd.acquire() {
		s.stats.sendDropped.Add(uint64(total))
		return net.ErrClosed
	}
	defer s.fd.release()
	sc := &b.scratch
	var (
		first                               error
		calls, sent, bytes, viaGSO, dropped uint64
		single                              int // datagrams before this index go one per message
	)
	for i := 0; i < total; {
		m, err := b.build(i, s.family, s.gso.Load(), single)
		if m == 0 {
			dropped++
			first = firstErr(first, err)
			i++
			continue
		}
		k, errno := sendmmsg(s.fd.fd, sc.hdrs[:m])
		switch {
		case errno == 0:
			if k <= 0 || k > m {
				panic(fmt.Sprintf("BUG: udp: sendmmsg of %d messages returned %d", m, k))
			}
			calls++
			for msg := range k {
				start := i
				if msg > 0 {
					start = sc.ends[msg-1]
				}
				n := uint64(sc.ends[msg] - start)
				sent += n
				bytes += uint64(sc.iovs[msg].Len)
				if n > 1 {
					viaGSO += n
				}
			}
			i = sc.ends[k-1]
		case errno == unix.EINTR:
		case errno == unix.EAGAIN:
			dropped += uint64(total - i)
			first = firstErr(first, fmt.Errorf("udp: send buffer full for %v, %d datagrams dropped: %w", sendTimeout, total-i, errno))
			i = total
		case sc.ends[0]-i > 1:
			// A GSO message was refused: send its datagrams one by one,
			// and stop using GSO if the kernel or device cannot do it.
			if errno == unix.EIO || errno == unix.EINVAL {
				s.gso.Store(false)
			}
			single = sc.ends[0]
		default:
			dropped++
			first = firstErr(first, os.NewSyscallError("sendmmsg", errno))
			i++
		}
	}
	s.stats.sendCalls.Add(calls)
	s.stats.datagramsSent.Add(sent)
	s.stats.bytesSent.Add(bytes)
	s.stats.gsoDatagrams.Add(viaGSO)
	if dropped > 0 {
		s.stats.sendDropped.Add(dropped)
	}
	return first
}

// firstErr returns the first non-nil error of a and b.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// Close closes the socket; calling it again does nothing. It returns nil.
//
// When Close returns, no new ReceiveBatch call for s will begin. Close does
// not wait for a call already in progress, so it may be called from inside
// ReceiveBatch, and while holding a lock the Receiver takes; such a call may
// still be running when Close returns. Writes after Close return
// net.ErrClosed. A write in progress keeps the descriptor open until it
// ends (at most a second, if the send buffer is full); the descriptor number
// is not reused before that. The shared readers exit, shortly after, when
// the last socket of the process is closed.
func (s *Socket) Close() error {
	if !s.gate.shut() {
		return nil
	}
	if s.fd.acquire() {
		unix.EpollCtl(s.p.epfd, unix.EPOLL_CTL_DEL, s.fd.fd, nil)
		if drops, ok := socketDrops(s.fd.fd); ok {
			s.stats.receiveOverflows.Store(drops)
		}
		s.fd.release()
	}
	s.p.unregister(s)
	s.fd.close()
	return nil
}
