package ice

import (
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// stunCounter counts, per sender, the Binding requests and responses the
// harness carries.
type stunCounter struct {
	requests, responses map[netip.AddrPort]int
}

func countSTUN(h *harness) *stunCounter {
	c := &stunCounter{requests: map[netip.AddrPort]int{}, responses: map[netip.AddrPort]int{}}
	h.onSend = func(from, to netip.AddrPort, b []byte) bool {
		m, err := stun.Parse(b)
		switch {
		case err != nil:
		case m.Type == stun.BindingRequest:
			c.requests[from]++
		case m.Type.Class == stun.ClassSuccessResponse:
			c.responses[from]++
		}
		return true
	}
	return c
}

func validAt(h *harness, p *peer, at *time.Time) func() bool {
	return func() bool {
		if _, ok := p.a.ValidPair(); ok && at.IsZero() {
			*at = h.now
		}
		return !at.IsZero()
	}
}

// With zero-latency links, everything between Gather plus the remote
// candidates and the first valid pair on both sides happens without any
// synthetic time passing and without a timer: each agent's first check goes
// out within the call that made its pair Waiting, and each answer makes a
// pair valid within the call that delivers it.
func TestFirstValidPairWithoutPacing(t *testing.T) {
	h, a, b := twoHosts(t, 21, Config{}, Config{})
	h.delay = 0
	c := countSTUN(h)
	t.Logf("# RFC 8445 §6.1.4.2: 'As soon as the initial states for the candidate pairs in the checklist set have")
	t.Logf("# been set, a check is performed'; only the checks after it wait for Ta (§14.2)")
	var va, vb time.Time
	if !h.runUntil(time.Second, func() bool { x, y := validAt(h, a, &va)(), validAt(h, b, &vb)(); return x && y }) {
		t.Fatal("no valid pair on both sides")
	}
	aAddr, bAddr := netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("10.0.0.2:6000")
	t.Logf("# first valid pair: A at +%v, B at +%v; checks A %d, B %d; responses A %d, B %d; timer calls A %d, B %d",
		va.Sub(t0), vb.Sub(t0), c.requests[aAddr], c.requests[bAddr], c.responses[aAddr], c.responses[bAddr], a.timeouts, b.timeouts)
	if va != t0 || vb != t0 {
		t.Errorf("first valid pair at A +%v, B +%v: want both at +0 on a zero-latency link", va.Sub(t0), vb.Sub(t0))
	}
	if a.timeouts != 0 || b.timeouts != 0 {
		t.Errorf("HandleTimeout needed before the first valid pair (A %d, B %d calls): a check waited for a timer", a.timeouts, b.timeouts)
	}
	if c.requests[aAddr] != 1 || c.requests[bAddr] != 1 || c.responses[aAddr] != 1 || c.responses[bAddr] != 1 {
		t.Errorf("checks A %d B %d, responses A %d B %d: want one check and one answer each",
			c.requests[aAddr], c.requests[bAddr], c.responses[aAddr], c.responses[bAddr])
	}
	t.Logf("# W3C RTCIceTransportState: checking, then connected once the controlling side's nomination")
	t.Logf("# (paced at Ta after its first check, §8.1.1) selects the pair, then completed (both gathered, end-of-candidates)")
	if !h.runUntil(time.Second, func() bool { return a.a.State() == StateCompleted && b.a.State() == StateCompleted }) {
		t.Fatalf("not completed: A %v, B %v", a.states(), b.states())
	}
	if d := h.now.Sub(t0); d > DefaultTa {
		t.Errorf("completed at +%v, want within one Ta (%v)", d, DefaultTa)
	}
	for _, p := range []*peer{a, b} {
		want := []TransportState{StateChecking, StateConnected, StateCompleted}
		if got := p.states(); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("%s: states %v, want %v", p.name, got, want)
		}
	}
	h.wantSelected(a, b)
	h.wantSelected(b, a)
}

// The controlled side learns the controlling side's address only from its
// check (a peer-reflexive candidate, §7.3.1.3), right after it spent its
// first check on an unreachable candidate. Its triggered check must not
// wait a Ta behind that check: the first valid pair would come 50 ms late.
func TestControlledTriggeredCheckNotPaced(t *testing.T) {
	h, a, b := twoHosts(t, 22, Config{}, Config{})
	h.delay = 0
	a.signal = false
	c := countSTUN(h)
	unreachable := remoteHost("10.0.0.9:9", 65535)
	if err := b.a.AddRemoteCandidate(h.now, unreachable); err != nil {
		t.Fatal(err)
	}
	t.Logf("# B's first check goes to %v at once; A's check then reaches B from an address B does not know", unreachable.Address)
	var vb time.Time
	if !h.runUntil(time.Second, validAt(h, b, &vb)) {
		t.Fatal("B has no valid pair")
	}
	bAddr := netip.MustParseAddrPort("10.0.0.2:6000")
	t.Logf("# B valid at +%v after %d checks, %d timer calls", vb.Sub(t0), c.requests[bAddr], b.timeouts)
	if vb != t0 {
		t.Errorf("B's first valid pair at +%v: its triggered check waited for the pacing timer", vb.Sub(t0))
	}
	if c.requests[bAddr] != 2 {
		t.Errorf("B sent %d checks, want 2 (the unreachable candidate, then the triggered check)", c.requests[bAddr])
	}
	p, _ := b.a.ValidPair()
	if p.Remote.Type != CandidatePeerReflexive || p.Remote.Address != netip.MustParseAddrPort("10.0.0.1:5000") {
		t.Errorf("B's valid pair goes to %v (%v), want A's peer-reflexive 10.0.0.1:5000", p.Remote.Address, p.Remote.Type)
	}
	t.Logf("# after the first valid pair, checks are paced again: B's next check waits for Ta")
	last := b.a.lastCheck
	if d := b.a.nextCheck; !d.IsZero() && d.Before(last.Add(DefaultTa)) {
		t.Errorf("next check at +%v, less than Ta after the last one (+%v)", d.Sub(t0), last.Sub(t0))
	}
	if !h.runUntil(2*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	h.wantSelected(a, b)
}
