package vnet_test

import (
	"fmt"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
	"github.com/c4c1f6e1/webrtc/vnet"
)

// Example builds a small internet: a STUN server, and two hosts behind
// NATs of different RFC 4787 kinds. With zero-delay links it runs on the
// real clock too; tests with delays should run it inside synctest.Test.
func Example() {
	n := vnet.NewNetwork(vnet.NetworkConfig{Seed: 1})
	defer n.Close()

	stunHost, _ := n.NewHost(vnet.HostConfig{Name: "stun"})
	stunHost.ServeSTUN(":3478")

	home, _ := n.NewNAT(n.Internet(), vnet.NATConfig{Name: "home", Mapping: vnet.EndpointIndependent, Filtering: vnet.AddressAndPortDependent})
	office, _ := n.NewNAT(n.Internet(), vnet.NATConfig{Name: "office", Mapping: vnet.AddressAndPortDependent, Filtering: vnet.AddressAndPortDependent})
	alice, _ := n.NewHost(vnet.HostConfig{Name: "alice", Interfaces: []vnet.InterfaceConfig{{Realm: home.Inside()}}})
	bob, _ := n.NewHost(vnet.HostConfig{Name: "bob", Interfaces: []vnet.InterfaceConfig{{Realm: office.Inside()}}})

	fmt.Println(home, "external", home.ExternalAddrs()[0])
	fmt.Println(office, "external", office.ExternalAddrs()[0])
	fmt.Println("alice", alice.Addrs(), "bob", bob.Addrs(), "stun", stunHost.Addrs())

	// The same code would run on a real socket from net.ListenPacket.
	conn, _ := alice.ListenPacket("udp4", ":5000")
	defer conn.Close()
	var b stun.Builder
	b.Reset(nil, stun.BindingRequest, stun.TransactionID{1})
	conn.WriteTo(b.Message(), &netAddr{netip.AddrPortFrom(stunHost.Addrs()[0], 3478)})
	buf := make([]byte, 1500)
	k, _, _ := conn.ReadFrom(buf)
	m, _ := stun.Parse(buf[:k])
	mapped, _ := m.XORAddress(stun.AttrXORMappedAddress)
	fmt.Println("alice's server-reflexive address:", mapped)
	// Output:
	// home(EIM/APDF) external 198.18.0.2
	// office(APDM/APDF) external 198.18.0.3
	// alice [10.1.0.1] bob [10.2.0.1] stun [198.18.0.1]
	// alice's server-reflexive address: 198.18.0.2:18506
}

// netAddr is any net.Addr whose String is "ip:port"; WriteTo accepts it as
// well as *net.UDPAddr.
type netAddr struct{ netip.AddrPort }

func (netAddr) Network() string { return "udp" }

// TestTwoPeersBehindNATs is the narrated end-to-end scenario: two peers
// behind NATs with 40 ms of delay learn their mappings and exchange a
// datagram, on synthetic time.
func TestTwoPeersBehindNATs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := vnet.NewNetwork(vnet.NetworkConfig{Seed: 7})
		defer n.Close()
		wan := vnet.LinkConfig{Delay: 20 * time.Millisecond}
		stunHost, _ := n.NewHost(vnet.HostConfig{Name: "stun"})
		if _, err := stunHost.ServeSTUN(":3478"); err != nil {
			t.Fatal(err)
		}
		server := netip.AddrPortFrom(stunHost.Addrs()[0], 3478)
		var peers [2]*vnet.UDPConn
		var mapped [2]netip.AddrPort
		for i, name := range []string{"alice", "bob"} {
			nat, err := n.NewNAT(n.Internet(), vnet.NATConfig{Name: name + "-nat", Filtering: vnet.AddressAndPortDependent, WANUp: wan, WANDown: wan})
			if err != nil {
				t.Fatal(err)
			}
			host, _ := n.NewHost(vnet.HostConfig{Name: name, Interfaces: []vnet.InterfaceConfig{{Realm: nat.Inside()}}})
			peers[i], _ = host.ListenUDP("udp4", ":5000")
			defer peers[i].Close()

			t.Logf("# %s asks the STUN server for its server-reflexive address", name)
			var b stun.Builder
			b.Reset(nil, stun.BindingRequest, stun.TransactionID{byte(i)})
			start := time.Now()
			peers[i].WriteToUDPAddrPort(b.Message(), server)
			buf := make([]byte, 1500)
			k, _, err := peers[i].ReadFromUDPAddrPort(buf)
			if err != nil {
				t.Fatal(err)
			}
			m, _ := stun.Parse(buf[:k])
			mapped[i], _ = m.XORAddress(stun.AttrXORMappedAddress)
			t.Logf("# %s is %v as seen from outside (round trip %v)", name, mapped[i], time.Since(start))
			if time.Since(start) != 40*time.Millisecond {
				t.Fatalf("STUN round trip %v, want the 2×20 ms WAN delay", time.Since(start))
			}
		}
		t.Logf("# both send to the other's mapping; the first datagram opens each filter (RFC 4787 §5)")
		peers[0].WriteToUDPAddrPort([]byte("hello bob"), mapped[1])
		peers[1].WriteToUDPAddrPort([]byte("hello alice"), mapped[0])
		buf := make([]byte, 100)
		for i, want := range []string{"hello alice", "hello bob"} {
			peers[i].SetReadDeadline(time.Now().Add(time.Second))
			k, from, err := peers[i].ReadFromUDPAddrPort(buf)
			if err != nil || string(buf[:k]) != want || from != mapped[1-i] {
				t.Fatalf("peer %d got %q from %v (%v), want %q from %v", i, buf[:k], from, err, want, mapped[1-i])
			}
		}
		t.Logf("# each received the other's greeting from its mapped address")
	})
}
