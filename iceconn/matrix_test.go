package iceconn

import (
	"context"
	"errors"
	"fmt"
	"github.com/c4c1f6e1/webrtc/ice"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// connectOnVnet runs two agents behind the given network kinds with a STUN
// server on the internet, and returns the selected pair of A (ok=false if
// the agents failed or did not connect within the limit).
func connectOnVnet(t *testing.T, ka, kb vnet.NATKind, seed uint64) (ice.Pair, bool, error) {
	n := vnet.NewNetwork(vnet.NetworkConfig{Seed: seed})
	defer n.Close()
	stunHost, err := n.NewHost(vnet.HostConfig{Name: "stun"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stunHost.ServeSTUN(":3478"); err != nil {
		t.Fatal(err)
	}
	server := ice.STUNServer{URL: "stun:stun.example:3478", Address: netip.AddrPortFrom(stunHost.Addrs()[0], 3478)}
	wan := vnet.LinkConfig{Delay: 10 * time.Millisecond}
	mk := func(name string, k vnet.NATKind, controlling bool, other **Conn) *Conn {
		k.NAT.WANUp, k.NAT.WANDown = wan, wan
		h, _, err := n.NewHostBehind(k, vnet.HostConfig{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		sock, err := h.ListenUDP("udp4", netip.AddrPortFrom(h.Addrs()[0], 0).String())
		if err != nil {
			t.Fatal(err)
		}
		c, err := NewConn(ice.Config{Controlling: controlling, STUNServers: []ice.STUNServer{server}, Rand: seededReader(seed)}, []PacketConn{sock}, func(e ice.Event) {
			switch {
			case e.Type == ice.EventCandidate:
				_ = (*other).AddRemoteCandidate(e.Candidate)
			case e.Type == ice.EventGatheringState && e.GatheringState == ice.GatheringComplete:
				(*other).EndOfRemoteCandidates()
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	var a, b *Conn
	a = mk("A", ka, true, &b)
	b = mk("B", kb, false, &a)
	defer a.Close()
	defer b.Close()
	au, ap := a.LocalCredentials()
	bu, bp := b.LocalCredentials()
	_ = a.SetRemoteCredentials(bu, bp)
	_ = b.SetRemoteCredentials(au, ap)
	_ = a.Gather()
	_ = b.Gather()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pa, errA := a.WaitConnected(ctx)
	_, errB := b.WaitConnected(ctx)
	if errA == nil {
		errA = errB
	}
	return pa, errA == nil && errB == nil, errA
}

func TestConnectivityMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("49 simulated sessions")
	}
	t.Logf("# every pair of network kinds of vnet/CONNECTIVITY.md (RFC 4787 mapping × filtering, plus no NAT and UDP blocked):")
	t.Logf("# ICE with a STUN server and no TURN must connect exactly on the D and P cells, and end in the W3C")
	t.Logf("# \"failed\" state elsewhere (\"fail\" in the table)")
	kinds := vnet.MatrixKinds()
	var table strings.Builder
	fmt.Fprintf(&table, "%-10s", "A \\ B")
	for _, k := range kinds {
		fmt.Fprintf(&table, "| %-13s", k.Name)
	}
	table.WriteString("\n")
	for i, ka := range kinds {
		fmt.Fprintf(&table, "%-10s", ka.Name)
		for j, kb := range kinds {
			want, _ := vnet.ExpectedReach(ka.Name, kb.Name)
			var p ice.Pair
			var ok bool
			var err error
			synctest.Test(t, func(t *testing.T) {
				p, ok, err = connectOnVnet(t, ka, kb, uint64(100+i*10+j))
			})
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s ↔ %s: neither connected nor failed within 5 minutes", ka.Name, kb.Name)
			}
			cell := string(want) + " fail"
			if ok {
				cell = fmt.Sprintf("%s %s/%s", want, p.Local.Type, p.Remote.Type)
			}
			fmt.Fprintf(&table, "| %-13s", cell)
			if shouldConnect := want == vnet.ReachDirect || want == vnet.ReachPrflx; ok != shouldConnect {
				t.Errorf("%s ↔ %s: connected=%v, CONNECTIVITY.md says %s", ka.Name, kb.Name, ok, want)
			}
		}
		table.WriteString("\n")
	}
	t.Logf("# cell: expected reach, then the selected pair's local/remote candidate types as seen by A\n%s", table.String())
}
