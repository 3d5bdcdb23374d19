package vnet

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"time"
)

// UDPConn is a UDP endpoint on a simulated Host. It implements
// net.PacketConn with the semantics of a real unconnected UDP socket:
// WriteTo never blocks (datagrams the path cannot carry are dropped),
// ReadFrom blocks until a datagram arrives, the read deadline passes or the
// endpoint is closed. Errors are *net.OpError values wrapping
// os.ErrDeadlineExceeded (whose Timeout method reports true) or
// net.ErrClosed, as the net package's are.
type UDPConn struct {
	host  *Host
	local netip.AddrPort // bound address (maybe unspecified) and port
	dual  bool           // a "udp" wildcard endpoint: receives both families

	// Guarded by host.net.mu.
	queue         []datagram // ring buffer of received datagrams
	head, count   int
	bytes         int // payload bytes queued
	maxBytes      int // cap on bytes (SetReadBuffer)
	closed        bool
	readDeadline  time.Time
	writeDeadline time.Time
	// Readers block on data (a one-slot signal passed from reader to reader
	// while datagrams remain, so that receiving does not allocate) and on
	// bcast, closed and replaced when a deadline changes or the endpoint
	// closes, to wake every blocked reader.
	data    chan struct{}
	bcast   chan struct{}
	waiting int         // readers blocked now
	timer   *time.Timer // reused by one reader at a time
	timerIn bool        // timer is taken
	handler func(now time.Time, src, dst netip.AddrPort, payload []byte)
}

// slotKeep is the largest buffer a queue slot keeps for reuse: the memory
// an endpoint holds between reads stays under QueueLen×slotKeep, while
// typical datagrams are received without allocating.
const slotKeep = 2048

type datagram struct {
	from netip.AddrPort
	data []byte
}

func newUDPConn(h *Host, local netip.AddrPort, dual bool) *UDPConn {
	return &UDPConn{
		host: h, local: local, dual: dual, queue: make([]datagram, h.qlen), maxBytes: h.qbytes,
		data: make(chan struct{}, 1), bcast: make(chan struct{}),
	}
}

// enqueue copies a received datagram into the queue, reusing the slot's
// buffer. It reports false when the queue is full. Called with mu held.
func (c *UDPConn) enqueue(from netip.AddrPort, p []byte) bool {
	if c.closed || c.count == len(c.queue) || c.bytes+len(p) > c.maxBytes {
		return false
	}
	d := &c.queue[(c.head+c.count)%len(c.queue)]
	d.from = from
	if len(p) > slotKeep {
		d.data = append([]byte(nil), p...) // not kept after it is read
	} else {
		d.data = append(d.data[:0], p...)
	}
	c.count++
	c.bytes += len(p)
	c.signal()
	return true
}

// signal wakes one blocked reader for a queued datagram. Called with mu
// held.
func (c *UDPConn) signal() {
	select {
	case c.data <- struct{}{}:
	default:
	}
}

// wakeAll wakes every blocked reader to re-check the deadline or the closed
// state. Called with mu held.
func (c *UDPConn) wakeAll() {
	if c.waiting > 0 {
		close(c.bcast)
		c.bcast = make(chan struct{})
	}
}

// LocalAddr returns the bound address as a *net.UDPAddr.
func (c *UDPConn) LocalAddr() net.Addr { return net.UDPAddrFromAddrPort(c.local) }

// LocalAddrPort returns the bound address.
func (c *UDPConn) LocalAddrPort() netip.AddrPort { return c.local }

// Host returns the host the endpoint is bound on.
func (c *UDPConn) Host() *Host { return c.host }

func (c *UDPConn) opError(op string, addr net.Addr, err error) error {
	return &net.OpError{Op: op, Net: "udp", Source: c.LocalAddr(), Addr: addr, Err: err}
}

// ReadFromUDPAddrPort reads one datagram into p, returning its length (the
// datagram is truncated if p is short, as with a real socket) and sender.
// It does not allocate once the endpoint has received.
func (c *UDPConn) ReadFromUDPAddrPort(p []byte) (int, netip.AddrPort, error) {
	mu := &c.host.net.mu
	mu.Lock()
	defer mu.Unlock()
	var timer *time.Timer
	for {
		if c.closed {
			c.releaseTimer(timer)
			return 0, netip.AddrPort{}, c.opError("read", nil, net.ErrClosed)
		}
		// As with the net package, a passed deadline fails the read even
		// when a datagram is waiting.
		dl := c.readDeadline
		if !dl.IsZero() && !time.Now().Before(dl) {
			c.releaseTimer(timer)
			return 0, netip.AddrPort{}, c.opError("read", nil, os.ErrDeadlineExceeded)
		}
		if c.count > 0 {
			d := &c.queue[c.head]
			n := copy(p, d.data)
			from := d.from
			c.bytes -= len(d.data)
			if cap(d.data) > slotKeep {
				d.data = nil
			}
			c.head = (c.head + 1) % len(c.queue)
			c.count--
			if c.count > 0 {
				c.signal() // pass the turn to another blocked reader
			}
			c.releaseTimer(timer)
			return n, from, nil
		}
		var expired <-chan time.Time
		if !dl.IsZero() {
			if timer == nil {
				timer = c.takeTimer()
			}
			timer.Reset(time.Until(dl))
			expired = timer.C
		}
		bcast := c.bcast
		c.waiting++
		mu.Unlock()
		select {
		case <-c.data:
		case <-bcast:
		case <-expired:
		}
		mu.Lock()
		c.waiting--
	}
}

// takeTimer returns the endpoint's timer, or a new one if another reader
// has it. Called with mu held.
func (c *UDPConn) takeTimer() *time.Timer {
	if !c.timerIn {
		c.timerIn = true
		if c.timer == nil {
			c.timer = time.NewTimer(time.Hour)
		}
		return c.timer
	}
	return time.NewTimer(time.Hour)
}

// releaseTimer stops t and gives it back if it is the endpoint's. Called
// with mu held.
func (c *UDPConn) releaseTimer(t *time.Timer) {
	if t == nil {
		return
	}
	t.Stop()
	if t == c.timer {
		c.timerIn = false
	}
}

// ReadFrom reads one datagram into p; see ReadFromUDPAddrPort.
func (c *UDPConn) ReadFrom(p []byte) (int, net.Addr, error) {
	n, from, err := c.ReadFromUDPAddrPort(p)
	if err != nil {
		return 0, nil, err
	}
	return n, net.UDPAddrFromAddrPort(from), nil
}

// WriteToUDPAddrPort sends p to addr. It fails if the endpoint is closed,
// the write deadline has passed, or the host has no address of addr's
// family; datagrams lost on the path are not reported, as with UDP.
func (c *UDPConn) WriteToUDPAddrPort(p []byte, addr netip.AddrPort) (int, error) {
	if !addr.IsValid() || addr.Port() == 0 || addr.Addr().IsUnspecified() {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), errors.New("invalid destination address"))
	}
	addr = netip.AddrPortFrom(addr.Addr().Unmap(), addr.Port())
	if len(p) > 65507 {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), errors.New("message too long"))
	}
	n := c.host.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if c.closed {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), net.ErrClosed)
	}
	if n.closed {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), net.ErrClosed)
	}
	now := time.Now()
	if !c.writeDeadline.IsZero() && !now.Before(c.writeDeadline) {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), os.ErrDeadlineExceeded)
	}
	if !c.dual && c.local.Addr().Is4() != addr.Addr().Is4() {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), errNoRoute)
	}
	if err := c.host.send(now, c.local, addr, p); err != nil {
		return 0, c.opError("write", net.UDPAddrFromAddrPort(addr), err)
	}
	return len(p), nil
}

// WriteTo sends p to addr, which must be a *net.UDPAddr (or another
// net.Addr whose String is "ip:port"); see WriteToUDPAddrPort.
func (c *UDPConn) WriteTo(p []byte, addr net.Addr) (int, error) {
	var ap netip.AddrPort
	switch a := addr.(type) {
	case *net.UDPAddr:
		if a == nil {
			return 0, c.opError("write", nil, errors.New("nil address"))
		}
		ap = a.AddrPort()
	case nil:
		return 0, c.opError("write", nil, errors.New("nil address"))
	default:
		var err error
		ap, err = netip.ParseAddrPort(a.String())
		if err != nil {
			return 0, c.opError("write", addr, err)
		}
	}
	return c.WriteToUDPAddrPort(p, ap)
}

// Close closes the endpoint, frees its port and unblocks readers, which
// return net.ErrClosed. Closing twice returns an error wrapping
// net.ErrClosed.
func (c *UDPConn) Close() error {
	n := c.host.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if c.closed {
		return c.opError("close", nil, net.ErrClosed)
	}
	c.closed = true
	for k, v := range c.host.conns {
		if v == c {
			delete(c.host.conns, k)
		}
	}
	c.wakeAll()
	return nil
}

// SetDeadline sets the read and write deadlines.
func (c *UDPConn) SetDeadline(t time.Time) error {
	n := c.host.net
	n.mu.Lock()
	defer n.mu.Unlock()
	c.readDeadline, c.writeDeadline = t, t
	c.wakeAll()
	return nil
}

// SetReadDeadline sets the time after which blocked and future reads fail
// with os.ErrDeadlineExceeded; the zero time means no deadline.
func (c *UDPConn) SetReadDeadline(t time.Time) error {
	n := c.host.net
	n.mu.Lock()
	defer n.mu.Unlock()
	c.readDeadline = t
	c.wakeAll()
	return nil
}

// SetWriteDeadline sets the time after which writes fail with
// os.ErrDeadlineExceeded; the zero time means no deadline.
func (c *UDPConn) SetWriteDeadline(t time.Time) error {
	n := c.host.net
	n.mu.Lock()
	defer n.mu.Unlock()
	c.writeDeadline = t
	return nil
}

// SetReadBuffer sets the cap on payload bytes waiting in the receive queue
// (HostConfig.QueueBytes by default), as SO_RCVBUF does for a real socket.
func (c *UDPConn) SetReadBuffer(bytes int) error {
	if bytes <= 0 {
		return c.opError("set", nil, errors.New("invalid buffer size"))
	}
	n := c.host.net
	n.mu.Lock()
	defer n.mu.Unlock()
	c.maxBytes = bytes
	return nil
}

var _ net.PacketConn = (*UDPConn)(nil)
