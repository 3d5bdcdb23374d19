package ice

import (
	"crypto/rand"
	"net/netip"
	"testing"
	"time"
)

func TestConnectHost(t *testing.T) {
	h, a, b := twoHosts(t, 1, Config{}, Config{})
	t.Logf("# two full agents with one host candidate each, A controlling, trickle on")
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatalf("no selected pair")
	}
	h.wantSelected(a, b)
	h.wantSelected(b, a)
	t.Logf("# RFC 8838 + W3C: both gathered, got end-of-candidates and checked every pair: completed")
	h.runUntil(time.Second, func() bool { return a.a.State() == StateCompleted && b.a.State() == StateCompleted })
	h.wantState(a, StateCompleted)
	h.wantState(b, StateCompleted)
	for _, p := range []*peer{a, b} {
		want := []TransportState{StateChecking, StateConnected, StateCompleted}
		if got := p.states(); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("%s: states %v, want %v", p.name, got, want)
		}
	}
	t.Logf("# connecting took %v of synthetic time", h.now.Sub(t0))
	t.Logf("# after Close the agent sends nothing and asks for no timer")
	a.a.Close()
	a.a.HandleTimeout(h.now.Add(time.Minute))
	h.wantIdle(a)
	if d := a.a.NextDeadline(); !d.IsZero() {
		t.Errorf("deadline %v after Close", d)
	}
	if a.a.State() != StateClosed {
		t.Errorf("state %v after Close", a.a.State())
	}
}

// A pre-gathering agent learns its role later; the pairs it forms then
// have the priorities of that role (RFC 8445 §6.1.2.3).
func TestSetRoleBeforeChecks(t *testing.T) {
	a, err := NewAgent(Config{Rand: rand.Reader, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("192.0.2.1:1000")}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Role() != Controlled {
		t.Fatalf("initial role %v", a.Role())
	}
	a.SetRole(true)
	if a.Role() != Controlling {
		t.Fatalf("role after SetRole(true) = %v", a.Role())
	}
	lite, _ := NewAgent(Config{Rand: rand.Reader, Lite: true})
	lite.SetRole(true)
	if lite.Role() != Controlled {
		t.Fatal("a lite agent must stay controlled")
	}
}

// RFC 8445 §12.1: "An ICE agent MAY send data on any valid pair before
// selected pairs have been produced." The agent reports the best valid
// pair as soon as a check succeeds, before the nomination, and is then
// connected; it reports the selected pair once there is one.
func TestValidPairBeforeSelection(t *testing.T) {
	h, a, b := twoHosts(t, 7, Config{NominationDelay: time.Minute}, Config{})
	if _, ok := a.a.ValidPair(); ok {
		t.Fatal("a valid pair before any check")
	}
	t.Logf("# run until A has a valid pair; nothing is selected yet")
	h.runUntil(5*time.Second, func() bool { _, ok := a.a.ValidPair(); return ok })
	v, ok := a.a.ValidPair()
	if !ok {
		t.Fatal("no valid pair after the first successful check")
	}
	if _, sel := a.a.SelectedPair(); sel {
		t.Fatal("the pair was selected at the same time: nothing shows data may go before nomination")
	}
	if v.Remote.Address != netip.MustParseAddrPort("10.0.0.2:6000") {
		t.Fatalf("valid pair goes to %v", v.Remote.Address)
	}
	// W3C webrtc §5.6.3: "connected" once a usable connection is found,
	// while the checks (here, the nomination) go on.
	h.drain()
	if s := a.a.State(); s != StateConnected {
		t.Fatalf("with a valid pair and no selection, A is %v, want connected", s)
	}
	if got := a.states(); len(got) == 0 || got[len(got)-1] != StateConnected {
		t.Fatalf("A reported %v, want the connected state reported", got)
	}
	h.runUntil(2*time.Minute, bothConnected(a, b))
	s, _ := a.a.SelectedPair()
	if v2, _ := a.a.ValidPair(); v2 != s {
		t.Fatalf("ValidPair %v is not the selected pair %v once one is selected", v2, s)
	}
}

// The pair counters behind RTCIceCandidatePairStats: with a 10 ms one-way
// delay every measured STUN round trip is 20 ms, and only answers to
// requests that were not retransmitted count (Karn's rule).
func TestPairStatsRoundTrip(t *testing.T) {
	h, a, b := twoHosts(t, 3, Config{}, Config{})
	h.runUntil(10*time.Second, bothConnected(a, b))
	sel, _ := a.a.SelectedPair()
	var st *PairStats
	for _, s := range a.a.PairStats() {
		if s.Pair == sel {
			st = &s
		}
	}
	if st == nil {
		t.Fatal("the selected pair has no stats")
	}
	if st.CurrentRoundTripTime != 20*time.Millisecond || st.RoundTripSamples == 0 ||
		st.TotalRoundTripTime != time.Duration(st.RoundTripSamples)*20*time.Millisecond {
		t.Fatalf("RTT %v total %v samples %d, want 20 ms each", st.CurrentRoundTripTime, st.TotalRoundTripTime, st.RoundTripSamples)
	}
	if st.ResponsesReceived == 0 || st.RequestsSent < st.ResponsesReceived || !st.Nominated || st.State != PairSucceeded {
		t.Fatalf("counters %+v", *st)
	}
	t.Logf("# after 12 s of consent checks the counters keep counting")
	before := st.ResponsesReceived
	h.advance(12 * time.Second)
	for _, s := range a.a.PairStats() {
		if s.Pair == sel && s.ResponsesReceived <= before {
			t.Fatalf("responses %d after consent checks, had %d", s.ResponsesReceived, before)
		}
	}
}
