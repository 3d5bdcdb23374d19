// Package udp opens UDP sockets whose datagrams are read by a few goroutines
// shared by every socket of the process, and written in batches with as few
// system calls as possible.
//
// A Socket is opened with Listen and handed a Receiver, which gets what the
// socket reads a batch at a time, in arrival order, on a shared reader
// goroutine. Outgoing datagrams are collected in a Batch (written in place or
// appended) and sent with one WriteBatch call; WriteTo sends a single one.
//
// # Linux
//
// One epoll set serves all sockets. Each socket is registered with
// EPOLLIN|EPOLLONESHOT, so one reader at a time serves it; the reader drains
// it with recvmmsg(2) (MSG_DONTWAIT) into buffers the reader owns — sockets
// have no read buffer of their own — for at most a few calls, hands each
// batch to the socket's Receiver and re-arms the socket (fairness between
// busy sockets). There are GOMAXPROCS readers, started when the first socket
// is opened; they exit 200 ms after the last socket is closed, unless a
// socket is opened by then (an eventfd in the set wakes them). The epoll descriptor is itself registered with the Go
// runtime's network poller, so an idle reader is a parked goroutine, not a
// thread blocked in epoll_wait.
//
// Writes use sendmmsg(2). Consecutive datagrams of a batch that go to the same
// destination with the same size (the last may be shorter) are sent as one
// message with UDP generic segmentation offload (the UDP_SEGMENT control
// message, Linux 4.18), at most 64 segments and 65,507 bytes per message. A
// socket whose kernel or device refuses a GSO message (EIO, EINVAL) resends it
// datagram by datagram and stops using GSO. Reads enable UDP_GRO (Linux 5.0):
// the kernel may deliver several datagrams of one sender coalesced in one
// buffer, which the reader splits at the segment size given in the UDP_GRO
// control message. SetGSO and SetGRO switch the offloads off for sockets
// opened afterwards.
//
// Sockets ask for 4 MiB send and receive buffers (SO_SNDBUF/SO_RCVBUF, or
// the *FORCE variants where the process may exceed the system maximum) and
// report the kernel's receive-queue drops (SO_MEMINFO). The socket descriptor is
// in blocking mode: a send waits while the send buffer is full, for up to
// one second per datagram (SO_SNDTIMEO), after which the rest of the batch is
// dropped, counted and reported. Reads never block (MSG_DONTWAIT).
//
// A socket's descriptor is reference-counted: it is closed only when no
// system call uses it anymore, so a reader can never read a descriptor
// number that was closed and reused by another file.
//
// # Other systems
//
// Elsewhere a Socket is a net.UDPConn read by a goroutine of its own with a
// 64 KiB buffer, delivering batches of one datagram; WriteBatch writes the
// datagrams one by one. GSO and GRO are never used there. Building with the
// tag udpfallback selects this implementation on Linux too, to test it.
package udp
