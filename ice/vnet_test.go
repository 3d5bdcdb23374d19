package ice

import (
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// linkEndpoint adapts an Agent with one host address to vnet.Endpoint: the
// link carries datagrams between two fixed addresses.
type linkEndpoint struct {
	a           *Agent
	local, peer netip.AddrPort
	other       *linkEndpoint
	states      []TransportState
}

func (e *linkEndpoint) HandleInput(now time.Time, p []byte) {
	_ = e.a.HandlePacket(now, e.local, e.peer, p)
	e.events(now)
}

func (e *linkEndpoint) HandleTimeout(now time.Time) {
	e.a.HandleTimeout(now)
	e.events(now)
}

func (e *linkEndpoint) PollTransmit(buf []byte) (int, bool) {
	t, ok := e.a.PollTransmit()
	if !ok {
		return 0, false
	}
	return copy(buf, t.Data), true
}

func (e *linkEndpoint) NextDeadline() time.Time { return e.a.NextDeadline() }

func (e *linkEndpoint) events(now time.Time) {
	for {
		ev, ok := e.a.PollEvent()
		if !ok {
			return
		}
		switch ev.Type {
		case EventCandidate:
			_ = e.other.a.AddRemoteCandidate(now, ev.Candidate)
		case EventGatheringState:
			if ev.GatheringState == GatheringComplete {
				e.other.a.EndOfRemoteCandidates(now)
			}
		case EventState:
			e.states = append(e.states, ev.State)
		}
	}
}

func newLinkPair(t *testing.T, seed uint64, cfg vnet.LinkConfig) (*vnet.Pair, *linkEndpoint, *linkEndpoint) {
	aAddr, bAddr := netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("10.0.0.2:6000")
	a, err := NewAgent(Config{Rand: seededReader(seed), Controlling: true, HostAddresses: []netip.AddrPort{aAddr}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewAgent(Config{Rand: seededReader(seed + 1000), HostAddresses: []netip.AddrPort{bAddr}})
	if err != nil {
		t.Fatal(err)
	}
	ea := &linkEndpoint{a: a, local: aAddr, peer: bAddr}
	eb := &linkEndpoint{a: b, local: bAddr, peer: aAddr, other: ea}
	ea.other = eb
	au, ap := a.LocalCredentials()
	bu, bp := b.LocalCredentials()
	_ = a.SetRemoteCredentials(t0, bu, bp)
	_ = b.SetRemoteCredentials(t0, au, ap)
	_ = a.Gather(t0)
	_ = b.Gather(t0)
	ea.events(t0)
	eb.events(t0)
	cfgB := cfg
	cfg.Seed, cfgB.Seed = seed, seed+1
	return &vnet.Pair{A: ea, B: eb, AB: vnet.NewLink(cfg), BA: vnet.NewLink(cfgB), Now: t0}, ea, eb
}

func TestVnetLinkLossReorder(t *testing.T) {
	t.Logf("# vnet.Link with 20%% loss, 10%% reordering, 30 ms jitter and 5%% duplication, 30 seeds: ICE connects")
	cfg := vnet.LinkConfig{Delay: 20 * time.Millisecond, Jitter: 30 * time.Millisecond, Loss: 0.2, Reorder: 0.1, Duplicate: 0.05}
	var worst time.Duration
	for seed := uint64(1); seed <= 30; seed++ {
		p, ea, eb := newLinkPair(t, seed, cfg)
		err := p.Run(t0.Add(time.Minute), func() bool {
			_, ok1 := ea.a.SelectedPair()
			_, ok2 := eb.a.SelectedPair()
			return ok1 && ok2
		})
		if err != nil {
			t.Fatalf("seed %d: %v (A %v, B %v)", seed, err, ea.states, eb.states)
		}
		worst = max(worst, p.Now.Sub(t0))
	}
	t.Logf("# slowest: %v", worst)
}

func TestVnetConsentFailureTiming(t *testing.T) {
	p, ea, _ := newLinkPair(t, 77, vnet.LinkConfig{Delay: 20 * time.Millisecond, Loss: 0.2, Reorder: 0.1})
	if err := p.Run(t0.Add(time.Minute), func() bool { _, ok := ea.a.SelectedPair(); return ok }); err != nil {
		t.Fatal(err)
	}
	// Let consent run for a while on the lossy link.
	_ = p.Run(p.Now.Add(2*time.Minute), func() bool { return false })
	if s := ea.a.State(); s == StateFailed {
		t.Fatalf("consent failed on a 20%% lossy link: %v", ea.states)
	}
	t.Logf("# the B→A link dies: RFC 7675 §5.1 consent expires 30 s after the last response; W3C state failed")
	last := ea.a.selected.consentAt
	p.BA = vnet.NewLink(vnet.LinkConfig{Loss: 1})
	_ = p.Run(p.Now.Add(2*time.Minute), func() bool { return ea.a.State() == StateFailed })
	if ea.a.State() != StateFailed {
		t.Fatalf("state %v", ea.a.State())
	}
	if d := p.Now.Sub(last); d != DefaultConsentTimeout {
		t.Errorf("failed %v after the last consent response, want exactly %v", d, DefaultConsentTimeout)
	}
}
