//go:build !udpfallback

package udp

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	maxGSOSegments = 64    // UDP_MAX_SEGMENTS before Linux 6.9
	maxGSOBytes    = 65507 // the largest UDP payload in IPv4; the kernel refuses more
	maxMessages    = 1024  // UIO_MAXIOV: the most messages sendmmsg takes
)

// batchScratch holds the sendmmsg arguments for a Batch: one message per
// datagram at most.
type batchScratch struct {
	hdrs  []unix.Mmsghdr
	iovs  []unix.Iovec
	names []sockaddr
	segs  []segmentCmsg
	ends  []int // ends[k] is the index after the last datagram of message k
}

func (sc *batchScratch) init(n int) {
	n = min(n, maxMessages)
	sc.hdrs = make([]unix.Mmsghdr, n)
	sc.iovs = make([]unix.Iovec, n)
	sc.names = make([]sockaddr, n)
	sc.segs = make([]segmentCmsg, n)
	sc.ends = make([]int, n)
	for k := range sc.hdrs {
		h := &sc.hdrs[k].Hdr
		h.Iov = &sc.iovs[k]
		h.SetIovlen(1)
		h.Name = &sc.names[k][0]
	}
}

// build fills messages for the datagrams from index i on and returns how many
// it filled. With gso, a run of datagrams to one destination with one size
// (the last may be shorter) from index single on is one GSO message. If
// datagram i has a destination the socket cannot send to, build returns 0
// and the error.
func (b *Batch) build(i, family int, gso bool, single int) (int, error) {
	sc := &b.scratch
	m := 0
	for i < len(b.dgrams) && m < len(sc.hdrs) {
		d := b.dgrams[i]
		salen, err := sc.names[m].put(family, d.to)
		if err != nil {
			if m == 0 {
				return 0, err
			}
			break
		}
		j, total := i+1, d.n
		if gso && i >= single && d.n > 0 {
			for j < len(b.dgrams) && j-i < maxGSOSegments {
				e := &b.dgrams[j]
				if e.to != d.to || e.n == 0 || e.n > d.n || total+e.n > maxGSOBytes {
					break
				}
				total += e.n
				j++
				if e.n < d.n {
					break
				}
			}
		}
		h := &sc.hdrs[m].Hdr
		h.Namelen = salen
		if total > 0 {
			sc.iovs[m].Base = &b.buf[d.off]
		} else {
			sc.iovs[m].Base = nil
		}
		sc.iovs[m].SetLen(total)
		if j-i > 1 {
			sc.segs[m].set(d.n)
			h.Control = (*byte)(unsafe.Pointer(&sc.segs[m]))
			h.SetControllen(unix.CmsgSpace(2))
		} else {
			h.Control = nil
			h.SetControllen(0)
		}
		sc.ends[m] = j
		m++
		i = j
	}
	return m, nil
}
