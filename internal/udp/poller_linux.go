//go:build !udpfallback

package udp

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Sizes of a reader's buffers and bounds of its work.
const (
	readBufferBytes  = 512 << 10                        // one reader's datagram buffer
	groSlotBytes     = 64 << 10                         // a slot for a GRO socket: a coalesced buffer is up to 64 KiB
	plainSlotBytes   = 16 << 10                         // a slot otherwise; bigger datagrams are truncated and dropped
	maxSlots         = readBufferBytes / plainSlotBytes // datagrams per recvmmsg
	batchDatagrams   = 512                              // datagrams per ReceiveBatch call at most
	readsPerWakeup   = 4                                // recvmmsg calls per socket before it is re-armed
	eventsPerWait    = 8                                // sockets taken per epoll_wait
	socketEvents     = unix.EPOLLIN | unix.EPOLLONESHOT // how sockets are registered
	wakeID           = 0                                // the eventfd's id; sockets have ids from 1
	controlBufLength = int(unsafe.Sizeof(controlBuf{}))
)

// poller is one epoll set and the readers serving it. A poller lives from
// the first socket registered to lingerTime after the last one
// unregistered; the next socket opened after that starts a new one.
type poller struct {
	epfd    int
	epoll   *os.File        // epfd, registered with the Go runtime's poller
	raw     syscall.RawConn // of epoll
	wakefd  int             // an eventfd, readable once the poller stops
	groKeep []int           // unbound sockets with UDP_GRO on, one per family (see holdGRO); under pollers' lock
	groHeld bool            // holdGRO has run
	running atomic.Int32    // readers that have not exited

	mu    sync.RWMutex
	socks map[uint64]*Socket // by id
	next  uint64             // the last id given

	linger *time.Timer // stops the poller once it has had no socket for lingerTime; under pollers' lock
}

// pollers holds the poller that new sockets join.
var pollers struct {
	sync.Mutex
	cur     *poller
	readers sync.WaitGroup // every reader goroutine that has not exited
}

// register adds s to the current poller, starting one if there is none.
func register(s *Socket) error {
	pollers.Lock()
	p := pollers.cur
	if p == nil {
		var err error
		if p, err = newPoller(); err != nil {
			pollers.Unlock()
			return err
		}
		pollers.cur = p
	}
	if p.linger != nil {
		p.linger.Stop()
		p.linger = nil
	}
	p.mu.Lock()
	p.next++
	s.id = p.next
	p.socks[s.id] = s
	p.mu.Unlock()
	s.p = p
	if s.gro && !p.groHeld {
		p.holdGRO()
	}
	pollers.Unlock()

	ev := unix.EpollEvent{Events: socketEvents}
	setEventID(&ev, s.id)
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, s.fd.fd, &ev); err != nil {
		p.unregister(s)
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

// unregister removes s; if it was the last socket, the poller stops
// lingerTime later unless a socket joins it by then (a process that closes
// its last connection and opens the next one keeps its readers).
func (p *poller) unregister(s *Socket) {
	pollers.Lock()
	defer pollers.Unlock()
	p.mu.Lock()
	delete(p.socks, s.id)
	n := len(p.socks)
	p.mu.Unlock()
	if n == 0 && pollers.cur == p && p.linger == nil {
		p.linger = time.AfterFunc(lingerTime, func() {
			pollers.Lock()
			defer pollers.Unlock()
			p.mu.RLock()
			n := len(p.socks)
			p.mu.RUnlock()
			if p.linger == nil || n > 0 || pollers.cur != p {
				return
			}
			p.linger = nil
			pollers.cur = nil
			p.stop()
		})
	}
}

// lingerTime is how long the readers outlive the last socket.
const lingerTime = 200 * time.Millisecond

// newPoller makes the epoll set and starts GOMAXPROCS readers on it.
func newPoller() (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	// Non-blocking, so that os.NewFile registers it with the runtime's
	// poller: readers then wait for it like for any Go socket, parked,
	// instead of holding a thread in epoll_wait.
	if err := unix.SetNonblock(epfd, true); err != nil {
		unix.Close(epfd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	wakefd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, os.NewSyscallError("eventfd", err)
	}
	// Level-triggered: once written, every reader sees it.
	ev := unix.EpollEvent{Events: unix.EPOLLIN}
	setEventID(&ev, wakeID)
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, wakefd, &ev); err != nil {
		unix.Close(wakefd)
		unix.Close(epfd)
		return nil, os.NewSyscallError("epoll_ctl", err)
	}
	p := &poller{epfd: epfd, wakefd: wakefd, socks: make(map[uint64]*Socket)}
	p.epoll = os.NewFile(uintptr(epfd), "udp-epoll")
	if p.raw, err = p.epoll.SyscallConn(); err != nil {
		unix.Close(wakefd)
		p.epoll.Close()
		return nil, err
	}
	n := runtime.GOMAXPROCS(0)
	p.running.Store(int32(n))
	pollers.readers.Add(n)
	for range n {
		go newReader(p).run()
	}
	return p, nil
}

// holdGRO keeps UDP GRO switched on in the kernel while the poller lives.
// The first socket of a family to enable UDP_GRO turns on a kernel static
// key, and the last one to close turns it off; both patch kernel code and
// cost 60–80 µs here, against 1 µs otherwise, and a connection opens and
// closes its sockets on its setup and teardown paths. An unbound socket
// per family that enables it and stays open until the poller stops keeps
// the key on, so that no connection's socket pays for the switch.
// Called with pollers' lock held, for the first socket with GRO on.
func (p *poller) holdGRO() {
	p.groHeld = true
	for _, family := range []int{unix.AF_INET, unix.AF_INET6} {
		fd, err := unix.Socket(family, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.IPPROTO_UDP)
		if err != nil {
			continue
		}
		if unix.SetsockoptInt(fd, unix.SOL_UDP, unix.UDP_GRO, 1) != nil {
			unix.Close(fd)
			continue
		}
		p.groKeep = append(p.groKeep, fd)
	}
}

// stop wakes the readers to exit.
func (p *poller) stop() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	if _, err := unix.Write(p.wakefd, one[:]); err != nil {
		panic(fmt.Sprintf("BUG: udp: cannot wake the readers: %v", err))
	}
}

// lookup returns the socket with id, or nil if it is gone.
func (p *poller) lookup(id uint64) *Socket {
	p.mu.RLock()
	s := p.socks[id]
	p.mu.RUnlock()
	return s
}

// rearm lets the readers see s's next datagrams (EPOLLONESHOT disarmed it).
// It fails harmlessly (ENOENT) if Close already removed s.
func (p *poller) rearm(s *Socket) {
	ev := unix.EpollEvent{Events: socketEvents}
	setEventID(&ev, s.id)
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_MOD, s.fd.fd, &ev); err != nil && err != unix.ENOENT {
		s.stats.receiveErrors.Add(1)
	}
}

func setEventID(ev *unix.EpollEvent, id uint64) {
	ev.Fd, ev.Pad = int32(uint32(id)), int32(uint32(id>>32))
}

func eventID(ev *unix.EpollEvent) uint64 {
	return uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
}

// reader is one shared reader goroutine with its buffers.
type reader struct {
	p      *poller
	pollFn func(fd uintptr) bool // r.poll, made once
	got    int                   // events poll took
	err    error                 // epoll_wait's error in poll
	events [eventsPerWait]unix.EpollEvent
	buf    []byte // readBufferBytes, cut into slots
	slot   int    // the slot size the iovecs are set for
	hdrs   [maxSlots]unix.Mmsghdr
	iovs   [maxSlots]unix.Iovec
	names  [maxSlots]sockaddr
	ctrl   [maxSlots]controlBuf
	batch  []Datagram // batchDatagrams
}

func newReader(p *poller) *reader {
	r := &reader{p: p, buf: make([]byte, readBufferBytes), batch: make([]Datagram, 0, batchDatagrams)}
	r.pollFn = r.poll
	for i := range r.hdrs {
		h := &r.hdrs[i].Hdr
		h.Iov = &r.iovs[i]
		h.SetIovlen(1)
		h.Name = &r.names[i][0]
		h.Control = (*byte)(unsafe.Pointer(&r.ctrl[i]))
		r.reset(i)
	}
	return r
}

// run serves sockets until the poller stops.
func (r *reader) run() {
	defer pollers.readers.Done()
	defer r.exit()
	for {
		n := r.wait()
		for i := range n {
			id := eventID(&r.events[i])
			if id == wakeID {
				// Only a poller without sockets stops: other events
				// taken with this one are stale.
				return
			}
			if s := r.p.lookup(id); s != nil {
				r.serve(s)
			}
		}
	}
}

// wait returns the number of events it got into r.events, parking until
// there is one.
func (r *reader) wait() int {
	r.got, r.err = 0, nil
	err := r.p.raw.Read(r.pollFn)
	if err == nil && r.err == nil {
		return r.got
	}
	if err == nil {
		err = r.err
	}
	// The runtime could not register the epoll descriptor (its Read
	// cannot wait): block in epoll_wait instead.
	n, err2 := unix.EpollWait(r.p.epfd, r.events[:], -1)
	if err2 == unix.EINTR {
		return 0
	}
	if err2 != nil {
		panic(fmt.Sprintf("BUG: udp: epoll_wait: %v (after %v)", err2, err))
	}
	return n
}

// poll takes the ready events without waiting; it reports false, to make
// the runtime wait for the epoll descriptor, if there are none.
func (r *reader) poll(fd uintptr) bool {
	n, err := unix.EpollWait(int(fd), r.events[:], 0)
	switch {
	case err == unix.EINTR:
		return true
	case err != nil:
		r.err = err
		return true
	}
	r.got = n
	return n > 0
}

// exit closes the poller's descriptors when the last reader is done.
func (r *reader) exit() {
	if r.p.running.Add(-1) == 0 {
		// Under the lock holdGRO writes it with: what tells the readers
		// to stop is an eventfd, which the race detector does not see.
		pollers.Lock()
		keep := r.p.groKeep
		r.p.groKeep = nil
		pollers.Unlock()
		for _, fd := range keep {
			unix.Close(fd)
		}
		unix.Close(r.p.wakefd)
		r.p.epoll.Close()
	}
}

// serve reads s until it is drained or readsPerWakeup calls were made,
// delivering each call's datagrams, then re-arms it.
func (r *reader) serve(s *Socket) {
	if !s.fd.acquire() {
		return
	}
	defer s.fd.release()
	slots := r.layout(s.gro)
	for range readsPerWakeup {
		n, errno := recvmmsg(s.fd.fd, r.hdrs[:slots])
		if errno == unix.EAGAIN || errno == unix.EINTR {
			break
		}
		if errno != 0 {
			s.stats.receiveErrors.Add(1)
			break
		}
		s.stats.receiveCalls.Add(1)
		r.deliver(s, n)
		for i := range n {
			r.reset(i)
		}
		if n < slots {
			break
		}
	}
	if s.gate.state.Load()&gateClosed == 0 {
		r.p.rearm(s)
	}
}

// layout points the iovecs at slots of the size a socket needs and returns
// how many there are.
func (r *reader) layout(gro bool) int {
	size := plainSlotBytes
	if gro {
		size = groSlotBytes
	}
	n := len(r.buf) / size
	if r.slot != size {
		r.slot = size
		for i := range n {
			r.iovs[i].Base = &r.buf[i*size]
			r.iovs[i].SetLen(size)
		}
	}
	return n
}

// reset restores the fields of message header i that recvmmsg changes.
func (r *reader) reset(i int) {
	h := &r.hdrs[i]
	h.Hdr.Namelen = unix.SizeofSockaddrInet6
	h.Hdr.SetControllen(controlBufLength)
	h.Hdr.Flags = 0
	h.Len = 0
}

// deliver hands the n datagrams just read to s's Receiver, splitting GRO
// buffers into their datagrams.
func (r *reader) deliver(s *Socket, n int) {
	out := r.batch[:0]
	var truncated, bad, coalesced uint64
	for i := range n {
		h := &r.hdrs[i]
		if h.Hdr.Flags&unix.MSG_TRUNC != 0 {
			truncated++
			continue
		}
		from := r.names[i].addrPort(h.Hdr.Namelen)
		if !from.IsValid() {
			bad++
			continue
		}
		ctl := (*[controlBufLength]byte)(unsafe.Pointer(&r.ctrl[i]))
		size := groSegment(ctl[:min(int(h.Hdr.Controllen), controlBufLength)])
		data := r.buf[i*r.slot : i*r.slot+min(int(h.Len), r.slot)]
		if size == 0 || size >= len(data) {
			size = len(data)
		} else {
			coalesced += uint64((len(data) + size - 1) / size)
		}
		for first := true; first || len(data) > 0; first = false {
			seg := data[:min(size, len(data))]
			data = data[len(seg):]
			if len(out) == cap(out) {
				r.hand(s, out)
				out = out[:0]
			}
			out = append(out, Datagram{From: from, Data: seg})
		}
	}
	r.hand(s, out)
	if truncated > 0 {
		s.stats.receiveTruncated.Add(truncated)
	}
	if bad > 0 {
		s.stats.receiveErrors.Add(bad)
	}
	if coalesced > 0 {
		s.stats.groDatagrams.Add(coalesced)
	}
}

// hand calls s's Receiver with batch unless s is closed.
func (r *reader) hand(s *Socket, batch []Datagram) {
	if len(batch) == 0 || !s.gate.enter() {
		return
	}
	var bytes uint64
	for i := range batch {
		bytes += uint64(len(batch[i].Data))
	}
	s.stats.datagramsReceived.Add(uint64(len(batch)))
	s.stats.bytesReceived.Add(bytes)
	s.recv.ReceiveBatch(s, batch)
	s.gate.leave()
}
