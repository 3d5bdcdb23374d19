package vnet

import (
	"net/netip"
	"testing"
	"testing/synctest"
	"time"
)

func TestRealmAddressExhaustion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{IPv4Prefix: netip.MustParsePrefix("192.0.2.0/30")})
		defer n.Close()
		t.Logf("# a /30 numbers .1, .2 and .3 (the network address is skipped)")
		for i := range 3 {
			if _, err := n.NewHost(HostConfig{}); err != nil {
				t.Fatalf("host %d: %v", i, err)
			}
		}
		if _, err := n.NewHost(HostConfig{}); err == nil {
			t.Fatalf("a fourth host got an address in a /30")
		}
		t.Logf("# a failed host releases what it claimed")
		if _, err := n.NewHost(HostConfig{Interfaces: []InterfaceConfig{{IPv6: true, NoIPv4: true}, {}}}); err == nil {
			t.Fatalf("host with an IPv4 interface in a full realm was created")
		}
		if _, err := n.NewHost(HostConfig{Interfaces: []InterfaceConfig{{Addrs: []netip.Addr{netip.MustParseAddr("2001:db8::1")}}}}); err != nil {
			t.Fatalf("the IPv6 address the failed host had numbered is still taken: %v", err)
		}
	})
}

func TestNestedNAT(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 4})
		t.Logf("# a home NAT behind a carrier-grade NAT: two translations on the way out")
		cgn := h.nat(NATConfig{Name: "cgn", IPv4Prefix: netip.MustParsePrefix("100.64.0.0/10")})
		home, err := h.n.NewNAT(cgn.Inside(), NATConfig{Name: "home"})
		if err != nil {
			t.Fatal(err)
		}
		if a := home.ExternalAddrs()[0]; !netip.MustParsePrefix("100.64.0.0/10").Contains(a) {
			t.Fatalf("home NAT external address %v is not in the CGN realm", a)
		}
		c := h.listen(h.host("c", InterfaceConfig{Realm: home.Inside()}), ":5000")
		srv := h.listen(h.host("srv"), ":3478")
		srvAddr := addr(srv.Host(), 3478)
		h.write(c, srvAddr, "out")
		_, from, ok := h.recv(srv, time.Second)
		if !ok || from.Addr() != cgn.ExternalAddrs()[0] {
			t.Fatalf("server saw %v (ok %v), want the CGN's external address %v", from, ok, cgn.ExternalAddrs()[0])
		}
		h.write(srv, from, "back")
		h.want("back through both NATs", c, "back", srvAddr, time.Second)
	})
}
