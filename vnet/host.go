package vnet

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"syscall"
	"time"
)

// InterfaceConfig describes one network interface of a host.
type InterfaceConfig struct {
	// Name is the interface name; default "eth0", "eth1", … by position.
	Name string
	// Realm is the network the interface attaches to; default the internet.
	Realm *Realm
	// Addrs are the interface's addresses. When empty, one IPv4 address is
	// numbered from the realm's prefix, plus one IPv6 address if IPv6 is
	// set.
	Addrs []netip.Addr
	// IPv6 adds a numbered IPv6 address when Addrs is empty.
	IPv6 bool
	// NoIPv4 leaves out the numbered IPv4 address when Addrs is empty (for
	// an IPv6-only interface, set IPv6 too).
	NoIPv4 bool
	// Up is the link from the host into the realm, Down the link back.
	Up, Down LinkConfig
}

// HostConfig describes a host.
type HostConfig struct {
	// Name identifies the host in logs and errors.
	Name string
	// Interfaces lists the host's interfaces; default one interface on the
	// internet with a numbered IPv4 address.
	Interfaces []InterfaceConfig
	// QueueLen caps the datagrams waiting in each endpoint's receive queue
	// (like a socket receive buffer); more are dropped. Default 1024.
	QueueLen int
	// QueueBytes caps the payload bytes waiting in each endpoint's receive
	// queue, as a socket receive buffer does; more are dropped. Default
	// 1 MiB.
	QueueBytes int
	// Seed drives ephemeral port choice; zero derives one from the
	// network's seed.
	Seed uint64
}

// Host is a machine on the simulated network: interfaces with addresses, and
// UDP endpoints bound to them.
type Host struct {
	net    *Network
	name   string
	ifaces []*Interface
	conns  map[netip.AddrPort]*UDPConn // bound address (maybe unspecified) and port
	qlen   int
	qbytes int
	rng    *rand.Rand
}

// Interface is one network interface of a Host.
type Interface struct {
	host  *Host
	name  string
	index int
	realm *Realm
	addrs []netip.Addr
	up    *hop
	down  *hop
}

// Name returns the interface name, for example "eth0".
func (i *Interface) Name() string { return i.name }

// Index returns the interface's position, starting at 1 as in net.Interface.
func (i *Interface) Index() int { return i.index }

// Realm returns the realm the interface attaches to.
func (i *Interface) Realm() *Realm { return i.realm }

// Addrs returns the interface's addresses.
func (i *Interface) Addrs() []netip.Addr { return slices.Clone(i.addrs) }

// NewHost adds a host to the network.
func (n *Network) NewHost(cfg HostConfig) (*Host, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, ErrNetworkClosed
	}
	if cfg.Name == "" {
		cfg.Name = fmt.Sprintf("host%d", len(n.hosts)+1)
	}
	if len(cfg.Interfaces) == 0 {
		cfg.Interfaces = []InterfaceConfig{{}}
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = 1024
	}
	if cfg.QueueBytes <= 0 {
		cfg.QueueBytes = 1 << 20
	}
	h := &Host{
		net:    n,
		name:   cfg.Name,
		conns:  make(map[netip.AddrPort]*UDPConn),
		qlen:   cfg.QueueLen,
		qbytes: cfg.QueueBytes,
		rng:    rand.New(rand.NewPCG(n.seed(cfg.Seed), 0x2545f4914f6cdd1d)),
	}
	var claimed []struct {
		r *Realm
		a netip.Addr
	}
	undo := func() {
		for _, c := range claimed {
			delete(c.r.registered, c.a)
		}
	}
	for i, ic := range cfg.Interfaces {
		r := ic.Realm
		if r == nil {
			r = n.internet
		}
		if r.net != n {
			undo()
			return nil, errors.New("vnet: interface realm belongs to another network")
		}
		addrs := slices.Clone(ic.Addrs)
		if len(addrs) == 0 {
			if !ic.NoIPv4 {
				a, err := r.allocate(4)
				if err != nil {
					undo()
					return nil, err
				}
				addrs = append(addrs, a)
			}
			if ic.IPv6 {
				a, err := r.allocate(6)
				if err != nil {
					undo()
					return nil, err
				}
				addrs = append(addrs, a)
			}
			if len(addrs) == 0 {
				undo()
				return nil, fmt.Errorf("vnet: interface %d of %s has no address", i, cfg.Name)
			}
		}
		for _, a := range addrs {
			if err := r.claim(a); err != nil {
				undo()
				return nil, err
			}
			claimed = append(claimed, struct {
				r *Realm
				a netip.Addr
			}{r, a})
		}
		name := ic.Name
		if name == "" {
			name = fmt.Sprintf("eth%d", i)
		}
		ifc := &Interface{host: h, name: name, index: i + 1, realm: r, addrs: addrs}
		ifc.up = n.newHop(ic.Up, func(now time.Time, frame []byte) {
			src, dst, _, err := parseFrame(frame)
			if err != nil {
				panic("BUG: vnet: bad frame on an uplink")
			}
			r.route(now, frame, src, dst)
		})
		ifc.down = n.newHop(ic.Down, h.receive)
		h.ifaces = append(h.ifaces, ifc)
	}
	for _, ifc := range h.ifaces {
		for _, a := range ifc.addrs {
			ifc.realm.ifaces[a] = ifc
		}
	}
	n.hosts = append(n.hosts, h)
	return h, nil
}

// Name returns the host's name.
func (h *Host) Name() string { return h.name }

// Interfaces returns the host's interfaces, in configuration order.
func (h *Host) Interfaces() []*Interface { return slices.Clone(h.ifaces) }

// Addrs returns the addresses of all the host's interfaces, in order: what
// an ICE agent gathers host candidates from (RFC 8445 §5.1.1.1).
func (h *Host) Addrs() []netip.Addr {
	var out []netip.Addr
	for _, i := range h.ifaces {
		out = append(out, i.addrs...)
	}
	return out
}

// String returns the host's name and addresses.
func (h *Host) String() string { return fmt.Sprintf("%s%v", h.name, h.Addrs()) }

// owns reports whether a is one of the host's addresses.
func (h *Host) owns(a netip.Addr) bool {
	for _, i := range h.ifaces {
		if slices.Contains(i.addrs, a) {
			return true
		}
	}
	return false
}

// sourceFor picks the interface and source address for a datagram to dst
// when the endpoint is bound to bound (possibly unspecified): the bound
// address's interface, or the first interface with an address of dst's
// family, as a host with a single default route would.
func (h *Host) sourceFor(bound, dst netip.Addr) (*Interface, netip.Addr, bool) {
	for _, i := range h.ifaces {
		for _, a := range i.addrs {
			if a.Is4() != dst.Is4() {
				continue
			}
			if bound.IsUnspecified() || a == bound {
				return i, a, true
			}
		}
	}
	return nil, netip.Addr{}, false
}

// receive hands a frame that arrived on one of the host's interfaces to the
// endpoint bound to its destination. Called with mu held.
func (h *Host) receive(now time.Time, frame []byte) {
	src, dst, payload, err := parseFrame(frame)
	if err != nil {
		panic("BUG: vnet: bad frame on a downlink")
	}
	h.deliverLocal(now, src, dst, payload)
}

// deliverLocal queues payload on the endpoint bound to dst. Called with mu
// held.
func (h *Host) deliverLocal(now time.Time, src, dst netip.AddrPort, payload []byte) {
	n := h.net
	c := h.conns[dst]
	if c == nil {
		c = h.conns[netip.AddrPortFrom(unspecified(dst.Addr()), dst.Port())]
	}
	if c == nil {
		n.stats.NoListener++
		n.trace(now, h.name, "drop", src, dst, len(payload), "no endpoint on the port")
		return
	}
	if c.handler == nil && !c.enqueue(src, payload) {
		n.stats.QueueFull++
		n.trace(now, h.name, "drop", src, dst, len(payload), "receive queue full")
		return
	}
	n.stats.Delivered++
	n.trace(now, h.name, "recv", src, dst, len(payload), "")
	if c.handler != nil {
		c.handler(now, src, dst, payload)
	}
}

func unspecified(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.IPv4Unspecified()
	}
	return netip.IPv6Unspecified()
}

// ListenPacket opens a UDP endpoint on the host, with the arguments of
// net.ListenPacket: network is "udp", "udp4" or "udp6"; address is
// "host:port" where host is empty, an unspecified address or one of the
// host's addresses, and port 0 picks a free ephemeral port. It lets the same
// driver code run on the simulated network and on real sockets.
func (h *Host) ListenPacket(network, address string) (net.PacketConn, error) {
	c, err := h.listen(network, address)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ListenUDP is ListenPacket returning the concrete endpoint type.
func (h *Host) ListenUDP(network, address string) (*UDPConn, error) {
	return h.listen(network, address)
}

func (h *Host) listen(network, address string) (*UDPConn, error) {
	opErr := func(err error) error {
		return &net.OpError{Op: "listen", Net: network, Err: err}
	}
	var fam int // 0: both, 4, 6
	switch network {
	case "udp":
	case "udp4":
		fam = 4
	case "udp6":
		fam = 6
	default:
		return nil, opErr(net.UnknownNetworkError(network))
	}
	hostPart, portPart, err := net.SplitHostPort(address)
	if err != nil {
		return nil, opErr(err)
	}
	// Numeric ports only: service names would depend on the machine's
	// services database.
	port, err := strconv.Atoi(portPart)
	if err != nil || port < 0 || port > 65535 {
		return nil, opErr(fmt.Errorf("vnet: bad port %q", portPart))
	}
	var ip netip.Addr
	switch {
	case hostPart == "" && fam == 6:
		ip = netip.IPv6Unspecified()
	case hostPart == "":
		ip = netip.IPv4Unspecified()
		if fam == 0 {
			ip = netip.IPv6Unspecified() // dual-stack wildcard
		}
	default:
		ip, err = netip.ParseAddr(hostPart)
		if err != nil {
			return nil, opErr(err)
		}
		ip = ip.Unmap()
		if (fam == 4 && !ip.Is4()) || (fam == 6 && ip.Is4()) {
			return nil, opErr(fmt.Errorf("vnet: address %v is not %s", ip, network))
		}
		// "0.0.0.0:p" binds IPv4 only; "[::]:p" on "udp" (fam 0) is the
		// dual-stack wildcard, as on Linux.
		if ip.IsUnspecified() && ip.Is4() {
			fam = 4
		}
	}
	n := h.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, opErr(net.ErrClosed)
	}
	if !ip.IsUnspecified() && !h.owns(ip) {
		return nil, opErr(fmt.Errorf("vnet: %v is not an address of host %s: %w", ip, h.name, errAddrNotAvailable))
	}
	dual := ip.IsUnspecified() && fam == 0
	if port == 0 {
		port = h.ephemeralPort(ip, dual)
		if port == 0 {
			return nil, opErr(errors.New("vnet: no free ephemeral port"))
		}
	} else if h.portInUse(ip, dual, uint16(port)) {
		return nil, opErr(fmt.Errorf("vnet: %s %v: %w", network, netip.AddrPortFrom(ip, uint16(port)), errAddrInUse))
	}
	c := newUDPConn(h, netip.AddrPortFrom(ip, uint16(port)), dual)
	h.conns[c.local] = c
	if dual {
		h.conns[netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(port))] = c
	}
	return c, nil
}

var (
	// The errno values a real socket reports, so that driver code can
	// test for them with errors.Is on either.
	errAddrInUse        error = syscall.EADDRINUSE
	errAddrNotAvailable error = syscall.EADDRNOTAVAIL
)

// portInUse reports whether binding ip:port (dual: both wildcard families)
// conflicts with an existing endpoint. Called with mu held.
func (h *Host) portInUse(ip netip.Addr, dual bool, port uint16) bool {
	for ap := range h.conns {
		if ap.Port() != port {
			continue
		}
		a := ap.Addr()
		if dual || a == ip {
			return true
		}
		if a.Is4() != ip.Is4() {
			continue
		}
		if a.IsUnspecified() || ip.IsUnspecified() {
			return true
		}
	}
	return false
}

// ephemeralPort picks a free port in the dynamic range 49152–65535 (RFC
// 6335 §6), starting at a random point. It returns 0 if none is free.
// Called with mu held.
func (h *Host) ephemeralPort(ip netip.Addr, dual bool) int {
	const lo, n = 49152, 65536 - 49152
	start := h.rng.IntN(n)
	for i := range n {
		p := lo + (start+i)%n
		if !h.portInUse(ip, dual, uint16(p)) {
			return p
		}
	}
	return 0
}

// send routes a datagram from an endpoint bound to bound, to dst. Called
// with mu held.
func (h *Host) send(now time.Time, bound netip.AddrPort, dst netip.AddrPort, payload []byte) error {
	dst = netip.AddrPortFrom(dst.Addr().Unmap(), dst.Port())
	if h.owns(dst.Addr()) {
		if !bound.Addr().IsUnspecified() && bound.Addr().Is4() != dst.Addr().Is4() {
			return errNoRoute
		}
		src := netip.AddrPortFrom(dst.Addr(), bound.Port())
		if !bound.Addr().IsUnspecified() {
			src = bound
		}
		h.deliverLocal(now, src, dst, payload)
		return nil
	}
	ifc, srcIP, ok := h.sourceFor(bound.Addr(), dst.Addr())
	if !ok {
		return errNoRoute
	}
	n := h.net
	n.trace(now, h.name, "send", netip.AddrPortFrom(srcIP, bound.Port()), dst, len(payload), "")
	n.buf = appendFrame(n.buf[:0], netip.AddrPortFrom(srcIP, bound.Port()), dst, payload)
	n.send(ifc.up, now, n.buf)
	return nil
}

var errNoRoute error = syscall.ENETUNREACH

// LinkStats returns the counters of the interface's links: up carries the
// host's datagrams into the realm, down brings them back.
func (i *Interface) LinkStats() (up, down LinkStats) {
	mu := &i.host.net.mu
	mu.Lock()
	defer mu.Unlock()
	return i.up.link.Stats(), i.down.link.Stats()
}
