package iceconn

import (
	"errors"
	"github.com/c4c1f6e1/webrtc/ice"
	"net"
	"net/netip"
	"strings"
	"sync"

	"github.com/c4c1f6e1/webrtc/stun"
)

// maxMuxRemotesPerConn caps the remote addresses a UDPMux remembers for one
// Conn (remote candidates it sent to or heard from).
const maxMuxRemotesPerConn = 128

// UDPMux shares one UDP socket among many Conns (single-port mode), so a
// server can hold many sessions on one port. Datagrams are demultiplexed by
// the local ufrag in the USERNAME of Binding requests (RFC 8445 §7.3: the
// part before the colon is the receiver's ufrag) and otherwise by remote
// address, learned from the requests and from what each Conn sends. It runs
// one reader goroutine.
type UDPMux struct {
	pc   PacketConn
	addr netip.AddrPort

	mu       sync.Mutex
	byUfrag  map[string]*Conn
	byRemote map[netip.AddrPort]*Conn
	entries  map[*Conn]*muxEntry
	closed   bool
	wg       sync.WaitGroup
}

type muxEntry struct {
	ufrags  []string
	remotes []netip.AddrPort
}

// NewUDPMux runs a mux on pc, which must be bound to a specific address
// (the host candidate every Conn of the mux advertises). The mux owns pc.
func NewUDPMux(pc PacketConn) (*UDPMux, error) {
	ua, ok := pc.LocalAddr().(*net.UDPAddr)
	if !ok || ua.IP.IsUnspecified() {
		pc.Close()
		return nil, errors.New("ice: UDPMux needs a socket bound to a specific address")
	}
	la := ua.AddrPort()
	m := &UDPMux{pc: pc, addr: netip.AddrPortFrom(la.Addr().Unmap(), la.Port()),
		byUfrag: map[string]*Conn{}, byRemote: map[netip.AddrPort]*Conn{}, entries: map[*Conn]*muxEntry{}}
	m.wg.Add(1)
	go m.read()
	return m, nil
}

// ListenUDPMux binds a UDP socket on addr and runs a mux on it.
func ListenUDPMux(addr netip.AddrPort) (*UDPMux, error) {
	uc, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(addr))
	if err != nil {
		return nil, err
	}
	return NewUDPMux(uc)
}

// LocalAddr returns the shared socket's address.
func (m *UDPMux) LocalAddr() netip.AddrPort { return m.addr }

// NewConn creates a Conn whose only host candidate is the shared socket.
func (m *UDPMux) NewConn(cfg ice.Config, onEvent func(ice.Event)) (*Conn, error) {
	m.mu.Lock()
	closed := m.closed
	m.mu.Unlock()
	if closed {
		return nil, ice.ErrClosed
	}
	s := &muxSocket{m: m}
	c, err := newConn(cfg, map[netip.AddrPort]PacketConn{m.addr: s}, false, onEvent)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	s.c = c
	m.mu.Unlock()
	c.mux = m
	u, _ := c.LocalCredentials()
	m.register(u, c)
	return c, nil
}

func (m *UDPMux) register(ufrag string, c *Conn) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entries[c]
	if e == nil {
		e = &muxEntry{}
		m.entries[c] = e
	}
	if len(e.ufrags) >= 2 {
		// Keep the current and the previous generation (ICE restart).
		delete(m.byUfrag, e.ufrags[0])
		e.ufrags = e.ufrags[1:]
	}
	e.ufrags = append(e.ufrags, ufrag)
	m.byUfrag[ufrag] = c
}

// learnLocked routes datagrams from remote to c.
func (m *UDPMux) learnLocked(remote netip.AddrPort, c *Conn) {
	if m.byRemote[remote] == c {
		return
	}
	e := m.entries[c]
	if e == nil || len(e.remotes) >= maxMuxRemotesPerConn {
		return
	}
	if old := m.byRemote[remote]; old != nil {
		if oe := m.entries[old]; oe != nil {
			oe.remotes = slicesDelete(oe.remotes, remote)
		}
	}
	m.byRemote[remote] = c
	e.remotes = append(e.remotes, remote)
}

func slicesDelete(s []netip.AddrPort, v netip.AddrPort) []netip.AddrPort {
	for i, x := range s {
		if x == v {
			return append(s[:i], s[i+1:]...)
		}
	}
	return s
}

func (m *UDPMux) unregister(c *Conn) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entries[c]
	if e == nil {
		return
	}
	for _, u := range e.ufrags {
		if m.byUfrag[u] == c {
			delete(m.byUfrag, u)
		}
	}
	for _, r := range e.remotes {
		if m.byRemote[r] == c {
			delete(m.byRemote, r)
		}
	}
	delete(m.entries, c)
}

func (m *UDPMux) read() {
	defer m.wg.Done()
	buf := make([]byte, 1500)
	var msg stun.Message
	for {
		n, from, err := m.pc.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		if n == 0 {
			continue
		}
		b := buf[:n]
		from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
		var c *Conn
		m.mu.Lock()
		if b[0] < 4 && msg.Unmarshal(b) == nil && msg.Type == stun.BindingRequest {
			if u, ok := msg.Get(stun.AttrUsername); ok {
				lfrag, _, _ := strings.Cut(string(u), ":")
				if c = m.byUfrag[lfrag]; c != nil {
					m.learnLocked(from, c)
				}
			}
		}
		if c == nil {
			c = m.byRemote[from]
		}
		m.mu.Unlock()
		if c != nil {
			c.input(m.addr, from, b)
		}
	}
}

// Sessions returns the number of Conns on the mux.
func (m *UDPMux) Sessions() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// Close closes every Conn of the mux and the shared socket.
func (m *UDPMux) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	conns := make([]*Conn, 0, len(m.entries))
	for c := range m.entries {
		conns = append(conns, c)
	}
	m.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
	err := m.pc.Close()
	m.wg.Wait()
	return err
}

// muxSocket is a Conn's view of the shared socket: writes teach the mux
// where replies come from; Close detaches the Conn.
type muxSocket struct {
	m *UDPMux
	c *Conn
}

func (s *muxSocket) ReadFromUDPAddrPort([]byte) (int, netip.AddrPort, error) {
	return 0, netip.AddrPort{}, net.ErrClosed
}

func (s *muxSocket) WriteToUDPAddrPort(b []byte, to netip.AddrPort) (int, error) {
	s.m.mu.Lock()
	if s.c != nil {
		s.m.learnLocked(netip.AddrPortFrom(to.Addr().Unmap(), to.Port()), s.c)
	}
	s.m.mu.Unlock()
	return s.m.pc.WriteToUDPAddrPort(b, to)
}

func (s *muxSocket) LocalAddr() net.Addr { return s.m.pc.LocalAddr() }

func (s *muxSocket) Close() error {
	s.m.unregister(s.c)
	return nil
}
