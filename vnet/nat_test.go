package vnet

import (
	"net/netip"
	"testing"
	"testing/synctest"
	"time"
)

// natScene is a client behind a NAT and two public servers with two ports
// each, for observing mappings and filters from outside.
type natScene struct {
	*netHarness
	nat           *NAT
	client        *UDPConn
	s1, s2        *Host
	s1a, s1b, s2a *UDPConn
}

func newNATScene(t *testing.T, cfg NATConfig) *natScene {
	h := newNetHarness(t, NetworkConfig{Seed: 42})
	nat := h.nat(cfg)
	c := h.host("client", InterfaceConfig{Realm: nat.Inside()})
	s1, s2 := h.host("s1"), h.host("s2")
	return &natScene{
		netHarness: h, nat: nat,
		client: h.listen(c, ":5000"),
		s1:     s1, s2: s2,
		s1a: h.listen(s1, ":3478"), s1b: h.listen(s1, ":3479"), s2a: h.listen(s2, ":3478"),
	}
}

// mappedBy sends from the client to server and returns the source address
// the server sees: the NAT mapping for that destination.
func (s *natScene) mappedBy(server *UDPConn) netip.AddrPort {
	s.t.Helper()
	dst := netip.AddrPortFrom(server.Host().Addrs()[0], server.LocalAddrPort().Port())
	s.write(s.client, dst, "probe")
	_, from, ok := s.recv(server, time.Second)
	if !ok {
		s.t.Fatalf("server %v got nothing from the client", dst)
	}
	return from
}

// reaches reports whether server can send to the mapping m and reach the
// client.
func (s *natScene) reaches(server *UDPConn, m netip.AddrPort) bool {
	s.t.Helper()
	s.write(server, m, "inbound")
	_, _, ok := s.recv(s.client, time.Second)
	return ok
}

func TestNATMappingBehaviour(t *testing.T) {
	for _, tc := range []struct {
		mapping         Behavior
		sameIPOtherPort bool // the mapping toward s1:3479 equals the one toward s1:3478
		otherIP         bool // the mapping toward s2 equals the one toward s1:3478
	}{
		{EndpointIndependent, true, true},
		{AddressDependent, true, false},
		{AddressAndPortDependent, false, false},
	} {
		t.Run(tc.mapping.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newNATScene(t, NATConfig{Mapping: tc.mapping})
				t.Logf("# RFC 4787 §4.1: %v mapping", tc.mapping)
				m1 := s.mappedBy(s.s1a)
				m2 := s.mappedBy(s.s1b)
				m3 := s.mappedBy(s.s2a)
				t.Logf("# mappings toward s1:3478 %v, s1:3479 %v, s2:3478 %v", m1, m2, m3)
				if m1.Addr() != s.nat.ExternalAddrs()[0] {
					t.Fatalf("mapping %v is not on the NAT's external address %v", m1, s.nat.ExternalAddrs()[0])
				}
				if (m1 == m2) != tc.sameIPOtherPort {
					t.Errorf("same IP, other port: reused = %v, want %v", m1 == m2, tc.sameIPOtherPort)
				}
				if (m1 == m3) != tc.otherIP {
					t.Errorf("other IP: reused = %v, want %v", m1 == m3, tc.otherIP)
				}
				t.Logf("# REQ-3: no port overloading: distinct mappings have distinct ports")
				if m1 != m2 && m1.Port() == m2.Port() || m1 != m3 && m1.Port() == m3.Port() {
					t.Errorf("two mappings share a port: %v %v %v", m1, m2, m3)
				}
				t.Logf("# and a second datagram on the same path reuses its mapping")
				if again := s.mappedBy(s.s1a); again != m1 {
					t.Errorf("mapping toward s1:3478 changed from %v to %v", m1, again)
				}
			})
		})
	}
}

func TestNATFilteringBehaviour(t *testing.T) {
	for _, tc := range []struct {
		filtering                   Behavior
		sameEndpoint, sameIP, other bool
	}{
		{EndpointIndependent, true, true, true},
		{AddressDependent, true, true, false},
		{AddressAndPortDependent, true, false, false},
	} {
		t.Run(tc.filtering.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newNATScene(t, NATConfig{Mapping: EndpointIndependent, Filtering: tc.filtering})
				t.Logf("# RFC 4787 §5: %v filtering; the client has sent only to s1:3478", tc.filtering)
				m := s.mappedBy(s.s1a)
				if got := s.reaches(s.s1a, m); got != tc.sameEndpoint {
					t.Errorf("s1:3478 → mapping passes = %v, want %v", got, tc.sameEndpoint)
				}
				if got := s.reaches(s.s1b, m); got != tc.sameIP {
					t.Errorf("s1:3479 → mapping passes = %v, want %v", got, tc.sameIP)
				}
				if got := s.reaches(s.s2a, m); got != tc.other {
					t.Errorf("s2:3478 → mapping passes = %v, want %v", got, tc.other)
				}
				st := s.nat.Stats()
				wantFiltered := 0
				for _, ok := range []bool{tc.sameEndpoint, tc.sameIP, tc.other} {
					if !ok {
						wantFiltered++
					}
				}
				if st.Filtered != wantFiltered {
					t.Errorf("Stats.Filtered = %d, want %d", st.Filtered, wantFiltered)
				}
				t.Logf("# nobody can reach an external port with no mapping")
				if s.reaches(s.s1a, netip.AddrPortFrom(m.Addr(), m.Port()+2)) {
					t.Errorf("a datagram to an unmapped port got through")
				}
				if s.nat.Stats().NoMapping != 1 {
					t.Errorf("Stats.NoMapping = %d, want 1", s.nat.Stats().NoMapping)
				}
			})
		})
	}
}

func TestNATHairpinning(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(map[bool]string{true: "on", false: "off"}[on], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newNetHarness(t, NetworkConfig{Seed: 3})
				nat := h.nat(NATConfig{Hairpinning: on})
				a := h.listen(h.host("a", InterfaceConfig{Realm: nat.Inside()}), ":4000")
				b := h.listen(h.host("b", InterfaceConfig{Realm: nat.Inside()}), ":4000")
				srv := h.listen(h.host("srv"), ":3478")
				srvAddr := netip.AddrPortFrom(srv.Host().Addrs()[0], 3478)
				t.Logf("# a and b learn their mappings from a public server")
				h.write(a, srvAddr, "x")
				_, ma, _ := h.recv(srv, time.Second)
				h.write(b, srvAddr, "x")
				_, mb, _ := h.recv(srv, time.Second)
				t.Logf("# a → b's mapping %v; b → a's mapping %v (hairpinning %v)", mb, ma, on)
				h.write(a, mb, "a to b")
				h.write(b, ma, "b to a")
				if !on {
					h.wantNothing("hairpin off", b, time.Second)
					h.wantNothing("hairpin off", a, time.Second)
					if d := nat.Stats().HairpinDropped; d != 2 {
						t.Fatalf("HairpinDropped = %d, want 2", d)
					}
					return
				}
				// RFC 4787 REQ-9a: "A NAT Hairpinning behavior MUST be
				// 'External source IP address and port'."
				h.want("hairpinned, from a's external mapping", b, "a to b", ma, time.Second)
				h.want("hairpinned, from b's external mapping", a, "b to a", mb, time.Second)
			})
		})
	}
}

func TestNATMappingTimeoutAndRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newNATScene(t, NATConfig{Filtering: AddressAndPortDependent, PortPreservation: true})
		if s.nat.Config().MappingTimeout != 5*time.Minute {
			t.Fatalf("default mapping timeout %v, want 5 min (RFC 4787 REQ-5c)", s.nat.Config().MappingTimeout)
		}
		m := s.mappedBy(s.s1a)
		t.Logf("# REQ-5: the mapping survives two minutes of silence")
		advance(2 * time.Minute)
		if !s.reaches(s.s1a, m) {
			t.Fatalf("mapping gone after 2 minutes")
		}
		t.Logf("# REQ-6: inbound traffic does not refresh (InboundRefresh off), so it expires 5 min after the last outbound")
		advance(3*time.Minute - time.Second)
		if !s.reaches(s.s1a, m) {
			t.Fatalf("mapping gone 1 s before its 5 minutes")
		}
		advance(time.Second)
		if s.reaches(s.s1a, m) {
			t.Fatalf("mapping alive 5 minutes after the last outbound datagram")
		}
		if n := s.nat.Mappings(time.Now()); n != 0 {
			t.Fatalf("%d live mappings, want 0", n)
		}
		t.Logf("# outbound datagrams keep a mapping alive indefinitely")
		m = s.mappedBy(s.s1a)
		for range 4 {
			advance(4 * time.Minute)
			if again := s.mappedBy(s.s1a); again != m {
				t.Fatalf("refreshed mapping changed from %v to %v", m, again)
			}
		}
		if !s.reaches(s.s1a, m) {
			t.Fatalf("refreshed mapping does not pass inbound traffic")
		}
	})
}

func TestNATInboundRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newNATScene(t, NATConfig{InboundRefresh: true, MappingTimeout: 2 * time.Minute})
		m := s.mappedBy(s.s1a)
		t.Logf("# REQ-6a: with inbound refresh, the server's packets keep the mapping alive")
		for range 5 {
			advance(time.Minute)
			if !s.reaches(s.s1a, m) {
				t.Fatalf("mapping expired despite inbound refresh")
			}
		}
	})
}

func TestNATBlockUDP(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newNATScene(t, NATConfig{BlockUDP: true})
		dst := netip.AddrPortFrom(s.s1.Addrs()[0], 3478)
		s.write(s.client, dst, "out")
		s.wantNothing("firewall drops outbound UDP", s.s1a, time.Second)
		if s.reaches(s.s1a, netip.AddrPortFrom(s.nat.ExternalAddrs()[0], 5000)) {
			t.Fatalf("firewall let inbound UDP through")
		}
		if st := s.nat.Stats(); st.Blocked != 2 {
			t.Fatalf("Blocked = %d, want 2", st.Blocked)
		}
	})
}

func TestNATPortAssignment(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 9})
		nat := h.nat(NATConfig{Mapping: AddressAndPortDependent, PortPreservation: true})
		c := h.host("c", InterfaceConfig{Realm: nat.Inside()})
		srv := h.host("srv")
		var servers []*UDPConn
		for i := range 20 {
			servers = append(servers, h.listen(srv, netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(7000+i)).String()))
		}
		for _, port := range []string{":5001", ":5002", ":700"} {
			cl := h.listen(c, port)
			seen := map[uint16]bool{}
			for i, sv := range servers {
				h.write(cl, netip.AddrPortFrom(srv.Addrs()[0], uint16(7000+i)), "p")
				_, from, ok := h.recv(sv, time.Second)
				if !ok {
					t.Fatalf("nothing arrived")
				}
				p := from.Port()
				if seen[p] {
					t.Fatalf("port %d reused by two mappings (REQ-3 forbids port overloading)", p)
				}
				seen[p] = true
				in := cl.LocalAddrPort().Port()
				if i == 0 && p != in {
					t.Errorf("first mapping of port %d got port %d; port preservation is on", in, p)
				}
				if p%2 != in%2 {
					t.Errorf("port %d mapped to %d: parity not preserved (REQ-4)", in, p)
				}
				if (in < 1024) != (p < 1024) {
					t.Errorf("port %d mapped to %d: range not kept (REQ-3a)", in, p)
				}
			}
		}
	})
}

func TestNATMaxMappings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 5})
		nat := h.nat(NATConfig{Mapping: AddressAndPortDependent, MaxMappings: 3, MappingTimeout: time.Minute})
		c := h.listen(h.host("c", InterfaceConfig{Realm: nat.Inside()}), ":5000")
		srv := h.host("srv")
		for i := range 5 {
			h.write(c, netip.AddrPortFrom(srv.Addrs()[0], uint16(100+i)), "p")
		}
		synctest.Wait()
		if st := nat.Stats(); st.MappingsCreated != 3 || st.Exhausted != 2 {
			t.Fatalf("created %d mappings, exhausted %d; want 3 and 2 with MaxMappings 3", st.MappingsCreated, st.Exhausted)
		}
		t.Logf("# once they expire, room is made again")
		advance(time.Minute)
		h.write(c, netip.AddrPortFrom(srv.Addrs()[0], 200), "p")
		synctest.Wait()
		if st := nat.Stats(); st.MappingsCreated != 4 || st.MappingsExpired != 3 {
			t.Fatalf("created %d, expired %d; want 4 and 3", st.MappingsCreated, st.MappingsExpired)
		}
	})
}

func TestNATIPv6(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 13})
		nat := h.nat(NATConfig{Filtering: AddressAndPortDependent})
		c := h.host("c", InterfaceConfig{Realm: nat.Inside(), IPv6: true, NoIPv4: true})
		if a := c.Addrs(); len(a) != 1 || !a[0].Is6() || !netip.MustParsePrefix("fd00:0:0:1::/64").Contains(a[0]) {
			t.Fatalf("IPv6-only host has %v", a)
		}
		s := h.host("s", InterfaceConfig{IPv6: true, NoIPv4: true})
		cc, _ := c.ListenUDP("udp6", ":5000")
		defer cc.Close()
		sc, _ := s.ListenUDP("udp6", ":6000")
		defer sc.Close()
		t.Logf("# IPv6 is translated like IPv4 (NAT66), to the NAT's IPv6 external address")
		h.write(cc, netip.AddrPortFrom(s.Addrs()[0], 6000), "v6")
		_, from, ok := h.recv(sc, time.Second)
		if !ok || from.Addr() != nat.ExternalAddrs()[1] {
			t.Fatalf("server saw %v (ok %v), want %v", from, ok, nat.ExternalAddrs()[1])
		}
		h.write(sc, from, "back")
		h.want("v6 reply", cc, "back", netip.AddrPortFrom(s.Addrs()[0], 6000), time.Second)
		t.Logf("# a NAT without an IPv4 external address drops IPv4")
		nat6, err := h.n.NewNAT(h.n.Internet(), NATConfig{ExternalAddrs: []netip.Addr{netip.MustParseAddr("2001:db8:ffff::1")}})
		if err != nil {
			t.Fatal(err)
		}
		c4 := h.listen(h.host("c4", InterfaceConfig{Realm: nat6.Inside()}), ":1")
		h.write(c4, netip.MustParseAddrPort("198.18.0.1:1"), "x")
		synctest.Wait()
		if nat6.Stats().NoAddress != 1 {
			t.Fatalf("NoAddress = %d, want 1", nat6.Stats().NoAddress)
		}
	})
}

func TestNATHairpinRespectsFiltering(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 14})
		nat := h.nat(NATConfig{Hairpinning: true, Filtering: AddressAndPortDependent})
		a := h.listen(h.host("a", InterfaceConfig{Realm: nat.Inside()}), ":4000")
		b := h.listen(h.host("b", InterfaceConfig{Realm: nat.Inside()}), ":4000")
		srv := h.listen(h.host("srv"), ":3478")
		srvAddr := addr(srv.Host(), 3478)
		h.write(a, srvAddr, "x")
		_, ma, _ := h.recv(srv, time.Second)
		h.write(b, srvAddr, "x")
		_, mb, _ := h.recv(srv, time.Second)
		t.Logf("# b has never sent to a's mapping, so b's APDF filter drops a's hairpinned datagram")
		h.write(a, mb, "first")
		h.wantNothing("filtered", b, time.Second)
		if nat.Stats().Filtered != 1 {
			t.Fatalf("Filtered = %d, want 1", nat.Stats().Filtered)
		}
		t.Logf("# once b has sent to a's mapping, a's next datagram passes")
		h.write(b, ma, "open")
		h.want("b → a", a, "open", mb, time.Second)
		h.write(a, mb, "second")
		h.want("a → b", b, "second", ma, time.Second)
	})
}

func TestNATFilterTableCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newNATScene(t, NATConfig{Filtering: AddressAndPortDependent, MaxFilterEntries: 2})
		t.Logf("# the client sends to three endpoints; the table keeps the two most recent")
		m := s.mappedBy(s.s1a)
		advance(time.Second)
		s.mappedBy(s.s1b)
		advance(time.Second)
		s.mappedBy(s.s2a)
		if s.reaches(s.s1a, m) {
			t.Errorf("the oldest entry (s1:3478) was not forgotten")
		}
		if !s.reaches(s.s1b, m) || !s.reaches(s.s2a, m) {
			t.Errorf("a recent entry was forgotten")
		}
	})
}

func TestNATConfigErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{})
		defer n.Close()
		other := NewNetwork(NetworkConfig{})
		defer other.Close()
		for _, tc := range []struct {
			name string
			r    *Realm
			cfg  NATConfig
		}{
			{"nil realm", nil, NATConfig{}},
			{"foreign realm", other.Internet(), NATConfig{}},
			{"two IPv4 externals", n.Internet(), NATConfig{ExternalAddrs: []netip.Addr{netip.MustParseAddr("198.18.1.1"), netip.MustParseAddr("198.18.1.2")}}},
			{"swapped prefixes", n.Internet(), NATConfig{IPv4Prefix: netip.MustParsePrefix("fd00::/64")}},
			{"unspecified external", n.Internet(), NATConfig{ExternalAddrs: []netip.Addr{netip.IPv4Unspecified()}}},
		} {
			if _, err := n.NewNAT(tc.r, tc.cfg); err == nil {
				t.Errorf("%s: NewNAT succeeded", tc.name)
			}
		}
		if _, err := n.NewNAT(n.Internet(), NATConfig{ExternalAddrs: []netip.Addr{netip.MustParseAddr("198.18.1.1")}}); err != nil {
			t.Fatalf("valid NAT after failed ones: %v", err)
		}
		t.Logf("# an address in use is refused to another NAT and to a host")
		if _, err := n.NewNAT(n.Internet(), NATConfig{ExternalAddrs: []netip.Addr{netip.MustParseAddr("198.18.1.1")}}); err == nil {
			t.Fatalf("second NAT with the same external address")
		}
		if _, err := n.NewHost(HostConfig{Interfaces: []InterfaceConfig{{Addrs: []netip.Addr{netip.MustParseAddr("198.18.1.1")}}}}); err == nil {
			t.Fatalf("host with a NAT's external address")
		}
	})
}

// BenchmarkNATTranslate measures the NAT's per-datagram work alone: the
// mapping and filter lookups and refresh, the header rewrite, and the hand-off
// to the WAN link (drained at once). It holds the network lock throughout,
// so the delivery goroutine stays out of the way.
func BenchmarkNATTranslate(b *testing.B) {
	n := NewNetwork(NetworkConfig{Seed: 1})
	defer n.Close()
	nat, _ := n.NewNAT(n.Internet(), NATConfig{Mapping: AddressAndPortDependent, Filtering: AddressAndPortDependent})
	src := netip.MustParseAddrPort("10.1.0.1:5000")
	dst := netip.MustParseAddrPort("198.18.9.9:3478")
	frame := appendFrame(nil, src, dst, make([]byte, 1200))
	n.mu.Lock()
	defer n.mu.Unlock()
	b.ReportAllocs()
	for b.Loop() {
		rewriteFrame(frame, src, dst)
		nat.outbound(t0, frame, src, dst)
		nat.wanUp.link.Deliver(t0, func([]byte) {})
		// The first send scheduled an event at t0, which never fires while
		// we hold the lock; later sends find it and schedule nothing.
	}
	if nat.stats.Translated == 0 || nat.stats.MappingsCreated != 1 {
		b.Fatalf("stats %+v: want every datagram translated through one mapping", nat.stats)
	}
}
