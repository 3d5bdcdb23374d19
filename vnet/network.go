package vnet

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"
)

// NetworkConfig configures a simulated internet.
type NetworkConfig struct {
	// Seed makes every random choice of the network repeatable: a Link,
	// NAT or host given a zero seed gets one derived from Seed and its
	// creation order.
	Seed uint64
	// IPv4Prefix and IPv6Prefix are the public address pools of the
	// internet, from which hosts and NAT external addresses are numbered.
	// Defaults: 198.18.0.0/15 (RFC 2544 benchmarking space, which address
	// classifiers treat as public) and 2001:db8::/32 (RFC 3849).
	IPv4Prefix, IPv6Prefix netip.Prefix
	// Trace, if set, is called for every step of every datagram (sends,
	// translations, deliveries, drops). It runs with the network's lock
	// held, so it must not call back into the network; t.Logf is fine.
	Trace func(TraceEvent)
	// MaxInFlight caps the datagrams in flight on each link of the network
	// (a Link itself is unbounded unless it has a Bandwidth); more are
	// dropped and counted in NetworkStats.Overflow, so that a flooding
	// endpoint cannot grow memory without bound. Default 65536.
	MaxInFlight int
}

// NetworkStats counts datagrams the network dropped, by reason. NAT and
// link drops are counted by the NAT (NAT.Stats) and the links.
type NetworkStats struct {
	Delivered  int // datagrams queued to a receiving endpoint
	NoRoute    int // destination address unknown in the realm
	NoListener int // no endpoint bound to the destination port
	QueueFull  int // the receiving endpoint's queue was full
	Overflow   int // a link already held NetworkConfig.MaxInFlight datagrams
}

// Network is a simulated internet with private realms behind NATs, hosts
// with interfaces, and UDP endpoints (net.PacketConn) on them.
//
// Time is the real clock of package time, read with time.Now and waited on
// with timers, so that a Network run inside a testing/synctest bubble runs
// on synthetic time: a simulated minute costs microseconds, and the run is
// deterministic given the seeds and the order in which the test's
// goroutines act. Create and Close the Network inside synctest.Test.
//
// A Network runs one goroutine, which delivers datagrams when their arrival
// time comes; Close stops it and closes every endpoint.
type Network struct {
	mu       sync.Mutex
	cfg      NetworkConfig
	rng      *rand.Rand
	internet *Realm
	realms   []*Realm
	hosts    []*Host
	nats     []*NAT
	events   eventHeap
	seq      uint64
	stats    NetworkStats
	closed   bool
	kick     chan struct{}
	stop     chan struct{}
	done     chan struct{}
	buf      []byte // scratch frame buffer, used under mu
}

// ErrNetworkClosed is returned by operations on a closed Network.
var ErrNetworkClosed = errors.New("vnet: network closed")

// NewNetwork creates a network holding only the empty internet realm and
// starts its delivery goroutine. Call Close to stop it.
func NewNetwork(cfg NetworkConfig) *Network {
	if !cfg.IPv4Prefix.IsValid() {
		cfg.IPv4Prefix = netip.MustParsePrefix("198.18.0.0/15")
	}
	if !cfg.IPv6Prefix.IsValid() {
		cfg.IPv6Prefix = netip.MustParsePrefix("2001:db8::/32")
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 1 << 16
	}
	n := &Network{
		cfg:  cfg,
		rng:  rand.New(rand.NewPCG(cfg.Seed, 0x5851f42d4c957f2d)),
		kick: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	n.internet = n.newRealm("internet", cfg.IPv4Prefix.Masked(), cfg.IPv6Prefix.Masked(), nil)
	go n.run()
	return n
}

// Internet returns the public realm.
func (n *Network) Internet() *Realm { return n.internet }

// Stats returns the network's drop and delivery counters.
func (n *Network) Stats() NetworkStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}

// Close stops the delivery goroutine, waits for it to end, and closes every
// endpoint on every host, which unblocks their readers with net.ErrClosed.
// Datagrams in flight are discarded. Close is idempotent.
func (n *Network) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		<-n.done
		return nil
	}
	n.closed = true
	close(n.stop)
	var conns []*UDPConn
	for _, h := range n.hosts {
		for _, c := range h.conns {
			conns = append(conns, c)
		}
	}
	n.mu.Unlock()
	<-n.done
	for _, c := range conns {
		c.Close()
	}
	return nil
}

// seed returns s, or a seed derived from the network's when s is zero.
// Called with mu held.
func (n *Network) seed(s uint64) uint64 {
	if s != 0 {
		return s
	}
	return n.rng.Uint64() | 1
}

// newHop returns a hop over a new Link with cfg (its zero seed replaced)
// whose arrivals are handed to deliver. Called with mu held.
func (n *Network) newHop(cfg LinkConfig, deliver func(now time.Time, frame []byte)) *hop {
	cfg.Seed = n.seed(cfg.Seed)
	return &hop{link: NewLink(cfg), deliver: deliver}
}

// hop is a Link inside a Network together with what happens at its far end
// and the earliest time the scheduler holds an event for it.
type hop struct {
	link      *Link
	deliver   func(now time.Time, frame []byte)
	scheduled time.Time
}

// send puts a frame on the hop at time now. Called with mu held.
func (n *Network) send(h *hop, now time.Time, frame []byte) {
	if h.link.InFlight() >= n.cfg.MaxInFlight {
		n.stats.Overflow++
		if n.cfg.Trace != nil {
			src, dst, p, _ := parseFrame(frame)
			n.trace(now, "link", "drop", src, dst, len(p), "too many datagrams in flight")
		}
		return
	}
	h.link.Send(now, frame)
	n.schedule(h)
}

// schedule makes sure the scheduler has an event for h's earliest arrival.
// Called with mu held.
func (n *Network) schedule(h *hop) {
	next := h.link.NextDelivery()
	if next.IsZero() || (!h.scheduled.IsZero() && !next.Before(h.scheduled)) {
		return
	}
	h.scheduled = next
	n.seq++
	first := len(n.events) == 0 || next.Before(n.events[0].at)
	n.events.push(event{at: next, seq: n.seq, hop: h})
	if first {
		select {
		case n.kick <- struct{}{}:
		default:
		}
	}
}

// run is the delivery goroutine: it sleeps until the earliest scheduled
// arrival, delivers everything that is due, and repeats.
func (n *Network) run() {
	defer close(n.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		n.mu.Lock()
		if n.closed {
			n.mu.Unlock()
			return
		}
		n.fire(time.Now())
		var wait time.Duration = -1
		if len(n.events) > 0 {
			wait = max(0, time.Until(n.events[0].at))
		}
		n.mu.Unlock()
		if wait >= 0 {
			timer.Reset(wait)
		}
		select {
		case <-timer.C:
		case <-n.kick:
			timer.Stop()
		case <-n.stop:
			return
		}
	}
}

// fire delivers every arrival due at or before now. Called with mu held.
func (n *Network) fire(now time.Time) {
	for len(n.events) > 0 && !n.events[0].at.After(now) {
		e := n.events.pop()
		h := e.hop
		if !e.at.Equal(h.scheduled) {
			continue // superseded by an earlier event for the same hop
		}
		h.scheduled = time.Time{}
		h.link.Deliver(e.at, func(p []byte) { h.deliver(e.at, p) })
		n.schedule(h)
	}
}

// event is a hop's earliest arrival in the scheduler's heap.
type event struct {
	at  time.Time
	seq uint64
	hop *hop
}

// before orders events by time, then by scheduling order: events due at
// the same time fire in the order they were scheduled, which keeps runs
// deterministic.
func (e event) before(f event) bool {
	if e.at.Equal(f.at) {
		return e.seq < f.seq
	}
	return e.at.Before(f.at)
}

// eventHeap is a min-heap of event (heapPush, heapPop).
type eventHeap []event

func (a *eventHeap) push(x event) { heapPush((*[]event)(a), x) }

func (a *eventHeap) pop() event { return heapPop((*[]event)(a)) }

// String describes the network in one line, for test logs.
func (n *Network) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return fmt.Sprintf("vnet.Network{%d realms, %d hosts, %d NATs}", len(n.realms), len(n.hosts), len(n.nats))
}
