//go:build !udpfallback

package udp

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendmmsg sends the messages hs (sendmmsg(2)) and returns how many were
// sent; an error is returned only if none was.
func sendmmsg(fd int, hs []unix.Mmsghdr) (int, unix.Errno) {
	n, _, errno := unix.Syscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(unsafe.Pointer(&hs[0])), uintptr(len(hs)), 0, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), 0
}

// recvmmsg reads up to len(hs) datagrams without waiting (recvmmsg(2)).
func recvmmsg(fd int, hs []unix.Mmsghdr) (int, unix.Errno) {
	n, _, errno := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&hs[0])), uintptr(len(hs)), unix.MSG_DONTWAIT, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), 0
}

// sendto sends one datagram (sendto(2)).
func sendto(fd int, p []byte, sa *sockaddr, salen uint32) unix.Errno {
	var base unsafe.Pointer
	if len(p) > 0 {
		base = unsafe.Pointer(&p[0])
	}
	_, _, errno := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(base), uintptr(len(p)), 0, uintptr(unsafe.Pointer(sa)), uintptr(salen))
	return errno
}

// segmentCmsg is a UDP_SEGMENT control message (Linux 4.18,
// include/uapi/linux/udp.h): the size of the datagrams the kernel cuts a GSO
// message into. The struct has the size CMSG_SPACE(sizeof(uint16)) and puts
// the value at CMSG_DATA on 32- and 64-bit systems alike.
type segmentCmsg struct {
	hdr  unix.Cmsghdr
	size uint16
}

// set fills c for segments of size bytes.
func (c *segmentCmsg) set(size int) {
	c.hdr.Level = unix.SOL_UDP
	c.hdr.Type = unix.UDP_SEGMENT
	c.hdr.SetLen(unix.CmsgLen(2))
	c.size = uint16(size)
}

// controlBuf receives the control messages of one datagram: UDP_GRO, with
// 4 bytes of data, and room for one more. It is uint64s for CMSG alignment.
type controlBuf [6]uint64

// groSegment returns the segment size of a coalesced buffer from its control
// messages b (UDP_GRO, Linux 5.0, net/ipv4/udp.c udp_cmsg_recv), or 0 if the
// buffer holds one datagram. It ignores messages it does not know and stops
// at a malformed one.
func groSegment(b []byte) int {
	hdrLen := unix.CmsgLen(0)
	for len(b) >= hdrLen {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
		n := int(h.Len)
		if n < hdrLen || n > len(b) {
			break
		}
		if data := b[hdrLen:n]; h.Level == unix.SOL_UDP && h.Type == unix.UDP_GRO && len(data) >= 4 {
			if v := int32(binary.NativeEndian.Uint32(data)); v > 0 {
				return int(v)
			}
			return 0
		}
		next := unix.CmsgSpace(n - hdrLen)
		if next > len(b) {
			break
		}
		b = b[next:]
	}
	return 0
}

// socketDrops returns the number of datagrams the kernel dropped because the
// socket's receive buffer was full (SO_MEMINFO, Linux 4.7: SK_MEMINFO_DROPS).
func socketDrops(fd int) (uint64, bool) {
	const skMeminfoDrops = 8 // include/uapi/linux/sock_diag.h
	var info [skMeminfoDrops + 1]uint32
	size := uint32(unsafe.Sizeof(info))
	_, _, errno := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_SOCKET, unix.SO_MEMINFO,
		uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&size)), 0)
	if errno != 0 || size < uint32(unsafe.Sizeof(info)) {
		return 0, false
	}
	return uint64(info[skMeminfoDrops]), true
}
