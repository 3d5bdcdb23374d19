package mdns

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"net/netip"
	"sync"
	"time"
)

// PacketConn is the socket Conn needs (*net.UDPConn satisfies it).
type PacketConn interface {
	ReadFromUDPAddrPort(b []byte) (int, netip.AddrPort, error)
	WriteToUDPAddrPort(b []byte, addr netip.AddrPort) (int, error)
	Close() error
}

// ErrClosed is returned after Close.
var ErrClosed = errors.New("mdns: closed")

// Conn runs a Resolver on a query socket (an ephemeral port: one-shot
// queries MUST NOT come from port 5353, RFC 6762 §5.1) and, optionally, a
// Responder on a socket bound to port 5353 in the multicast group. It starts
// one reader goroutine per socket.
type Conn struct {
	mu      sync.Mutex
	query   PacketConn
	group   PacketConn
	res     Resolver
	rsp     Responder
	waiters map[string][]chan Result
	timer   *time.Timer
	closed  bool
	wg      sync.WaitGroup
}

// Listen opens the IPv4 sockets: an ephemeral query socket and, when
// publish is set, the 224.0.0.251:5353 group socket for the responder. The
// resolver hears the group's responses too: a responder that multicasts its
// answers, or announces its names (RFC 6762 §8.3) rather than answering a
// one-shot query, still resolves a pending name.
func Listen(publish bool) (*Conn, error) {
	q, err := net.ListenUDP("udp4", &net.UDPAddr{})
	if err != nil {
		return nil, err
	}
	var g PacketConn
	if publish {
		gc, err := net.ListenMulticastUDP("udp4", nil, net.UDPAddrFromAddrPort(GroupIPv4))
		if err != nil {
			q.Close()
			return nil, err
		}
		g = gc
	}
	return NewConn(q, g, []netip.AddrPort{GroupIPv4}), nil
}

// NewConn runs a resolver on query (sending to groups) and, if group is not
// nil, a responder on group. The Conn owns and closes the sockets.
func NewConn(query, group PacketConn, groups []netip.AddrPort) *Conn {
	c := &Conn{query: query, group: group, waiters: map[string][]chan Result{}}
	c.res.Groups = groups
	c.rsp.Rand = rand.Reader
	c.timer = time.AfterFunc(time.Hour, c.onTimer)
	c.timer.Stop()
	c.wg.Add(1)
	go c.read(query, false)
	if group != nil {
		c.wg.Add(1)
		go c.read(group, true)
	}
	return c
}

func (c *Conn) read(pc PacketConn, responder bool) {
	defer c.wg.Done()
	buf := make([]byte, 9000)
	for {
		n, from, err := pc.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		c.mu.Lock()
		if responder {
			_ = c.rsp.HandlePacket(from, buf[:n])
		}
		_ = c.res.HandlePacket(time.Now(), from, buf[:n])
		c.flushLocked()
		c.mu.Unlock()
	}
}

func (c *Conn) onTimer() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.res.HandleTimeout(time.Now())
	c.flushLocked()
}

func (c *Conn) flushLocked() {
	for {
		t, ok := c.res.PollTransmit()
		if !ok {
			break
		}
		_, _ = c.query.WriteToUDPAddrPort(t.Data, t.To)
	}
	for {
		t, ok := c.rsp.PollTransmit()
		if !ok {
			break
		}
		if c.group != nil {
			_, _ = c.group.WriteToUDPAddrPort(t.Data, t.To)
		}
	}
	for {
		r, ok := c.res.PollResult()
		if !ok {
			break
		}
		for _, w := range c.waiters[r.Name] {
			w <- r
		}
		delete(c.waiters, r.Name)
	}
	if d := c.res.NextDeadline(); !d.IsZero() {
		c.timer.Reset(time.Until(d))
	}
}

// Resolve resolves an ICE "<uuid>.local" name.
func (c *Conn) Resolve(ctx context.Context, name string) (netip.Addr, error) {
	ch := make(chan Result, 1)
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return netip.Addr{}, ErrClosed
	}
	if err := c.res.Resolve(time.Now(), name); err != nil {
		c.mu.Unlock()
		return netip.Addr{}, err
	}
	key := normalize(name)
	c.waiters[key] = append(c.waiters[key], ch)
	c.flushLocked()
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.Addr, r.Err
	case <-ctx.Done():
		return netip.Addr{}, ctx.Err()
	}
}

// Publish returns the mDNS name of a local address and announces it.
func (c *Conn) Publish(addr netip.Addr) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return "", ErrClosed
	}
	name, err := c.rsp.Publish(addr)
	c.flushLocked()
	return name, err
}

// Close closes the sockets and waits for the readers.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.timer.Stop()
	c.mu.Unlock()
	c.query.Close()
	if c.group != nil {
		c.group.Close()
	}
	c.wg.Wait()
	return nil
}
