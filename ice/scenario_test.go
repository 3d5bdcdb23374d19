package ice

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

func TestRoleConflict(t *testing.T) {
	for _, both := range []bool{true, false} {
		name := "both controlling"
		if !both {
			name = "both controlled"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, 7)
			a := h.addPeer("A", Config{Controlling: both, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")}}, 11)
			b := h.addPeer("B", Config{Controlling: both, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.2:6000")}}, 12)
			h.connectSignalling(a, b)
			_ = a.a.Gather(h.now)
			_ = b.a.Gather(h.now)
			t.Logf("# RFC 8445 §7.3.1.1: on a conflict the agent with the larger tie-breaker keeps (or takes) the controlling role;")
			t.Logf("# the other answers 487 or switches. Tie-breakers: A=%x B=%x", a.a.tie, b.a.tie)
			if !h.runUntil(10*time.Second, bothConnected(a, b)) {
				t.Fatalf("no selected pair")
			}
			if a.a.Role() == b.a.Role() {
				t.Fatalf("both %v", a.a.Role())
			}
			winner := a
			if b.a.tie > a.a.tie {
				winner = b
			}
			if winner.a.Role() != Controlling {
				t.Errorf("%s has the larger tie-breaker but is %v", winner.name, winner.a.Role())
			}
			h.wantSelected(a, b)
		})
	}
}

func TestRegularNomination(t *testing.T) {
	h, a, b := twoHosts(t, 3, Config{}, Config{})
	var useCandidate, checks int
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		if err == nil && m.Type == stun.BindingRequest && m.Has(stun.AttrUsername) {
			checks++
			if m.Has(stun.AttrUseCandidate) {
				useCandidate++
				if !m.Has(stun.AttrICEControlling) {
					t.Errorf("USE-CANDIDATE from the controlled agent")
				}
			}
		}
		return true
	}
	t.Logf("# RFC 8445 §8.1.1: the controlling agent nominates a valid pair by repeating its check with USE-CANDIDATE;")
	t.Logf("# §7.3.1.5: the controlled agent sets the nominated flag when that check arrives on a Succeeded pair")
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	h.advance(2 * time.Second)
	if useCandidate != 1 {
		t.Errorf("%d checks with USE-CANDIDATE, want exactly 1 (regular nomination)", useCandidate)
	}
	if checks < 3 {
		t.Errorf("only %d checks", checks)
	}
}

func TestAggressiveNomination(t *testing.T) {
	h, a, b := twoHosts(t, 4, Config{AggressiveNomination: true}, Config{})
	all := true
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		if err == nil && m.Type == stun.BindingRequest && m.Has(stun.AttrICEControlling) && !m.Has(stun.AttrUseCandidate) {
			all = false
		}
		return true
	}
	t.Logf("# aggressive nomination (RFC 5245 §8.1.1.2): every check of the controlling agent carries USE-CANDIDATE")
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	if !all {
		t.Errorf("a controlling check without USE-CANDIDATE")
	}
	h.wantSelected(a, b)
}

func TestPeerReflexiveRemote(t *testing.T) {
	h, a, b := twoHosts(t, 5, Config{}, Config{})
	t.Logf("# B never signals its candidates: A learns B's address from B's check as a peer-reflexive candidate")
	t.Logf("# (RFC 8445 §7.3.1.3: the source address of a request that matches no remote candidate)")
	b.signal = false
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	p, _ := a.a.SelectedPair()
	if p.Remote.Type != CandidatePeerReflexive {
		t.Errorf("A's remote candidate is %v, want prflx", p.Remote.Type)
	}
	if p.Remote.Priority != Priority(CandidatePeerReflexive, 65535, 1) {
		t.Errorf("prflx priority %d: §7.3.1.3 says it is the PRIORITY attribute of the request", p.Remote.Priority)
	}
	t.Logf("# when B's host candidate is signalled late, it replaces the prflx type (§7.3.1.3), keeping the pair")
	bc := b.a.LocalCandidates()[0]
	if err := a.a.AddRemoteCandidate(h.now, bc); err != nil {
		t.Fatal(err)
	}
	p, _ = a.a.SelectedPair()
	if p.Remote.Type != CandidateHost {
		t.Errorf("after signalling: %v", p.Remote.Type)
	}
}

func TestLossAndReorder(t *testing.T) {
	t.Logf("# 20%% loss and up to 80 ms of jitter (reordering): ICE still connects, for 50 seeds")
	var worst time.Duration
	for seed := uint64(1); seed <= 50; seed++ {
		h, a, b := twoHosts(t, seed, Config{}, Config{})
		h.loss, h.jitter = 0.2, 80*time.Millisecond
		if !h.runUntil(60*time.Second, bothConnected(a, b)) {
			t.Fatalf("seed %d: no connection after 60 s (sent %d, dropped %d)", seed, h.sent, h.dropped)
		}
		h.wantSelected(a, b)
		worst = max(worst, h.now.Sub(t0))
	}
	t.Logf("# slowest connection: %v", worst)
}

func TestICERestart(t *testing.T) {
	h, a, b := twoHosts(t, 9, Config{}, Config{})
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	old, _ := a.a.SelectedPair()
	oldUfrag, _ := a.a.LocalCredentials()
	t.Logf("# RFC 8445 §9: an ICE restart changes ufrag and pwd; the old pair keeps carrying traffic meanwhile")
	if err := a.a.Restart(h.now, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := b.a.Restart(h.now, "", ""); err != nil {
		t.Fatal(err)
	}
	if u, _ := a.a.LocalCredentials(); u == oldUfrag {
		t.Fatalf("ufrag unchanged")
	}
	if p, ok := a.a.SelectedPair(); !ok || p.Remote.Address != old.Remote.Address {
		t.Fatalf("old pair not kept during restart")
	}
	h.advance(35 * time.Second)
	t.Logf("# the old pair stays selected and alive for 35 s (past the 30 s consent lifetime): consent continues under")
	t.Logf("# the old credentials on both sides while signalling is slow (RFC 7675 §5.1: MUST continue to perform consent freshness)")
	h.wantState(a, StateConnected)
	h.wantState(b, StateConnected)
	a.events, b.events = nil, nil
	h.connectSignalling(a, b)
	_ = a.a.Gather(h.now)
	_ = b.a.Gather(h.now)
	if !h.runUntil(5*time.Second, func() bool {
		for _, e := range a.events {
			if e.Type == EventSelectedPair {
				return true
			}
		}
		return false
	}) {
		t.Fatal("no new selection after restart")
	}
	h.runUntil(5*time.Second, func() bool { return a.a.State() == StateCompleted && b.a.State() == StateCompleted })
	h.wantState(a, StateCompleted)
	h.wantState(b, StateCompleted)
	if a.a.prevCreds != nil {
		t.Errorf("old credentials kept after the new pair was selected")
	}
}

func TestLiteAgent(t *testing.T) {
	h := newHarness(t, 12)
	a := h.addPeer("full", Config{Controlling: false, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")}}, 1)
	b := h.addPeer("lite", Config{Lite: true, Controlling: true, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.2:6000")}}, 2)
	h.connectSignalling(a, b)
	t.Logf("# RFC 8445 §6.1.1: a lite agent is never controlling; the full agent takes the controlling role")
	a.a.SetRemoteLite(true)
	if b.a.Role() != Controlled || a.a.Role() != Controlling {
		t.Fatalf("roles %v / %v", a.a.Role(), b.a.Role())
	}
	sentByLite := 0
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		if err == nil && from.Port() == 6000 && m.Type.Class == stun.ClassRequest {
			sentByLite++
		}
		return true
	}
	_ = a.a.Gather(h.now)
	_ = b.a.Gather(h.now)
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	if sentByLite != 0 {
		t.Errorf("the lite agent sent %d requests", sentByLite)
	}
	h.wantSelected(a, b)
	t.Logf("# the full peer vanishes: the lite agent goes disconnected (no consent of its own, no busy timer)")
	h.blocked = true
	h.advance(time.Minute)
	h.wantState(b, StateDisconnected)
}

func TestBadRequests(t *testing.T) {
	h, a, b := twoHosts(t, 13, Config{}, Config{})
	h.drain()
	from := netip.MustParseAddrPort("10.0.0.2:6000")
	to := netip.MustParseAddrPort("10.0.0.1:5000")
	ufrag, pwd := a.a.LocalCredentials()
	bu, _ := b.a.LocalCredentials()
	send := func(build func(w *stun.Builder)) (int, bool) {
		t.Helper()
		var w stun.Builder
		w.Reset(nil, stun.BindingRequest, stun.TransactionID{1, 2, 3})
		build(&w)
		_ = a.a.HandlePacket(h.now, to, from, w.Bytes())
		for {
			tr, ok := a.a.PollTransmit()
			if !ok {
				return 0, false
			}
			m, err := stun.Parse(tr.Data)
			if err != nil {
				t.Fatal(err)
			}
			if m.TransactionID != (stun.TransactionID{1, 2, 3}) {
				continue
			}
			if m.Type.Class == stun.ClassSuccessResponse {
				return 200, true
			}
			code, _, _ := m.ErrorCode()
			return code, true
		}
	}
	t.Logf("# RFC 8489 §9.1.3: missing USERNAME or MESSAGE-INTEGRITY → 400")
	if code, _ := send(func(w *stun.Builder) { w.AddString(stun.AttrUsername, ufrag+":"+bu) }); code != 400 {
		t.Errorf("no integrity: %d", code)
	}
	t.Logf("# RFC 8489 §9.1.3: unknown username or wrong integrity → 401")
	if code, _ := send(func(w *stun.Builder) {
		w.AddString(stun.AttrUsername, "nope:"+bu)
		w.AddMessageIntegrity([]byte(pwd))
	}); code != 401 {
		t.Errorf("wrong ufrag: %d", code)
	}
	if code, _ := send(func(w *stun.Builder) {
		w.AddString(stun.AttrUsername, ufrag+":"+bu)
		w.AddMessageIntegrity([]byte("wrong-password-wrong-pw"))
	}); code != 401 {
		t.Errorf("wrong password: %d", code)
	}
	t.Logf("# RFC 8489 §6.3.1: unknown comprehension-required attribute → 420")
	if code, _ := send(func(w *stun.Builder) {
		w.AddString(stun.AttrUsername, ufrag+":"+bu)
		w.AddUint32(stun.AttrPriority, 1)
		w.Add(0x0077, []byte{1})
		w.AddMessageIntegrity([]byte(pwd))
	}); code != 420 {
		t.Errorf("unknown attribute: %d", code)
	}
	t.Logf("# RFC 8445 §7.1.1: PRIORITY MUST be present → 400")
	if code, _ := send(func(w *stun.Builder) {
		w.AddString(stun.AttrUsername, ufrag+":"+bu)
		w.AddMessageIntegrity([]byte(pwd))
	}); code != 400 {
		t.Errorf("no priority: %d", code)
	}
	t.Logf("# a bad FINGERPRINT is dropped silently")
	if _, ok := send(func(w *stun.Builder) {
		w.AddString(stun.AttrUsername, ufrag+":"+bu)
		w.Add(stun.AttrFingerprint, []byte{1, 2, 3, 4})
	}); ok {
		t.Errorf("answered a bad fingerprint")
	}
	t.Logf("# a valid request is answered with success")
	if code, _ := send(func(w *stun.Builder) {
		w.AddString(stun.AttrUsername, ufrag+":"+bu)
		w.AddUint32(stun.AttrPriority, 1)
		w.AddUint64(stun.AttrICEControlled, 1)
		w.AddMessageIntegrity([]byte(pwd))
		w.AddFingerprint()
	}); code != 200 {
		t.Errorf("valid: %d", code)
	}
	if a.a.Stats.BadRequests != 5 {
		t.Errorf("BadRequests = %d, want 5", a.a.Stats.BadRequests)
	}
}

func FuzzHandlePacket(f *testing.F) {
	var w stun.Builder
	w.Reset(nil, stun.BindingRequest, stun.TransactionID{1})
	w.AddString(stun.AttrUsername, "aaaaaaaa:bbbb")
	w.AddUint32(stun.AttrPriority, 1)
	w.AddUint64(stun.AttrICEControlling, 5)
	w.AddFlag(stun.AttrUseCandidate)
	w.AddMessageIntegrity([]byte("pppppppppppppppppppppppp"))
	w.AddFingerprint()
	f.Add(w.Bytes(), uint8(0))
	w.Reset(nil, stun.BindingSuccessResponse, stun.TransactionID{2})
	w.AddXORAddress(stun.AttrXORMappedAddress, netip.MustParseAddrPort("1.2.3.4:5"))
	f.Add(w.Bytes(), uint8(1))
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		a, err := NewAgent(Config{Rand: seededReader(1), Ufrag: "aaaaaaaa", Pwd: "pppppppppppppppppppppppp", Controlling: which&1 == 0,
			Lite: which&2 != 0, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")},
			STUNServers: []STUNServer{{URL: "stun:x", Address: netip.MustParseAddrPort("10.9.9.9:3478")}}})
		if err != nil {
			t.Fatal(err)
		}
		_ = a.Gather(t0)
		_ = a.SetRemoteCredentials(t0, "bbbb", "qqqqqqqqqqqqqqqqqqqqqqqq")
		_ = a.AddRemoteCandidate(t0, remoteHost("10.0.0.2:6000", 1))
		// Besides the raw input, feed a copy re-signed with the right key
		// (local password for requests, remote for responses), so that
		// the fuzzer reaches the authenticated paths.
		inputs := [][]byte{b}
		if m, err := stun.Parse(b); err == nil {
			key := "pppppppppppppppppppppppp"
			if m.Type.Class != stun.ClassRequest {
				key = "qqqqqqqqqqqqqqqqqqqqqqqq"
				// Answer an outstanding transaction (the smallest id, so
				// that a failure reproduces).
				first := true
				for _, tx := range a.txs {
					if first || bytes.Compare(tx.id[:], m.TransactionID[:]) < 0 {
						m.TransactionID, first = tx.id, false
					}
				}
			}
			var w stun.Builder
			w.Reset(nil, m.Type, m.TransactionID)
			for _, at := range m.Attributes {
				if at.Type != stun.AttrMessageIntegrity && at.Type != stun.AttrMessageIntegritySHA256 && at.Type != stun.AttrFingerprint {
					w.Add(at.Type, at.Value)
				}
			}
			w.AddMessageIntegrity([]byte(key))
			w.AddFingerprint()
			inputs = append(inputs, w.Bytes())
		}
		now := t0
		for i := 0; i < 3*len(inputs); i++ {
			_ = a.HandlePacket(now, netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("10.0.0.2:6000"), inputs[i%len(inputs)])
			for {
				if _, ok := a.PollTransmit(); !ok {
					break
				}
			}
			for {
				if _, ok := a.PollEvent(); !ok {
					break
				}
			}
			if d := a.NextDeadline(); !d.IsZero() {
				if d.Before(now) {
					t.Fatalf("deadline in the past")
				}
				now = d
				a.HandleTimeout(now)
			}
		}
	})
}

func TestAllPairsFail(t *testing.T) {
	h, a, b := twoHosts(t, 16, Config{}, Config{})
	t.Logf("# the peer is unreachable: once gathering is complete, end-of-candidates is known and every pair failed,")
	t.Logf("# the W3C RTCIceTransportState is failed (after Rc=7 requests and Rm: 39.5 s)")
	h.blocked = true
	h.runUntil(2*time.Minute, a.stateIs(StateFailed))
	h.wantState(a, StateFailed)
	h.wantState(b, StateFailed)
	if d := h.now.Sub(t0); d < 39*time.Second || d > 41*time.Second {
		t.Errorf("failed after %v", d)
	}
}

func TestTransactionCap(t *testing.T) {
	t.Logf("# with MaxTransactions reached, checks wait for a transaction to end instead of spinning")
	h, a, b := twoHosts(t, 17, Config{MaxTransactions: 1, MaxRemoteCandidates: 10}, Config{})
	// B's candidate first: the first check goes as soon as a pair exists
	// (§6.1.4.2), and with one transaction allowed a first check to an
	// unreachable candidate would hold the others for its 39.5 s of
	// retransmissions.
	h.drain()
	for i := 0; i < 5; i++ {
		_ = a.a.AddRemoteCandidate(h.now, remoteHost(netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 9, 0, byte(i + 1)}), 7).String(), uint16(100+i)))
	}
	most := 0
	connected := bothConnected(a, b)
	if !h.runUntil(2*time.Minute, func() bool {
		most = max(most, len(a.a.txs))
		return connected()
	}) {
		t.Fatalf("no connection with one transaction at a time")
	}
	if most != 1 {
		t.Errorf("at most %d transactions outstanding, want 1", most)
	}
}

func TestDualStack(t *testing.T) {
	t.Logf("# dual-stack agents: IPv6 and IPv4 host candidates pair by family only (RFC 8445 §6.1.2.2);")
	t.Logf("# the IPv6 address is listed first, so it has the higher local preference and is selected")
	h, a, b := twoHosts(t, 18,
		Config{HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("[2001:db8::1]:5000"), netip.MustParseAddrPort("10.0.0.1:5000")}},
		Config{HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("[2001:db8::2]:6000"), netip.MustParseAddrPort("10.0.0.2:6000")}})
	h.drain()
	if len(a.a.pairs) != 2 {
		t.Errorf("%d pairs, want 2 (one per family)", len(a.a.pairs))
	}
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	h.runUntil(2*time.Second, func() bool { return a.a.State() == StateCompleted })
	p := h.wantSelected(a, b)
	if !p.Local.Address.Addr().Is6() {
		t.Errorf("selected %v, want the IPv6 pair", p.Local.Address)
	}
}

func TestNominationConcludes(t *testing.T) {
	h, a, b := twoHosts(t, 19, Config{}, Config{})
	for i := 0; i < 3; i++ {
		// Unreachable remote candidates of lower priority keep pairs pending.
		_ = a.a.AddRemoteCandidate(h.now, remoteHost(netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 7, 0, byte(i + 1)}), 9).String(), uint16(i)))
	}
	if !h.runUntil(5*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	t.Logf("# RFC 8445 §8.1.2: once a pair is nominated the agent MUST remove the other pairs from the checklist and the")
	t.Logf("# triggered-check queue, and cancel In-Progress transactions (no retransmissions)")
	for _, p := range a.a.pairs {
		if p.state != PairSucceeded {
			t.Errorf("pair %v left in the checklist", p)
		}
	}
	if len(a.a.triggered) != 0 {
		t.Errorf("%d triggered checks queued", len(a.a.triggered))
	}
	retrans := 0
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		if to.Addr().As4()[1] == 7 {
			retrans++
		}
		return true
	}
	h.advance(time.Minute)
	if retrans != 0 {
		t.Errorf("%d requests to the abandoned candidates after nomination", retrans)
	}
	t.Logf("# a candidate trickled after the conclusion is not paired")
	_ = a.a.AddRemoteCandidate(h.now, remoteHost("10.7.0.99:9", 9))
	if len(a.a.pairs) != 1 {
		t.Errorf("%d pairs", len(a.a.pairs))
	}
	h.wantSelected(a, b)
}

// A restart before any nomination (here every USE-CANDIDATE is lost, so
// the controlled agent never sees one) keeps the valid pair data goes on
// (RFC 8445 §12.1) as the old generation's: the transport stays connected
// (W3C webrtc §5.6.4), and consent runs on that pair meanwhile.
func TestICERestartBeforeNomination(t *testing.T) {
	h, _, b := twoHosts(t, 9, Config{}, Config{})
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		return err != nil || !m.Has(stun.AttrUseCandidate)
	}
	h.runUntil(5*time.Second, func() bool { _, ok := b.a.ValidPair(); return ok })
	v, ok := b.a.ValidPair()
	if !ok {
		t.Fatal("no valid pair")
	}
	if _, sel := b.a.SelectedPair(); sel {
		t.Fatal("B selected a pair without a nomination")
	}
	h.wantState(b, StateConnected)
	if err := b.a.Restart(h.now, "", ""); err != nil {
		t.Fatal(err)
	}
	h.drain()
	h.wantState(b, StateConnected)
	if p, ok := b.a.SelectedPair(); !ok || p != v {
		t.Fatalf("after the restart B's pair is %v (%v), want the valid pair it was using, %v", p, ok, v)
	}
	// The new generation has no remote credentials yet: every request B
	// sends now is a consent check on the old pair.
	consent := 0
	h.onSend = func(from, to netip.AddrPort, data []byte) bool {
		m, err := stun.Parse(data)
		if err == nil && m.Type == stun.BindingRequest && from == v.Local.Base {
			consent++
		}
		return err != nil || !m.Has(stun.AttrUseCandidate)
	}
	h.advance(35 * time.Second)
	h.wantState(b, StateConnected)
	if consent < 5 {
		t.Fatalf("%d consent requests on the old pair in 35 s, want one every 4-6 s", consent)
	}
}
