package ice_test

import (
	"crypto/rand"
	"fmt"
	"net/netip"
	"time"

	"github.com/c4c1f6e1/webrtc/ice"
)

// Two agents connect through a loop that moves datagrams between them by
// hand: the shape of every driver.
func Example() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, _ := ice.NewAgent(ice.Config{Rand: rand.Reader, Controlling: true,
		HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.1:5000")}})
	b, _ := ice.NewAgent(ice.Config{Rand: rand.Reader,
		HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.2:6000")}})
	// Signalling: credentials and candidates (normally through SDP).
	u, p := a.LocalCredentials()
	_ = b.SetRemoteCredentials(now, u, p)
	u, p = b.LocalCredentials()
	_ = a.SetRemoteCredentials(now, u, p)
	_ = a.Gather(now)
	_ = b.Gather(now)
	agents := map[netip.AddrPort]*ice.Agent{
		netip.MustParseAddrPort("192.0.2.1:5000"): a,
		netip.MustParseAddrPort("192.0.2.2:6000"): b,
	}
	peer := map[*ice.Agent]*ice.Agent{a: b, b: a}
	for i := 0; i < 100; i++ {
		for _, x := range []*ice.Agent{a, b} {
			for {
				ev, ok := x.PollEvent()
				if !ok {
					break
				}
				if ev.Type == ice.EventCandidate {
					_ = peer[x].AddRemoteCandidate(now, ev.Candidate)
				}
			}
			for {
				t, ok := x.PollTransmit()
				if !ok {
					break
				}
				_ = agents[t.To].HandlePacket(now, t.To, t.From, t.Data)
			}
		}
		if d := a.NextDeadline(); !d.IsZero() && d.After(now) {
			now = d
		}
		a.HandleTimeout(now)
		b.HandleTimeout(now)
	}
	pair, _ := a.SelectedPair()
	fmt.Println(a.State(), pair.Local.Address, "→", pair.Remote.Address)
	// Output: connected 192.0.2.1:5000 → 192.0.2.2:6000
}
