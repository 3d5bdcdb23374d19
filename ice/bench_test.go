package ice

import (
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// BenchmarkHandleBindingRequest measures answering a connectivity check on
// an established pair (the steady-state STUN work of a connected agent:
// consent requests from the peer).
func BenchmarkHandleBindingRequest(b *testing.B) {
	local, remote := netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("10.0.0.2:6000")
	a, _ := NewAgent(Config{Rand: seededReader(1), Ufrag: "aaaaaaaa", Pwd: "pppppppppppppppppppppppp",
		HostAddresses: []netip.AddrPort{local}})
	_ = a.Gather(t0)
	_ = a.SetRemoteCredentials(t0, "bbbb", "qqqqqqqqqqqqqqqqqqqqqqqq")
	_ = a.AddRemoteCandidate(t0, remoteHost(remote.String(), 65535))
	var w stun.Builder
	w.Reset(nil, stun.BindingRequest, stun.TransactionID{1})
	w.AddString(stun.AttrUsername, "aaaaaaaa:bbbb")
	w.AddUint32(stun.AttrPriority, Priority(CandidatePeerReflexive, 65535, 1))
	w.AddUint64(stun.AttrICEControlling, 1)
	w.AddMessageIntegrity([]byte("pppppppppppppppppppppppp"))
	w.AddFingerprint()
	req := w.Bytes()
	drain := func() {
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
	}
	// Make the pair Succeeded so that requests trigger nothing more.
	_ = a.HandlePacket(t0, local, remote, req)
	drain()
	p := a.findPair(local, remote)
	p.state, p.valid = PairSucceeded, true
	b.ReportAllocs()
	for b.Loop() {
		if err := a.HandlePacket(t0, local, remote, req); err != nil {
			b.Fatal(err)
		}
		drain()
	}
}

// idleAgents returns two agents connected through the harness (one host
// candidate each), completed and past their first consent checks.
func idleAgents(b *testing.B) (*harness, *peer, *peer) {
	h, x, y := twoHosts(b, 5, Config{}, Config{})
	h.quiet = true
	if !h.runUntil(5*time.Second, func() bool { return x.a.State() == StateCompleted && y.a.State() == StateCompleted }) {
		b.Fatal("not completed")
	}
	h.advance(12 * time.Second)
	h.drain()
	return h, x, y
}

// nextConsent captures the consent request x sends at its next deadline.
func nextConsent(b *testing.B, x *peer) (time.Time, Transmit) {
	now := x.a.NextDeadline()
	x.a.HandleTimeout(now)
	tr, ok := x.a.PollTransmit()
	if !ok {
		b.Fatal("no consent request at the deadline")
	}
	tr.Data = append([]byte(nil), tr.Data...)
	if _, ok := x.a.PollTransmit(); ok {
		b.Fatal("more than the consent request")
	}
	return now, tr
}

// BenchmarkConsentRequestIn is the peer's consent request arriving on the
// selected pair (RFC 7675 §5.1): parse, FINGERPRINT, MESSAGE-INTEGRITY,
// role and pair lookups, and the signed success response.
func BenchmarkConsentRequestIn(b *testing.B) {
	_, x, y := idleAgents(b)
	now, req := nextConsent(b, x)
	b.ReportAllocs()
	for b.Loop() {
		if err := y.a.HandlePacket(now, req.To, req.From, req.Data); err != nil {
			b.Fatal(err)
		}
		if _, ok := y.a.PollTransmit(); !ok {
			b.Fatal("no response")
		}
		if _, ok := y.a.PollTransmit(); ok {
			b.Fatal("more than the response")
		}
	}
}

// BenchmarkConsentSend is the consent timer firing (HandleTimeout at
// NextDeadline): a new transaction and the signed request. The previous
// request is answered by putting the consent time forward directly, so
// that the loop measures the send alone.
func BenchmarkConsentSend(b *testing.B) {
	_, x, _ := idleAgents(b)
	b.ReportAllocs()
	for b.Loop() {
		now := x.a.NextDeadline()
		x.a.HandleTimeout(now)
		if _, ok := x.a.PollTransmit(); !ok {
			b.Fatal("no consent request")
		}
		if _, ok := x.a.PollTransmit(); ok {
			b.Fatal("more than the consent request")
		}
		// The answer: the transaction ends, consent is fresh.
		x.a.removeTx(0)
		x.a.selected.consentAt, x.a.selected.lastResponse = now, now
	}
}

// BenchmarkConsentResponseIn is the response to our consent request
// arriving: transaction lookup, parse, FINGERPRINT, MESSAGE-INTEGRITY and
// the consent refresh. The transaction is put back each time so that the
// same response answers it.
func BenchmarkConsentResponseIn(b *testing.B) {
	_, x, y := idleAgents(b)
	now, req := nextConsent(b, x)
	if len(x.a.txs) != 1 {
		b.Fatalf("%d transactions, want the consent one", len(x.a.txs))
	}
	tx := x.a.txs[0]
	x.a.removeTx(0)
	if err := y.a.HandlePacket(now, req.To, req.From, req.Data); err != nil {
		b.Fatal(err)
	}
	resp, ok := y.a.PollTransmit()
	if !ok {
		b.Fatal("no response")
	}
	resp.Data = append([]byte(nil), resp.Data...)
	b.ReportAllocs()
	for b.Loop() {
		if len(x.a.txs) != 0 {
			b.Fatal("the response did not end the transaction")
		}
		x.a.txs = append(x.a.txs, tx)
		if err := x.a.HandlePacket(now, resp.To, resp.From, resp.Data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIdleConsentRoundTrip runs two idle agents on a zero-latency link
// through their public API only: each op advances to the next deadline
// (a consent check of one side, RFC 7675 §5.1) and exchanges what it sends
// until both are quiet. It reports the timer wake-ups per consent check.
func BenchmarkIdleConsentRoundTrip(b *testing.B) {
	_, x, y := idleAgents(b)
	type side struct {
		a    *Agent
		peer *Agent
	}
	sides := [2]side{{x.a, y.a}, {y.a, x.a}}
	wakeups, checks := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		s := sides[0]
		if d, e := sides[1].a.NextDeadline(), s.a.NextDeadline(); d.Before(e) {
			s = sides[1]
		}
		now := s.a.NextDeadline()
		s.a.HandleTimeout(now)
		wakeups++
		for moved := true; moved; {
			moved = false
			for _, s := range sides {
				for {
					tr, ok := s.a.PollTransmit()
					if !ok {
						break
					}
					moved = true
					if len(tr.Data) > 1 && tr.Data[0] == 0 && tr.Data[1] == 0x01 { // Binding request
						checks++
					}
					if err := s.peer.HandlePacket(now, tr.To, tr.From, tr.Data); err != nil {
						b.Fatal(err)
					}
				}
				if _, ok := s.a.PollEvent(); ok {
					b.Fatal("an event while idle")
				}
			}
		}
	}
	if x.a.State() != StateCompleted || y.a.State() != StateCompleted {
		b.Fatalf("states %v %v after idling", x.a.State(), y.a.State())
	}
	b.ReportMetric(float64(wakeups)/float64(checks), "wakeups/check")
}
