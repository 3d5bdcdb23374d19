package vnet

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

func TestMultihomedHostPicksInterfaceByBinding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 5})
		nat := h.nat(NATConfig{})
		t.Logf("# a host with a LAN interface (eth0) and a public one (eth1)")
		m := h.host("m", InterfaceConfig{Realm: nat.Inside()}, InterfaceConfig{})
		srv := h.listen(h.host("srv"), ":9")
		lan, pub := m.Interfaces()[0].Addrs()[0], m.Interfaces()[1].Addrs()[0]
		viaPub := h.listen(m, netip.AddrPortFrom(pub, 1).String())
		viaLAN := h.listen(m, netip.AddrPortFrom(lan, 1).String())
		h.write(viaPub, addr(srv.Host(), 9), "pub")
		h.want("from the public interface, untranslated", srv, "pub", netip.AddrPortFrom(pub, 1), time.Second)
		h.write(viaLAN, addr(srv.Host(), 9), "lan")
		_, from, _ := h.recv(srv, time.Second)
		if from.Addr() != nat.ExternalAddrs()[0] {
			t.Fatalf("datagram from the LAN interface arrived from %v, want the NAT's address", from)
		}
		t.Logf("# a wildcard endpoint uses the first interface with the family (eth0)")
		wild := h.listen(m, ":2")
		h.write(wild, addr(srv.Host(), 9), "any")
		_, from, _ = h.recv(srv, time.Second)
		if from.Addr() != nat.ExternalAddrs()[0] {
			t.Fatalf("wildcard endpoint sent from %v", from)
		}
		t.Logf("# and datagrams to the host's own addresses are delivered locally")
		h.write(wild, netip.AddrPortFrom(pub, 1), "self")
		h.want("loop", viaPub, "self", netip.AddrPortFrom(pub, 2), time.Second)
	})
}

func TestListenBinding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		a := h.host("a", InterfaceConfig{IPv6: true}, InterfaceConfig{})
		addrs := a.Addrs()
		if len(addrs) != 3 || !addrs[0].Is4() || !addrs[1].Is6() || !addrs[2].Is4() {
			t.Fatalf("addresses %v, want v4, v6 on eth0 and v4 on eth1", addrs)
		}
		ifs := a.Interfaces()
		if len(ifs) != 2 || ifs[0].Name() != "eth0" || ifs[1].Index() != 2 || len(ifs[0].Addrs()) != 2 {
			t.Fatalf("interfaces %v", ifs)
		}
		c := h.listen(a, netip.AddrPortFrom(addrs[0], 7000).String())
		if la, ok := c.LocalAddr().(*net.UDPAddr); !ok || la.AddrPort() != netip.AddrPortFrom(addrs[0], 7000) {
			t.Fatalf("LocalAddr = %#v", c.LocalAddr())
		}
		for _, tc := range []struct {
			network, address string
			ok               bool
		}{
			{"udp4", netip.AddrPortFrom(addrs[0], 7000).String(), false}, // same address and port
			{"udp4", ":7000", false},                                     // wildcard over a specific bind
			{"udp", ":7000", false},                                      // dual-stack wildcard too
			{"udp4", netip.AddrPortFrom(addrs[2], 7000).String(), true},  // other address, same port
			{"udp6", ":7000", true},                                      // other family
			{"udp4", "203.0.113.9:1", false},                             // not our address
			{"udp6", netip.AddrPortFrom(addrs[0], 1).String(), false},    // wrong family
			{"tcp", ":1", false},
			{"udp4", "nonsense", false},
		} {
			c, err := a.ListenPacket(tc.network, tc.address)
			if strings.Contains(tc.address, ":7000") && !tc.ok && !errors.Is(err, syscall.EADDRINUSE) {
				t.Errorf("ListenPacket(%q, %q) = %v, want EADDRINUSE as from a real socket", tc.network, tc.address, err)
			}
			if (err == nil) != tc.ok {
				t.Errorf("ListenPacket(%q, %q) = %v, want ok=%v", tc.network, tc.address, err, tc.ok)
			}
			if err == nil {
				defer c.Close()
			}
		}
		t.Logf("# port 0 picks distinct ephemeral ports in 49152–65535 (RFC 6335 §6)")
		seen := map[uint16]bool{}
		for range 50 {
			c := h.listen(a, ":0")
			p := c.LocalAddrPort().Port()
			if p < 49152 || seen[p] {
				t.Fatalf("ephemeral port %d (seen before: %v)", p, seen[p])
			}
			seen[p] = true
		}
	})
}

func TestDualStackAndFamilies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		a := h.host("a", InterfaceConfig{IPv6: true})
		b := h.host("b", InterfaceConfig{IPv6: true})
		dual, err := a.ListenUDP("udp", ":5000")
		if err != nil {
			t.Fatal(err)
		}
		defer dual.Close()
		b4, _ := b.ListenUDP("udp4", ":6000")
		defer b4.Close()
		b6, _ := b.ListenUDP("udp6", ":6000")
		defer b6.Close()
		t.Logf("# a dual-stack endpoint sends and receives both families, from the matching address")
		h.write(dual, netip.AddrPortFrom(b.Addrs()[0], 6000), "v4")
		h.want("v4", b4, "v4", netip.AddrPortFrom(a.Addrs()[0], 5000), time.Second)
		h.write(dual, netip.AddrPortFrom(b.Addrs()[1], 6000), "v6")
		h.want("v6", b6, "v6", netip.AddrPortFrom(a.Addrs()[1], 5000), time.Second)
		h.write(b6, netip.AddrPortFrom(a.Addrs()[1], 5000), "back")
		h.want("v6 back", dual, "back", netip.AddrPortFrom(b.Addrs()[1], 6000), time.Second)
		t.Logf("# a udp4 endpoint cannot send to IPv6")
		if _, err := b4.WriteToUDPAddrPort([]byte("x"), netip.AddrPortFrom(a.Addrs()[1], 5000)); err == nil {
			t.Fatalf("udp4 endpoint sent to an IPv6 address")
		}
	})
}
