package vnet

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"time"
)

// Behavior is a NAT mapping or filtering behaviour of RFC 4787 §4.1 and §5.
type Behavior int

const (
	// EndpointIndependent: the mapping is reused for every destination
	// (RFC 4787 §4.1); any external endpoint may send through it (§5).
	EndpointIndependent Behavior = iota
	// AddressDependent: the mapping is reused only for the same destination
	// IP address (§4.1); only IP addresses the internal endpoint has sent to
	// may send back, from any port (§5).
	AddressDependent
	// AddressAndPortDependent: the mapping is reused only for the same
	// destination IP address and port (§4.1); only the exact endpoints the
	// internal endpoint has sent to may send back (§5).
	AddressAndPortDependent
)

// String returns the RFC 4787 name of the behaviour.
func (b Behavior) String() string {
	switch b {
	case EndpointIndependent:
		return "endpoint-independent"
	case AddressDependent:
		return "address-dependent"
	case AddressAndPortDependent:
		return "address-and-port-dependent"
	}
	return fmt.Sprintf("Behavior(%d)", int(b))
}

// abbrev returns "EI", "AD" or "APD".
func (b Behavior) abbrev() string {
	switch b {
	case EndpointIndependent:
		return "EI"
	case AddressDependent:
		return "AD"
	case AddressAndPortDependent:
		return "APD"
	}
	return "?"
}

// DefaultMappingTimeout is the UDP mapping lifetime used when
// NATConfig.MappingTimeout is zero: RFC 4787 §4.3 REQ-5 says a mapping MUST
// NOT expire in less than two minutes and RECOMMENDS a default of five
// minutes or more.
const DefaultMappingTimeout = 5 * time.Minute

// NATConfig describes a NAT (a router with a private realm behind it) in the
// terms of RFC 4787.
type NATConfig struct {
	// Name names the NAT and its private realm; default "nat1", "nat2", ….
	Name string
	// Mapping is the address and port mapping behaviour (RFC 4787 §4.1).
	// REQ-1 says a NAT MUST be endpoint-independent; the others model the
	// NATs that are not.
	Mapping Behavior
	// Filtering is the filtering behaviour (RFC 4787 §5).
	Filtering Behavior
	// Hairpinning lets internal endpoints reach each other through their
	// external mappings (RFC 4787 §6, REQ-9). The hairpinned datagram's
	// source is the sender's external mapping (REQ-9a).
	Hairpinning bool
	// BlockUDP turns the router into a firewall that drops every UDP
	// datagram crossing it in either direction (as networks that only let
	// TCP or HTTPS out do). Mapping and filtering are then moot.
	BlockUDP bool
	// MappingTimeout is how long a mapping, and the filter state recorded
	// with it, lives after the last datagram that refreshed it (RFC 4787
	// §4.3); zero means DefaultMappingTimeout. Values under two minutes
	// break REQ-5 and are meant for tests of expiry.
	MappingTimeout time.Duration
	// InboundRefresh makes inbound datagrams refresh the mapping too (RFC
	// 4787 §4.3, REQ-6a: MAY). Outbound datagrams always do (REQ-6).
	InboundRefresh bool
	// PortPreservation keeps the internal port as the external port when it
	// is free (RFC 4787 §4.2.1). Otherwise, and when it is taken, ports are
	// chosen at random in the internal port's range (REQ-3a) with its parity
	// (REQ-4).
	PortPreservation bool
	// ExternalAddrs are the NAT's addresses in the outside realm, at most
	// one per family. Default: one IPv4 and one IPv6 address numbered from
	// the outside realm.
	ExternalAddrs []netip.Addr
	// IPv4Prefix and IPv6Prefix number the private realm. Defaults:
	// 10.k.0.0/16 and fd00:0:0:k::/64 for the k-th NAT.
	IPv4Prefix, IPv6Prefix netip.Prefix
	// WANUp carries datagrams from the NAT to the outside realm, WANDown
	// the other way.
	WANUp, WANDown LinkConfig
	// MaxMappings caps the live mappings; an outbound datagram that needs a
	// new mapping beyond it is dropped. Default 4096.
	MaxMappings int
	// MaxFilterEntries caps the remote endpoints recorded per mapping for
	// address-dependent and address-and-port-dependent filtering; the
	// oldest is forgotten beyond it. Default 256.
	MaxFilterEntries int
	// Seed drives the port choice; zero derives one from the network's.
	Seed uint64
}

// String returns a short form such as "EIM/APDF+hairpin", or "UDP-blocked".
func (c NATConfig) String() string {
	if c.BlockUDP {
		return "UDP-blocked"
	}
	s := c.Mapping.abbrev() + "M/" + c.Filtering.abbrev() + "F"
	if c.Hairpinning {
		s += "+hairpin"
	}
	return s
}

// NATStats counts what a NAT did.
type NATStats struct {
	Translated      int // outbound datagrams translated and sent out
	Forwarded       int // inbound datagrams translated and passed inside
	Filtered        int // inbound datagrams dropped by the filtering behaviour
	NoMapping       int // inbound datagrams to an external port with no live mapping
	Hairpinned      int // datagrams looped back inside (RFC 4787 §6)
	HairpinDropped  int // datagrams to an external address, hairpinning off
	Blocked         int // datagrams dropped by BlockUDP
	NoAddress       int // outbound datagrams of a family without external address
	Exhausted       int // outbound datagrams dropped: no mapping could be made
	MappingsCreated int
	MappingsExpired int
}

// NAT is a router between an outside realm and the private realm behind it,
// translating UDP per RFC 4787.
type NAT struct {
	net     *Network
	cfg     NATConfig
	inside  *Realm
	outside *Realm
	ext4    netip.Addr
	ext6    netip.Addr
	wanUp   *hop
	wanDown *hop
	byInt   map[mapKey]*mapping
	byExt   map[netip.AddrPort]*mapping
	rng     *rand.Rand
	stats   NATStats
}

// mapKey identifies a mapping: the internal endpoint, plus the part of the
// destination that the mapping behaviour depends on (RFC 4787 §4.1).
type mapKey struct {
	internal netip.AddrPort
	remote   netip.AddrPort // zero (EIM), address with port 0 (ADM), or endpoint (APDM)
}

type mapping struct {
	key      mapKey
	external netip.AddrPort
	expires  time.Time
	// allowed records when the internal endpoint last sent to each remote
	// address (port 0, address-dependent filtering) or endpoint.
	allowed map[netip.AddrPort]time.Time
}

// NewNAT adds a NAT whose external side is in outside and returns it; its
// private realm is NAT.Inside.
func (n *Network) NewNAT(outside *Realm, cfg NATConfig) (*NAT, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, ErrNetworkClosed
	}
	if outside == nil || outside.net != n {
		return nil, fmt.Errorf("vnet: NewNAT needs a realm of this network")
	}
	k := len(n.nats) + 1
	if cfg.Name == "" {
		cfg.Name = fmt.Sprintf("nat%d", k)
	}
	if cfg.MappingTimeout <= 0 {
		cfg.MappingTimeout = DefaultMappingTimeout
	}
	if cfg.MaxMappings <= 0 {
		cfg.MaxMappings = 4096
	}
	if cfg.MaxFilterEntries <= 0 {
		cfg.MaxFilterEntries = 256
	}
	if !cfg.IPv4Prefix.IsValid() {
		if k > 255 {
			return nil, fmt.Errorf("vnet: NAT %d needs an explicit IPv4Prefix", k)
		}
		cfg.IPv4Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(k), 0, 0}), 16)
	}
	if !cfg.IPv6Prefix.IsValid() {
		cfg.IPv6Prefix = netip.PrefixFrom(netip.AddrFrom16([16]byte{0xfd, 0, 0, 0, 0, 0, byte(k >> 8), byte(k)}), 64)
	}
	if !cfg.IPv4Prefix.Addr().Is4() || cfg.IPv6Prefix.Addr().Is4() {
		return nil, fmt.Errorf("vnet: NAT prefixes %v, %v have the wrong families", cfg.IPv4Prefix, cfg.IPv6Prefix)
	}
	t := &NAT{
		net:     n,
		outside: outside,
		byInt:   make(map[mapKey]*mapping),
		byExt:   make(map[netip.AddrPort]*mapping),
		rng:     rand.New(rand.NewPCG(n.seed(cfg.Seed), 0xda942042e4dd58b5)),
	}
	ext := slices.Clone(cfg.ExternalAddrs)
	if len(ext) == 0 {
		for _, fam := range []int{4, 6} {
			a, err := outside.allocate(fam)
			if err != nil {
				return nil, err
			}
			ext = append(ext, a)
		}
	}
	for _, a := range ext {
		a = a.Unmap()
		if a.Is4() && !t.ext4.IsValid() {
			t.ext4 = a
		} else if !a.Is4() && !t.ext6.IsValid() {
			t.ext6 = a
		} else {
			return nil, fmt.Errorf("vnet: NAT %s: at most one external address per family", cfg.Name)
		}
	}
	for i, a := range ext {
		if err := outside.claim(a.Unmap()); err != nil {
			for _, b := range ext[:i] {
				delete(outside.registered, b.Unmap())
			}
			return nil, err
		}
	}
	cfg.ExternalAddrs = ext
	t.cfg = cfg
	t.inside = n.newRealm(cfg.Name, cfg.IPv4Prefix.Masked(), cfg.IPv6Prefix.Masked(), t)
	for _, a := range ext {
		outside.nats[a.Unmap()] = t
	}
	t.wanUp = n.newHop(cfg.WANUp, func(now time.Time, frame []byte) {
		src, dst, _, err := parseFrame(frame)
		if err != nil {
			panic("BUG: vnet: bad frame on a NAT uplink")
		}
		t.outside.route(now, frame, src, dst)
	})
	t.wanDown = n.newHop(cfg.WANDown, func(now time.Time, frame []byte) {
		src, dst, _, err := parseFrame(frame)
		if err != nil {
			panic("BUG: vnet: bad frame on a NAT downlink")
		}
		t.inbound(now, frame, src, dst)
	})
	n.nats = append(n.nats, t)
	return t, nil
}

// Inside returns the private realm behind the NAT.
func (t *NAT) Inside() *Realm { return t.inside }

// Outside returns the realm the NAT's external addresses are in.
func (t *NAT) Outside() *Realm { return t.outside }

// Config returns the NAT's configuration with defaults filled in.
func (t *NAT) Config() NATConfig { return t.cfg }

// ExternalAddrs returns the NAT's external addresses.
func (t *NAT) ExternalAddrs() []netip.Addr { return slices.Clone(t.cfg.ExternalAddrs) }

// Stats returns the NAT's counters.
func (t *NAT) Stats() NATStats {
	t.net.mu.Lock()
	defer t.net.mu.Unlock()
	return t.stats
}

// Mappings returns the number of mappings that are live at time now.
func (t *NAT) Mappings(now time.Time) int {
	t.net.mu.Lock()
	defer t.net.mu.Unlock()
	live := 0
	for _, m := range t.byExt {
		if now.Before(m.expires) {
			live++
		}
	}
	return live
}

// String returns the NAT's name and behaviour.
func (t *NAT) String() string { return t.cfg.Name + "(" + t.cfg.String() + ")" }

func (t *NAT) externalFor(a netip.Addr) netip.Addr {
	if a.Is4() {
		return t.ext4
	}
	return t.ext6
}

// key returns the mapping key of a datagram from src to dst (RFC 4787 §4.1).
func (t *NAT) key(src, dst netip.AddrPort) mapKey {
	switch t.cfg.Mapping {
	case AddressDependent:
		return mapKey{src, netip.AddrPortFrom(dst.Addr(), 0)}
	case AddressAndPortDependent:
		return mapKey{src, dst}
	}
	return mapKey{internal: src}
}

// filterKey returns what the filter records for a remote endpoint (RFC
// 4787 §5).
func (t *NAT) filterKey(remote netip.AddrPort) netip.AddrPort {
	if t.cfg.Filtering == AddressDependent {
		return netip.AddrPortFrom(remote.Addr(), 0)
	}
	return remote
}

func (t *NAT) remove(m *mapping) {
	delete(t.byInt, m.key)
	delete(t.byExt, m.external)
	t.stats.MappingsExpired++
}

// outbound translates a datagram from the private realm at time now.
// Called with mu held.
func (t *NAT) outbound(now time.Time, frame []byte, src, dst netip.AddrPort) {
	drop := func(why string) {
		t.net.trace(now, t.cfg.Name, "drop", src, dst, len(frame)-frameHeaderLen(frame), why)
	}
	if t.cfg.BlockUDP {
		t.stats.Blocked++
		drop("UDP blocked")
		return
	}
	ext := t.externalFor(dst.Addr())
	if !ext.IsValid() {
		t.stats.NoAddress++
		drop("no external address of the family")
		return
	}
	k := t.key(src, dst)
	m := t.byInt[k]
	if m != nil && !now.Before(m.expires) {
		t.remove(m)
		m = nil
	}
	if m == nil {
		port, ok := t.allocPort(now, ext, src.Port())
		if !ok {
			t.stats.Exhausted++
			drop("no mapping available")
			return
		}
		m = &mapping{key: k, external: netip.AddrPortFrom(ext, port)}
		if t.cfg.Filtering != EndpointIndependent {
			m.allowed = make(map[netip.AddrPort]time.Time)
		}
		t.byInt[k] = m
		t.byExt[m.external] = m
		t.stats.MappingsCreated++
	}
	// RFC 4787 §4.3 REQ-6: outbound datagrams refresh the mapping.
	m.expires = now.Add(t.cfg.MappingTimeout)
	if m.allowed != nil {
		t.allow(m, t.filterKey(dst), now)
	}
	if dst.Addr() == t.ext4 || dst.Addr() == t.ext6 {
		// RFC 4787 §6: a datagram to one of our own external addresses.
		if !t.cfg.Hairpinning {
			t.stats.HairpinDropped++
			drop("hairpinning off")
			return
		}
		t.stats.Hairpinned++
		// REQ-9a: the hairpinned datagram comes from the sender's external
		// mapping, and is subject to the target mapping's filter.
		t.inbound(now, frame, m.external, dst)
		return
	}
	rewriteFrame(frame, m.external, dst)
	t.stats.Translated++
	t.net.traceNAT(now, t.cfg.Name, "out", src, dst, m.external, dst, len(frame)-frameHeaderLen(frame))
	t.net.send(t.wanUp, now, frame)
}

// allow records that m's internal endpoint sent to remote at time now,
// forgetting the oldest entry when the table is full.
func (t *NAT) allow(m *mapping, remote netip.AddrPort, now time.Time) {
	if _, ok := m.allowed[remote]; !ok && len(m.allowed) >= t.cfg.MaxFilterEntries {
		var oldest netip.AddrPort
		var at time.Time
		for k, v := range m.allowed {
			if at.IsZero() || v.Before(at) || (v.Equal(at) && k.Compare(oldest) < 0) {
				oldest, at = k, v
			}
		}
		delete(m.allowed, oldest)
	}
	m.allowed[remote] = now
}

// inbound filters and translates a datagram that arrived at an external
// address at time now. Called with mu held.
func (t *NAT) inbound(now time.Time, frame []byte, src, dst netip.AddrPort) {
	drop := func(why string) {
		t.net.trace(now, t.cfg.Name, "drop", src, dst, len(frame)-frameHeaderLen(frame), why)
	}
	if t.cfg.BlockUDP {
		t.stats.Blocked++
		drop("UDP blocked")
		return
	}
	m := t.byExt[dst]
	if m != nil && !now.Before(m.expires) {
		t.remove(m)
		m = nil
	}
	if m == nil {
		t.stats.NoMapping++
		drop("no mapping")
		return
	}
	if m.allowed != nil {
		at, ok := m.allowed[t.filterKey(src)]
		if !ok || !now.Before(at.Add(t.cfg.MappingTimeout)) {
			t.stats.Filtered++
			drop("filtered (" + t.cfg.Filtering.String() + ")")
			return
		}
	}
	if t.cfg.InboundRefresh {
		m.expires = now.Add(t.cfg.MappingTimeout)
	}
	rewriteFrame(frame, src, m.key.internal)
	t.stats.Forwarded++
	t.net.traceNAT(now, t.cfg.Name, "in", src, dst, src, m.key.internal, len(frame)-frameHeaderLen(frame))
	t.inside.route(now, frame, src, m.key.internal)
}

// allocPort picks a free external port on ext for an internal port (RFC
// 4787 §4.2): the same port if PortPreservation is on and it is free,
// otherwise a random port in the same range (REQ-3a: 1–1023 or
// 1024–65535) with the same parity (REQ-4). No port is ever shared by two
// mappings (REQ-3: no port overloading). Called with mu held.
func (t *NAT) allocPort(now time.Time, ext netip.Addr, internal uint16) (uint16, bool) {
	if len(t.byExt) >= t.cfg.MaxMappings {
		for _, m := range t.byExt {
			if !now.Before(m.expires) {
				t.remove(m)
			}
		}
		if len(t.byExt) >= t.cfg.MaxMappings {
			return 0, false
		}
	}
	free := func(p int) bool {
		m, used := t.byExt[netip.AddrPortFrom(ext, uint16(p))]
		if used && !now.Before(m.expires) {
			t.remove(m)
			used = false
		}
		return !used
	}
	if t.cfg.PortPreservation && internal != 0 && free(int(internal)) {
		return internal, true
	}
	lo, hi := 1024, 65535
	if internal < 1024 {
		lo, hi = 1, 1023
	}
	parity := int(internal) & 1
	span := (hi - lo + 1) / 2
	for range 64 {
		p := lo + 2*t.rng.IntN(span)
		if p&1 != parity {
			p++
		}
		if p <= hi && free(p) {
			return uint16(p), true
		}
	}
	for p := lo; p <= hi; p++ {
		if free(p) {
			return uint16(p), true
		}
	}
	return 0, false
}

// LinkStats returns the counters of the NAT's WAN links: up toward the
// outside realm, down from it.
func (t *NAT) LinkStats() (up, down LinkStats) {
	t.net.mu.Lock()
	defer t.net.mu.Unlock()
	return t.wanUp.link.Stats(), t.wanDown.link.Stats()
}
