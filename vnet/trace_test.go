package vnet

import (
	"strings"
	"testing"
	"testing/synctest"
)

func TestTrace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events []string
		n := NewNetwork(NetworkConfig{Seed: 1, Trace: func(e TraceEvent) {
			t.Logf("trace: %v", e)
			events = append(events, e.Where+" "+e.What+" "+e.Why)
		}})
		defer n.Close()
		nat, _ := n.NewNAT(n.Internet(), NATConfig{Name: "nat", Filtering: AddressAndPortDependent})
		a, _ := n.NewHost(HostConfig{Name: "a", Interfaces: []InterfaceConfig{{Realm: nat.Inside()}}})
		b, _ := n.NewHost(HostConfig{Name: "b"})
		ca, _ := a.ListenUDP("udp4", ":1")
		defer ca.Close()
		cb, _ := b.ListenUDP("udp4", ":2")
		defer cb.Close()
		cb2, _ := b.ListenUDP("udp4", ":3")
		defer cb2.Close()
		ca.WriteToUDPAddrPort([]byte("hi"), addr(b, 2))
		synctest.Wait()
		_, m, _ := cb.ReadFromUDPAddrPort(make([]byte, 10))
		cb2.WriteToUDPAddrPort([]byte("no"), m)
		synctest.Wait()
		want := []string{"a send ", "nat out ", "b recv ", "b send ", "nat drop filtered (address-and-port-dependent)"}
		if strings.Join(events, "|") != strings.Join(want, "|") {
			t.Fatalf("trace %q, want %q", events, want)
		}
	})
}
