package ice

import (
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

func TestConsentFreshness(t *testing.T) {
	h, a, b := twoHosts(t, 6, Config{}, Config{})
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	h.runUntil(time.Second, a.stateIs(StateCompleted))
	var consent []time.Time
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		if err == nil && m.Type == stun.BindingRequest && from == netip.MustParseAddrPort("10.0.0.1:5000") {
			consent = append(consent, h.now)
		}
		return true
	}
	t.Logf("# RFC 7675 §5.1: consent checks every 5 s randomized in 0.8–1.2 (4 to 6 s between checks)")
	h.advance(60 * time.Second)
	if len(consent) < 10 {
		t.Fatalf("%d consent checks in 60 s", len(consent))
	}
	for i := 1; i < len(consent); i++ {
		d := consent[i].Sub(consent[i-1])
		if d < 4*time.Second || d > 6*time.Second {
			t.Errorf("interval %v outside 4–6 s", d)
		}
	}
	h.wantState(a, StateCompleted)
	t.Logf("# the path goes silent: disconnected after %v without responses, then consent expires at 30 s → failed", DefaultDisconnectedTimeout)
	h.onSend = nil
	h.blocked = true
	lost := h.now
	h.runUntil(60*time.Second, a.stateIs(StateDisconnected))
	if d := h.now.Sub(lost); d > DefaultDisconnectedTimeout+6*time.Second {
		t.Errorf("disconnected after %v", d)
	}
	h.runUntil(60*time.Second, a.stateIs(StateFailed))
	h.wantState(a, StateFailed)
	// Consent expires 30 s after the last response, which came at most one
	// interval (6 s) before the link went down.
	if d := h.now.Sub(lost); d > 30*time.Second || d < 24*time.Second {
		t.Errorf("RFC 7675: consent expired %v after the link went down, want 24–30 s", d)
	}
	if _, ok := a.a.SelectedPair(); ok {
		t.Errorf("still a selected pair after consent expiry: the endpoint MUST cease transmission")
	}
	t.Logf("# after failure no more consent requests leave A")
	sent := 0
	h.blocked = false
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		if from == netip.MustParseAddrPort("10.0.0.1:5000") {
			sent++
		}
		return true
	}
	h.advance(20 * time.Second)
	if sent != 0 {
		t.Errorf("%d packets after consent expiry", sent)
	}
}

func TestConsentRecovery(t *testing.T) {
	h, a, b := twoHosts(t, 8, Config{}, Config{})
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	h.advance(10 * time.Second)
	t.Logf("# a 15 s outage: disconnected, then connected again when consent responses return (before the 30 s expiry)")
	h.blocked = true
	start := h.now
	h.runUntil(15*time.Second, a.stateIs(StateDisconnected))
	h.wantState(a, StateDisconnected)
	// The outage lasts 15 s from its start: the last consent response
	// came at most one consent period (6 s) before it, so the 30 s expiry
	// is 9 s or more away when the path returns.
	h.advance(start.Add(15 * time.Second).Sub(h.now))
	h.blocked = false
	if !h.runUntil(10*time.Second, func() bool { s := a.a.State(); return s == StateConnected || s == StateCompleted }) {
		t.Fatalf("no recovery: %v", a.states())
	}
	h.wantSelected(a, b)
}

// A connected, idle agent wakes up only for its consent checks (RFC 7675
// §5.1): NextDeadline is the next consent send while no transaction is
// outstanding, every timer call sends one request, and nothing else
// (pacing, nomination, retransmission, liveness) asks for a timer.
func TestIdleWakeups(t *testing.T) {
	h, a, b := twoHosts(t, 23, Config{}, Config{})
	if !h.runUntil(5*time.Second, func() bool { return a.a.State() == StateCompleted && b.a.State() == StateCompleted }) {
		t.Fatal("not completed")
	}
	h.advance(10 * time.Second) // past the last check transactions
	c := countSTUN(h)
	a.timeouts, b.timeouts = 0, 0
	events := len(a.events) + len(b.events)
	for _, p := range []*peer{a, b} {
		if d, want := p.a.NextDeadline(), p.a.nextConsent; d != want {
			t.Errorf("%s: idle NextDeadline +%v, want the next consent check at +%v", p.name, d.Sub(t0), want.Sub(t0))
		}
		if len(p.a.txs) != 0 || len(p.a.triggered) != 0 || !p.a.nextCheck.IsZero() {
			t.Errorf("%s: idle with %d transactions, %d triggered checks, check timer %v", p.name, len(p.a.txs), len(p.a.triggered), p.a.nextCheck)
		}
	}
	t.Logf("# five idle minutes")
	h.advance(5 * time.Minute)
	for _, p := range []*peer{a, b} {
		addr := p.a.cfg.HostAddresses[0]
		t.Logf("# %s: %d timer calls, %d consent requests, %d answered", p.name, p.timeouts, c.requests[addr], c.responses[p.other.a.cfg.HostAddresses[0]])
		if p.timeouts != c.requests[addr] {
			t.Errorf("%s: %d timer calls for %d consent requests: the agent woke up for nothing", p.name, p.timeouts, c.requests[addr])
		}
		// 300 s at one check every 4–6 s.
		if n := c.requests[addr]; n < 50 || n > 75 {
			t.Errorf("%s: %d consent requests in 5 min, want 50–75", p.name, n)
		}
	}
	if n := len(a.events) + len(b.events); n != events {
		t.Errorf("%d events while idle", n-events)
	}
	h.wantState(a, StateCompleted)
	h.wantState(b, StateCompleted)
}

// Before a pair is selected, data may go on a valid one (RFC 8445 §12.1),
// and consent is kept on the one the caller sends on (UseValidPair; RFC
// 7675 §5.1: on the pair the endpoint sends data on). Here every
// USE-CANDIDATE check is lost, so the controlled agent never sees a
// nomination: its pair neither goes stale nor stays usable once the peer
// stops answering.
func TestConsentBeforeNomination(t *testing.T) {
	h, _, b := twoHosts(t, 7, Config{}, Config{})
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		return err != nil || !m.Has(stun.AttrUseCandidate)
	}
	h.runUntil(5*time.Second, func() bool { _, ok := b.a.ValidPair(); return ok })
	v, ok := b.a.UseValidPair(h.now)
	if !ok {
		t.Fatal("no valid pair")
	}
	t.Logf("# a minute without nomination: consent on the pair in use keeps B connected")
	consent := 0
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		if err == nil && m.Type == stun.BindingRequest && from == v.Local.Base && !m.Has(stun.AttrUseCandidate) {
			consent++
		}
		return err != nil || !m.Has(stun.AttrUseCandidate)
	}
	h.advance(time.Minute)
	if _, sel := b.a.SelectedPair(); sel {
		t.Fatal("B selected a pair without a nomination")
	}
	h.wantState(b, StateConnected)
	if consent < 9 {
		t.Fatalf("%d requests from B in a minute, want a consent check every 4-6 s", consent)
	}
	t.Logf("# the path goes away: consent expires within 30 s and B fails")
	h.blocked = true
	start := h.now
	h.runUntil(40*time.Second, b.stateIs(StateFailed))
	h.wantState(b, StateFailed)
	if d := h.now.Sub(start); d > 31*time.Second {
		t.Fatalf("failed %v after the path went away, want within the 30 s consent expiry", d)
	}
}
