package iceconn

import (
	"context"
	"crypto/rand"
	"errors"
	"github.com/c4c1f6e1/webrtc/ice"
	"net"
	"net/netip"
	"slices"
	"sync"
	"time"
)

// Conn runs an Agent over real UDP sockets, one socket per local address.
// It is the small driver used by tests and interop; the webrtc package has
// its own driver. Its goroutines: one reader per socket and one event
// dispatcher, plus a timer.
//
// Datagrams whose first byte is 0–3 are STUN and go to the agent (RFC 7983
// §7); others are application data, returned by Read.
type Conn struct {
	mu      sync.Mutex
	agent   *ice.Agent
	socks   map[netip.AddrPort]PacketConn
	timer   *time.Timer
	closed  bool
	changed chan struct{} // closed and replaced on every state change

	events   []ice.Event
	evCond   *sync.Cond
	onEvent  func(ice.Event)
	data     chan []byte
	wg       sync.WaitGroup
	closeErr error
	mux      *UDPMux // set when the socket is shared
}

// PacketConn is the socket the driver needs: *net.UDPConn and the
// simulated network's vnet.UDPConn both satisfy it.
type PacketConn interface {
	ReadFromUDPAddrPort(b []byte) (int, netip.AddrPort, error)
	WriteToUDPAddrPort(b []byte, addr netip.AddrPort) (int, error)
	LocalAddr() net.Addr
	Close() error
}

// ErrNotConnected is returned by Write before a pair is selected.
var ErrNotConnected = errors.New("ice: no selected candidate pair")

// maxQueuedData caps received application datagrams waiting for Read.
const maxQueuedData = 256

// InterfaceAddrs returns the addresses of the machine's interfaces that are
// suitable host candidates (FilterHostAddresses), to pass to ListenUDP for
// "UDP on all interfaces".
func InterfaceAddrs(includeLoopback bool) ([]netip.Addr, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			ips = append(ips, p.Addr())
		}
	}
	return ice.FilterHostAddresses(ips, includeLoopback), nil
}

// ListenUDP binds a UDP socket on port 0 of each address in ips, creates an
// agent with those host addresses (cfg.HostAddresses is replaced; cfg.Rand
// defaults to crypto/rand.Reader) and starts it. onEvent, if not nil, is
// called for every agent event, one at a time and in order, from the
// dispatcher goroutine, never with a lock held.
func ListenUDP(cfg ice.Config, ips []netip.Addr, onEvent func(ice.Event)) (*Conn, error) {
	var conns []PacketConn
	for _, ip := range ips {
		uc, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, 0)))
		if err != nil {
			for _, c := range conns {
				c.Close()
			}
			return nil, err
		}
		conns = append(conns, uc)
	}
	return NewConn(cfg, conns, onEvent)
}

// NewConn runs an agent over the given sockets, which must be bound to
// specific addresses (not wildcards): each local address becomes a host
// candidate. The Conn owns the sockets and closes them on Close (or on
// error).
func NewConn(cfg ice.Config, conns []PacketConn, onEvent func(ice.Event)) (*Conn, error) {
	socks := map[netip.AddrPort]PacketConn{}
	for _, uc := range conns {
		ua, ok := uc.LocalAddr().(*net.UDPAddr)
		if !ok {
			for _, x := range conns {
				x.Close()
			}
			return nil, errors.New("ice: socket without a UDP address")
		}
		la := ua.AddrPort()
		socks[netip.AddrPortFrom(la.Addr().Unmap(), la.Port())] = uc
	}
	return newConn(cfg, socks, true, onEvent)
}

// newConn starts a Conn over socks; readers is false when another reader
// (a UDPMux) feeds the Conn through input.
func newConn(cfg ice.Config, socks map[netip.AddrPort]PacketConn, readers bool, onEvent func(ice.Event)) (*Conn, error) {
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	c := &Conn{socks: socks, changed: make(chan struct{}), onEvent: onEvent,
		data: make(chan []byte, maxQueuedData)}
	c.evCond = sync.NewCond(&c.mu)
	cfg.HostAddresses = cfg.HostAddresses[:0:0]
	for la := range socks {
		cfg.HostAddresses = append(cfg.HostAddresses, la)
	}
	slices.SortFunc(cfg.HostAddresses, func(x, y netip.AddrPort) int { return x.Compare(y) })
	a, err := ice.NewAgent(cfg)
	if err != nil {
		c.closeSockets()
		return nil, err
	}
	c.agent = a
	c.timer = time.AfterFunc(time.Hour, c.onTimer)
	c.timer.Stop()
	if readers {
		for la, uc := range c.socks {
			c.wg.Add(1)
			go c.readLoop(la, uc)
		}
	}
	c.wg.Add(1)
	go c.dispatch()
	return c, nil
}

func (c *Conn) closeSockets() {
	for _, uc := range c.socks {
		uc.Close()
	}
}

// do runs f on the agent under the lock, then flushes transmits, queues
// events and re-arms the timer.
func (c *Conn) do(f func(a *ice.Agent, now time.Time) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ice.ErrClosed
	}
	err := f(c.agent, time.Now())
	c.flushLocked()
	return err
}

func (c *Conn) flushLocked() {
	for {
		t, ok := c.agent.PollTransmit()
		if !ok {
			break
		}
		if uc := c.socks[t.From]; uc != nil {
			_, _ = uc.WriteToUDPAddrPort(t.Data, t.To)
		}
	}
	notify := false
	for {
		e, ok := c.agent.PollEvent()
		if !ok {
			break
		}
		c.events = append(c.events, e)
		if e.Type == ice.EventState || e.Type == ice.EventSelectedPair {
			notify = true
		}
	}
	if len(c.events) > 0 {
		c.evCond.Signal()
	}
	if notify {
		close(c.changed)
		c.changed = make(chan struct{})
	}
	if d := c.agent.NextDeadline(); !d.IsZero() {
		c.timer.Reset(time.Until(d))
	} else {
		c.timer.Stop()
	}
}

func (c *Conn) onTimer() {
	_ = c.do(func(a *ice.Agent, now time.Time) error {
		a.HandleTimeout(now)
		return nil
	})
}

func (c *Conn) readLoop(la netip.AddrPort, uc PacketConn) {
	defer c.wg.Done()
	buf := make([]byte, 1500)
	for {
		n, from, err := uc.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		c.input(la, from, buf[:n])
	}
}

// input handles a datagram that arrived on the socket bound to la: STUN
// (first byte 0–3, RFC 7983 §7) goes to the agent, the rest to Read.
func (c *Conn) input(la, from netip.AddrPort, b []byte) {
	if len(b) == 0 {
		return
	}
	if b[0] < 4 {
		_ = c.do(func(a *ice.Agent, now time.Time) error {
			return a.HandlePacket(now, la, from, b)
		})
		return
	}
	select {
	case c.data <- append([]byte(nil), b...):
	default: // Read is not keeping up: drop
	}
}

func (c *Conn) dispatch() {
	defer c.wg.Done()
	c.mu.Lock()
	for {
		for len(c.events) == 0 && !c.closed {
			c.evCond.Wait()
		}
		if len(c.events) == 0 && c.closed {
			c.mu.Unlock()
			return
		}
		evs := c.events
		c.events = nil
		c.mu.Unlock()
		if c.onEvent != nil {
			for _, e := range evs {
				c.onEvent(e)
			}
		}
		c.mu.Lock()
	}
}

// Gather starts candidate gathering.
func (c *Conn) Gather() error {
	return c.do(func(a *ice.Agent, now time.Time) error { return a.Gather(now) })
}

// LocalCredentials returns the local ufrag and password.
func (c *Conn) LocalCredentials() (ufrag, pwd string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agent.LocalCredentials()
}

// SetRemoteCredentials sets the peer's ufrag and password.
func (c *Conn) SetRemoteCredentials(ufrag, pwd string) error {
	return c.do(func(a *ice.Agent, now time.Time) error { return a.SetRemoteCredentials(now, ufrag, pwd) })
}

// SetRemoteLite records that the peer is an ICE-lite implementation.
func (c *Conn) SetRemoteLite(lite bool) {
	_ = c.do(func(a *ice.Agent, now time.Time) error { a.SetRemoteLite(lite); return nil })
}

// AddRemoteCandidate adds a remote candidate.
func (c *Conn) AddRemoteCandidate(cand ice.Candidate) error {
	return c.do(func(a *ice.Agent, now time.Time) error { return a.AddRemoteCandidate(now, cand) })
}

// EndOfRemoteCandidates records the peer's end-of-candidates.
func (c *Conn) EndOfRemoteCandidates() {
	_ = c.do(func(a *ice.Agent, now time.Time) error { a.EndOfRemoteCandidates(now); return nil })
}

// Restart performs an ICE restart with new local credentials (generated
// when empty) and gathers again; see Agent.Restart.
func (c *Conn) Restart(ufrag, pwd string) error {
	err := c.do(func(a *ice.Agent, now time.Time) error {
		if err := a.Restart(now, ufrag, pwd); err != nil {
			return err
		}
		return a.Gather(now)
	})
	if err == nil && c.mux != nil {
		u, _ := c.LocalCredentials()
		c.mux.register(u, c)
	}
	return err
}

// Stats returns the agent's drop counters.
func (c *Conn) Stats() ice.Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agent.Stats
}

// State returns the transport state.
func (c *Conn) State() ice.TransportState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agent.State()
}

// SelectedPair returns the selected pair.
func (c *Conn) SelectedPair() (ice.Pair, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.agent.SelectedPair()
}

// WaitConnected blocks until a pair is selected, the agent fails or closes,
// or ctx ends.
func (c *Conn) WaitConnected(ctx context.Context) (ice.Pair, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return ice.Pair{}, ice.ErrClosed
		}
		p, ok := c.agent.SelectedPair()
		st := c.agent.State()
		ch := c.changed
		c.mu.Unlock()
		if ok {
			return p, nil
		}
		if st == ice.StateFailed {
			return ice.Pair{}, errors.New("ice: connection failed")
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ice.Pair{}, ctx.Err()
		}
	}
}

// Write sends an application datagram on the selected pair.
func (c *Conn) Write(b []byte) (int, error) {
	c.mu.Lock()
	p, ok := c.agent.SelectedPair()
	uc := c.socks[p.Local.Base]
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return 0, ice.ErrClosed
	}
	if !ok || uc == nil {
		return 0, ErrNotConnected
	}
	return uc.WriteToUDPAddrPort(b, p.Remote.Address)
}

// Read returns the next application datagram (first byte ≥ 4, RFC 7983).
func (c *Conn) Read(ctx context.Context) ([]byte, error) {
	select {
	case b := <-c.data:
		return b, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops the agent, closes the sockets and waits for the goroutines.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return c.closeErr
	}
	c.closed = true
	c.agent.Close()
	c.timer.Stop()
	c.evCond.Broadcast()
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	c.closeSockets()
	c.wg.Wait()
	return nil
}
