package vnet

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// punchPeer is one side of a hole-punching attempt.
type punchPeer struct {
	name    string
	conn    *UDPConn
	srflx   netip.AddrPort // learned from STUN; invalid if STUN failed
	learned []netip.AddrPort
	got     bool // received a punch datagram from the other peer
}

// placePeer puts a host of the given kind on the network, with a WAN
// delay on its NAT, and opens its endpoint.
func placePeer(t *testing.T, h *netHarness, name string, k NATKind, wan time.Duration) *punchPeer {
	k.NAT.WANUp = LinkConfig{Delay: wan}
	k.NAT.WANDown = LinkConfig{Delay: wan}
	host, _, err := h.n.NewHostBehind(k, HostConfig{Name: name, Interfaces: []InterfaceConfig{{Up: LinkConfig{Delay: time.Millisecond}, Down: LinkConfig{Delay: time.Millisecond}}}})
	if err != nil {
		t.Fatal(err)
	}
	return &punchPeer{name: name, conn: h.listen(host, ":5000")}
}

// drain reads everything queued on p's endpoint, noting punch datagrams
// from the other peer and (for prflx) where they came from.
func (p *punchPeer) drain(stunServer netip.AddrPort) {
	buf := make([]byte, 1500)
	for {
		p.conn.SetReadDeadline(time.Now().Add(time.Nanosecond))
		n, from, err := p.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			return
		}
		if from == stunServer || !strings.HasPrefix(string(buf[:n]), "punch from ") {
			continue
		}
		p.got = true
		known := false
		for _, a := range p.learned {
			known = known || a == from
		}
		if !known && len(p.learned) < 16 {
			p.learned = append(p.learned, from)
		}
	}
}

// punch runs the STUN-learned hole punch of CONNECTIVITY.md between kinds
// ka and kb and returns whether both peers heard each other.
func punch(t *testing.T, ka, kb NATKind, prflx bool) bool {
	h := newNetHarness(t, NetworkConfig{Seed: 2026})
	stunHost := h.host("stun")
	if _, err := stunHost.ServeSTUN(":3478"); err != nil {
		t.Fatal(err)
	}
	server := netip.AddrPortFrom(stunHost.Addrs()[0], 3478)
	a := placePeer(t, h, "A", ka, 10*time.Millisecond)
	b := placePeer(t, h, "B", kb, 15*time.Millisecond)
	for _, p := range []*punchPeer{a, b} {
		p.srflx, _ = stunBind(t, p.conn, server, false)
	}
	t.Logf("# A (%s) srflx %v; B (%s) srflx %v", ka.Name, a.srflx, kb.Name, b.srflx)
	for range 5 {
		for _, pair := range [][2]*punchPeer{{a, b}, {b, a}} {
			p, other := pair[0], pair[1]
			targets := []netip.AddrPort{}
			if other.srflx.IsValid() {
				targets = append(targets, other.srflx)
			}
			if prflx {
				targets = append(targets, p.learned...)
			}
			for _, dst := range targets {
				// A blocked peer's write succeeds: its firewall drops it.
				if _, err := p.conn.WriteToUDPAddrPort([]byte("punch from "+p.name), dst); err != nil {
					t.Fatalf("%s → %v: %v", p.name, dst, err)
				}
			}
		}
		advance(200 * time.Millisecond)
		a.drain(server)
		b.drain(server)
	}
	return a.got && b.got
}

// TestConnectivityMatrix checks, at the network level, the RFC 4787
// connectivity theory of CONNECTIVITY.md: for every ordered pair of network
// kinds it runs the STUN-learned hole punch with srflx addresses only, then
// with peer-reflexive answers, and compares the outcome with the table (D:
// srflx suffices, P: prflx needed, R: relay needed, -: no UDP).
func TestConnectivityMatrix(t *testing.T) {
	kinds := MatrixKinds()
	got := map[[2]string]Reach{}
	for _, ka := range kinds {
		for _, kb := range kinds {
			var direct, viaPrflx bool
			t.Run(ka.Name+"/"+kb.Name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) { direct = punch(t, ka, kb, false) })
				synctest.Test(t, func(t *testing.T) { viaPrflx = punch(t, ka, kb, true) })
			})
			cell := ReachRelay
			switch {
			case ka.NAT.BlockUDP || kb.NAT.BlockUDP:
				cell = ReachNone
				if direct || viaPrflx {
					cell = "?" // UDP got through a firewall that blocks it
				}
			case direct && viaPrflx:
				cell = ReachDirect
			case viaPrflx:
				cell = ReachPrflx
			case direct:
				cell = "?" // answering more addresses cannot lose connectivity
			}
			got[[2]string{ka.Name, kb.Name}] = cell
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-10s", "A \\ B")
	for _, k := range kinds {
		fmt.Fprintf(&sb, " %-9s", k.Name)
	}
	for _, ka := range kinds {
		fmt.Fprintf(&sb, "\n%-10s", ka.Name)
		for _, kb := range kinds {
			fmt.Fprintf(&sb, " %-9s", got[[2]string{ka.Name, kb.Name}])
		}
	}
	t.Logf("measured connectivity (D srflx, P prflx, R relay, - no UDP):\n%s", sb.String())
	for _, ka := range kinds {
		for _, kb := range kinds {
			k := [2]string{ka.Name, kb.Name}
			if want, _ := ExpectedReach(ka.Name, kb.Name); got[k] != want {
				t.Errorf("A %s, B %s: measured %q, CONNECTIVITY.md says %q", ka.Name, kb.Name, got[k], want)
			}
		}
	}
}

func TestMatrixHelpers(t *testing.T) {
	kinds := MatrixKinds()
	for _, a := range kinds {
		for _, b := range kinds {
			ab, ok1 := ExpectedReach(a.Name, b.Name)
			ba, ok2 := ExpectedReach(b.Name, a.Name)
			if !ok1 || !ok2 || ab != ba {
				t.Errorf("table not symmetric or incomplete at %s/%s: %q %q", a.Name, b.Name, ab, ba)
			}
		}
	}
	if _, ok := ExpectedReach("none", "carrier pigeon"); ok {
		t.Errorf("unknown kind accepted")
	}
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{})
		defer n.Close()
		pub, nat, err := n.NewHostBehind(kinds[0], HostConfig{Name: "p"})
		if err != nil || nat != nil || pub.Interfaces()[0].Realm() != n.Internet() {
			t.Fatalf("public host: %v %v %v", pub, nat, err)
		}
		h, nat, err := n.NewHostBehind(kinds[5], HostConfig{Name: "s"})
		if err != nil || nat == nil || h.Interfaces()[0].Realm() != nat.Inside() || nat.Config().Name != "s-nat" {
			t.Fatalf("host behind symmetric NAT: %v %v %v", h, nat, err)
		}
		if nat.String() != "s-nat(APDM/APDF)" {
			t.Fatalf("NAT String = %q", nat.String())
		}
	})
}
