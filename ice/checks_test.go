package ice

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/c4c1f6e1/webrtc/stun"
)

func newTestAgent(t *testing.T, cfg Config) *Agent {
	t.Helper()
	if cfg.Rand == nil {
		cfg.Rand = seededReader(99)
	}
	a, err := NewAgent(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func remoteHost(addr string, lp uint16) Candidate {
	ap := netip.MustParseAddrPort(addr)
	return Candidate{Foundation: foundation(CandidateHost, ap.Addr(), netip.Addr{}), Component: 1,
		Priority: Priority(CandidateHost, lp, 1), Address: ap, Type: CandidateHost}
}

func TestPairingAndPruning(t *testing.T) {
	a := newTestAgent(t, Config{Controlling: true, HostAddresses: []netip.AddrPort{
		netip.MustParseAddrPort("10.0.0.1:1000"), netip.MustParseAddrPort("[2001:db8::1]:1000")}})
	now := t0
	if err := a.Gather(now); err != nil {
		t.Fatal(err)
	}
	t.Logf("# a server-reflexive local candidate: RFC 8445 §6.1.2.4 says it MUST be replaced by its base, so it adds no pair")
	srflx := Candidate{Foundation: "s", Component: 1, Priority: Priority(CandidateServerReflexive, 65535, 1),
		Address: netip.MustParseAddrPort("203.0.113.1:4000"), Type: CandidateServerReflexive,
		Base: netip.MustParseAddrPort("10.0.0.1:1000"), Related: netip.MustParseAddrPort("10.0.0.1:1000")}
	a.addLocal(now, &srflx)
	if err := a.AddRemoteCandidate(now, remoteHost("10.0.0.2:2000", 65535)); err != nil {
		t.Fatal(err)
	}
	if err := a.AddRemoteCandidate(now, remoteHost("[2001:db8::2]:2000", 65534)); err != nil {
		t.Fatal(err)
	}
	t.Logf("# RFC 8445 §6.1.2.2: a local candidate is paired with a remote candidate only if they have the same IP address family")
	if len(a.pairs) != 2 {
		t.Fatalf("%d pairs, want 2: %v", len(a.pairs), a.pairs)
	}
	for _, p := range a.pairs {
		if p.local.Base.Addr().Is4() != p.remote.Address.Addr().Is4() {
			t.Errorf("mixed family pair %v", p)
		}
		if p.local.Type != CandidateHost {
			t.Errorf("reflexive local candidate in the checklist: %v", p)
		}
	}
	t.Logf("# §6.1.2.3: the checklist is sorted by decreasing pair priority")
	if a.pairs[0].prio < a.pairs[1].prio {
		t.Errorf("not sorted")
	}
	t.Logf("# adding the same remote candidate again does not add a redundant pair")
	_ = a.AddRemoteCandidate(now, remoteHost("10.0.0.2:2000", 65535))
	if len(a.pairs) != 2 {
		t.Errorf("%d pairs after a duplicate", len(a.pairs))
	}
}

func TestPairLimit(t *testing.T) {
	t.Logf("# RFC 8445 §6.1.2.5: the agent limits the checklist (default 100 pairs), keeping the highest-priority pairs")
	a := newTestAgent(t, Config{Controlling: true, MaxRemoteCandidates: 500,
		HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:1000")}})
	_ = a.Gather(t0)
	for i := 0; i < 150; i++ {
		if err := a.AddRemoteCandidate(t0, remoteHost(fmt.Sprintf("10.1.%d.%d:9", i/250, i%250+1), uint16(i))); err != nil {
			t.Fatal(err)
		}
	}
	if len(a.pairs) != DefaultMaxPairs {
		t.Fatalf("%d pairs, want %d", len(a.pairs), DefaultMaxPairs)
	}
	if lowest := a.pairs[len(a.pairs)-1].remote.Priority; lowest != Priority(CandidateHost, 50, 1) {
		t.Errorf("lowest kept remote priority %d: not the top 100", lowest)
	}
	t.Logf("# remote candidates are capped too (Config.MaxRemoteCandidates)")
	b := newTestAgent(t, Config{MaxRemoteCandidates: 3})
	for i := 0; i < 3; i++ {
		if err := b.AddRemoteCandidate(t0, remoteHost(fmt.Sprintf("10.1.0.%d:9", i+1), 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddRemoteCandidate(t0, remoteHost("10.1.0.9:9", 1)); err != ErrTooManyRemotes {
		t.Errorf("4th candidate: %v", err)
	}
}

func TestInitialStatesAndUnfreezing(t *testing.T) {
	t.Logf("# RFC 8445 §6.1.2.6: for each foundation, the pair with the highest priority is Waiting; others stay Frozen")
	a := newTestAgent(t, Config{Controlling: true, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:1000")}})
	_ = a.Gather(t0)
	// Three remote candidates with the same foundation, one with another.
	for i, lp := range []uint16{3, 2, 1} {
		c := remoteHost(fmt.Sprintf("10.0.0.%d:2000", i+2), lp)
		c.Foundation = "same"
		_ = a.AddRemoteCandidate(t0, c)
	}
	other := remoteHost("10.0.0.9:2000", 0)
	other.Foundation = "other"
	_ = a.AddRemoteCandidate(t0, other)
	var waiting, frozen int
	for _, p := range a.pairs {
		switch p.state {
		case PairWaiting:
			waiting++
		case PairFrozen:
			frozen++
		}
	}
	if waiting != 2 || frozen != 2 {
		t.Fatalf("waiting %d frozen %d, want 2 and 2: %v", waiting, frozen, a.pairs)
	}
	if a.pairs[0].state != PairWaiting || a.pairs[0].remote.Priority != Priority(CandidateHost, 3, 1) {
		t.Errorf("highest priority pair of the foundation is not Waiting: %v", a.pairs[0])
	}
	t.Logf("# no checks are sent before the remote credentials are known")
	a.HandleTimeout(t0)
	if _, ok := a.PollTransmit(); ok {
		t.Fatalf("check sent without remote credentials")
	}
	_ = a.SetRemoteCredentials(t0, "rfrg", "0123456789012345678901")
	t.Logf("# §6.1.4.2: as soon as the initial states are set a check is performed, within SetRemoteCredentials")
	first, ok := a.PollTransmit()
	if !ok {
		t.Fatalf("no check right after the remote credentials")
	}
	first.Data = append([]byte(nil), first.Data...)
	t.Logf("# §6.1.4.2 and §14.2: then one check per Ta, highest-priority Waiting pair first; a Frozen pair whose")
	t.Logf("# foundation has a pair In-Progress stays Frozen, so the next transmit is the first check's retransmission (RTO 500 ms)")
	now := t0
	order := []string{fmt.Sprintf("%v@%v", first.To, now.Sub(t0))}
	for range 2 {
		if d := a.NextDeadline(); d.After(now) {
			now = d
		}
		a.HandleTimeout(now)
		for {
			tr, ok := a.PollTransmit()
			if !ok {
				break
			}
			order = append(order, fmt.Sprintf("%v@%v", tr.To, now.Sub(t0)))
		}
	}
	want := []string{"10.0.0.2:2000@0s", "10.0.0.9:2000@50ms", "10.0.0.2:2000@500ms"}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("check order %v, want %v", order, want)
	}
	t.Logf("# §7.2.5.3.3: when the check succeeds, the Frozen pairs with the same foundation become Waiting")
	resp := successResponse(t, first, "0123456789012345678901")
	if err := a.HandlePacket(now, first.From, first.To, resp); err != nil {
		t.Fatal(err)
	}
	order = order[:0]
	for i := 0; i < 4; i++ {
		if d := a.NextDeadline(); d.After(now) {
			now = d
		}
		a.HandleTimeout(now)
		for {
			tr, ok := a.PollTransmit()
			if !ok {
				break
			}
			order = append(order, tr.To.String())
		}
	}
	// Interleaved: the nomination check on 10.0.0.2 (the best pair, §8.1.1,
	// sent with the response's processing), retransmissions, and the first
	// checks of the unfrozen pairs.
	got := ""
	seen := map[string]bool{}
	for _, o := range order {
		if (o == "10.0.0.3:2000" || o == "10.0.0.4:2000") && !seen[o] {
			seen[o] = true
			got += o + " "
		}
	}
	if got != "10.0.0.3:2000 10.0.0.4:2000 " {
		t.Errorf("after success: %v, want the unfrozen pairs 10.0.0.3 then 10.0.0.4", order)
	}
}

// successResponse answers a captured Binding request as the peer would.
func successResponse(t *testing.T, req Transmit, pwd string) []byte {
	t.Helper()
	m, err := stun.Parse(req.Data)
	if err != nil {
		t.Fatal(err)
	}
	var w stun.Builder
	w.Reset(nil, stun.BindingSuccessResponse, m.TransactionID)
	w.AddXORAddress(stun.AttrXORMappedAddress, req.From)
	w.AddMessageIntegrity([]byte(pwd))
	w.AddFingerprint()
	return w.Bytes()
}
