package vnet

import (
	"fmt"
	"net/netip"
	"time"
)

// Realm is an address realm (RFC 2663 §2.1): the internet, or a private
// network behind a NAT. Every address in a realm belongs to one host
// interface or to the external side of one NAT whose private realm hangs
// below it. Datagrams to addresses the realm does not know leave through the
// realm's NAT (for a private realm) or are dropped (on the internet).
type Realm struct {
	net        *Network
	name       string
	v4, v6     netip.Prefix
	next4      netip.Addr
	next6      netip.Addr
	ifaces     map[netip.Addr]*Interface
	nats       map[netip.Addr]*NAT // NATs whose external addresses are here
	router     *NAT                // the NAT this realm sits behind; nil for the internet
	registered map[netip.Addr]bool
}

func (n *Network) newRealm(name string, v4, v6 netip.Prefix, router *NAT) *Realm {
	r := &Realm{
		net:        n,
		name:       name,
		v4:         v4,
		v6:         v6,
		next4:      v4.Addr().Next(), // skip the network address
		next6:      v6.Addr().Next(),
		ifaces:     make(map[netip.Addr]*Interface),
		nats:       make(map[netip.Addr]*NAT),
		router:     router,
		registered: make(map[netip.Addr]bool),
	}
	n.realms = append(n.realms, r)
	return r
}

// Name returns the realm's name ("internet", or the NAT's name).
func (r *Realm) Name() string { return r.name }

// Prefixes returns the IPv4 and IPv6 prefixes addresses are numbered from.
func (r *Realm) Prefixes() (v4, v6 netip.Prefix) { return r.v4, r.v6 }

// NAT returns the NAT this realm sits behind, or nil for the internet.
func (r *Realm) NAT() *NAT { return r.router }

// String returns the realm's name and prefixes.
func (r *Realm) String() string { return fmt.Sprintf("%s(%v, %v)", r.name, r.v4, r.v6) }

// allocate returns the next free address of the family (4 or 6). Called
// with mu held.
func (r *Realm) allocate(family int) (netip.Addr, error) {
	p, next := r.v4, &r.next4
	if family == 6 {
		p, next = r.v6, &r.next6
	}
	for a := *next; p.Contains(a); a = a.Next() {
		if !r.registered[a] {
			*next = a.Next()
			return a, nil
		}
	}
	return netip.Addr{}, fmt.Errorf("vnet: realm %s has no free IPv%d address in %v", r.name, family, p)
}

// claim reserves address a in the realm. Called with mu held.
func (r *Realm) claim(a netip.Addr) error {
	if !a.IsValid() || a.IsUnspecified() || a.IsMulticast() || a.Is4In6() || a.Zone() != "" {
		return fmt.Errorf("vnet: %v cannot be an interface address", a)
	}
	if r.registered[a] {
		return fmt.Errorf("vnet: address %v is already in use in realm %s", a, r.name)
	}
	r.registered[a] = true
	return nil
}

// route forwards a frame that arrived in the realm at time now: to a host
// interface, to a NAT's external side, or out through the realm's own NAT.
// Called with mu held; frame may be modified.
func (r *Realm) route(now time.Time, frame []byte, src, dst netip.AddrPort) {
	if ifc, ok := r.ifaces[dst.Addr()]; ok {
		r.net.send(ifc.down, now, frame)
		return
	}
	if nat, ok := r.nats[dst.Addr()]; ok {
		r.net.send(nat.wanDown, now, frame)
		return
	}
	if r.router != nil {
		r.router.outbound(now, frame, src, dst)
		return
	}
	r.net.stats.NoRoute++
	r.net.trace(now, r.name, "drop", src, dst, len(frame)-frameHeaderLen(frame), "no route")
}
