package ice

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// This file is the deterministic test harness: agents exchange datagrams
// through an in-memory router with synthetic time, optional loss, reorder
// and simple NATs, and in-harness STUN servers.

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

type packet struct {
	at       time.Time
	seq      int
	from, to netip.AddrPort
	data     []byte
}

// nat is a simple NAT in front of one private host: endpoint-independent
// mapping to public, with endpoint-independent filtering or
// address-and-port-dependent filtering (RFC 4787 §4.1, §5).
type nat struct {
	private, public netip.AddrPort
	portDependent   bool
	sentTo          map[netip.AddrPort]bool
}

type peer struct {
	name   string
	a      *Agent
	events []Event
	other  *peer
	// signal forwards candidates and end-of-candidates to other.
	signal bool
	// timeouts counts the HandleTimeout calls made because the agent's
	// deadline was reached.
	timeouts int
}

type harness struct {
	t       testing.TB
	now     time.Time
	rng     *rand.Rand
	peers   []*peer
	hosts   map[netip.AddrPort]*peer // private host address → peer
	nats    []*nat
	stun    map[netip.AddrPort]bool // STUN servers
	stunErr int                     // when set, STUN servers answer with this error code
	queue   []packet
	seq     int
	delay   time.Duration
	jitter  time.Duration // uniform extra delay: reorders packets
	loss    float64
	blocked bool // drop everything
	sent    int
	dropped int
	onSend  func(from, to netip.AddrPort, b []byte) bool // false: drop
	quiet   bool                                         // no event log (memory measurements)
}

func newHarness(t testing.TB, seed uint64) *harness {
	return &harness{t: t, now: t0, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		hosts: map[netip.AddrPort]*peer{}, stun: map[netip.AddrPort]bool{}, delay: 10 * time.Millisecond}
}

func seededReader(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// addPeer creates an agent; cfg.Rand is filled in.
func (h *harness) addPeer(name string, cfg Config, seed uint64) *peer {
	h.t.Helper()
	if cfg.Rand == nil {
		cfg.Rand = seededReader(seed)
	}
	a, err := NewAgent(cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	p := &peer{name: name, a: a, signal: true}
	for _, addr := range cfg.HostAddresses {
		h.hosts[addr] = p
	}
	h.peers = append(h.peers, p)
	return p
}

// connectSignalling exchanges credentials between a and b and makes their
// candidates trickle to each other.
func (h *harness) connectSignalling(a, b *peer) {
	a.other, b.other = b, a
	au, ap := a.a.LocalCredentials()
	bu, bp := b.a.LocalCredentials()
	if err := a.a.SetRemoteCredentials(h.now, bu, bp); err != nil {
		h.t.Fatal(err)
	}
	if err := b.a.SetRemoteCredentials(h.now, au, ap); err != nil {
		h.t.Fatal(err)
	}
}

// drain routes every peer's datagrams and handles their events, until
// nothing moves: signalling a candidate to a peer may make it send at once.
func (h *harness) drain() {
	for moved := true; moved; {
		moved = false
		for _, p := range h.peers {
			moved = h.drainPeer(p) || moved
		}
	}
}

func (h *harness) drainPeer(p *peer) bool {
	moved := false
	for {
		tr, ok := p.a.PollTransmit()
		if !ok {
			break
		}
		moved = true
		h.route(tr.From, tr.To, append([]byte(nil), tr.Data...))
	}
	for {
		e, ok := p.a.PollEvent()
		if !ok {
			break
		}
		moved = true
		p.events = append(p.events, e)
		if !h.quiet {
			h.t.Logf("  %v %s: %s", h.now.Sub(t0), p.name, describe(e))
		}
		if p.other != nil && p.signal {
			switch {
			case e.Type == EventCandidate:
				if err := p.other.a.AddRemoteCandidate(h.now, e.Candidate); err != nil {
					h.t.Logf("  %s refused candidate: %v", p.other.name, err)
				}
			case e.Type == EventGatheringState && e.GatheringState == GatheringComplete:
				p.other.a.EndOfRemoteCandidates(h.now)
			}
		}
	}
	return moved
}

func describe(e Event) string {
	switch e.Type {
	case EventCandidate:
		return "candidate " + e.Candidate.String()
	case EventGatheringState:
		return "gathering " + e.GatheringState.String()
	case EventState:
		return "state " + e.State.String()
	case EventSelectedPair:
		return "selected " + e.Pair.Local.Address.String() + " → " + e.Pair.Remote.Address.String()
	case EventCandidateError:
		return "candidate error " + e.Error.URL + " " + e.Error.ErrorText
	case EventRoleChange:
		return "role " + e.Role.String()
	}
	return "?"
}

// route applies the NAT on the way out and queues the packet.
func (h *harness) route(from, to netip.AddrPort, b []byte) {
	h.sent++
	if h.onSend != nil && !h.onSend(from, to, b) {
		h.dropped++
		return
	}
	for _, n := range h.nats {
		if n.private == from {
			from = n.public
			n.sentTo[to] = true
		}
	}
	if h.blocked || (h.loss > 0 && h.rng.Float64() < h.loss) {
		h.dropped++
		return
	}
	d := h.delay
	if h.jitter > 0 {
		d += time.Duration(h.rng.Int64N(int64(h.jitter)))
	}
	h.seq++
	h.queue = append(h.queue, packet{at: h.now.Add(d), seq: h.seq, from: from, to: to, data: b})
}

func (h *harness) deliver(p packet) {
	if h.stun[p.to] {
		h.stunServe(p)
		return
	}
	to := p.to
	for _, n := range h.nats {
		if n.public == p.to {
			if n.portDependent && !n.sentTo[p.from] {
				return // RFC 4787 §5: filtered
			}
			to = n.private
		}
	}
	peer := h.hosts[to]
	if peer == nil {
		return
	}
	_ = peer.a.HandlePacket(h.now, to, p.from, p.data)
}

// stunServe answers a Binding request like a STUN server (RFC 8489 §10).
func (h *harness) stunServe(p packet) {
	m, err := stun.Parse(p.data)
	if err != nil || m.Type != stun.BindingRequest {
		return
	}
	var w stun.Builder
	if h.stunErr != 0 {
		w.Reset(nil, stun.BindingErrorResponse, m.TransactionID)
		w.AddErrorCode(h.stunErr, "Try Later")
	} else {
		w.Reset(nil, stun.BindingSuccessResponse, m.TransactionID)
		w.AddXORAddress(stun.AttrXORMappedAddress, p.from)
	}
	w.AddFingerprint()
	h.route(p.to, p.from, w.Bytes())
}

// step advances to the next packet or deadline; false when nothing is left.
func (h *harness) step(limit time.Time) bool {
	h.drain()
	next := time.Time{}
	for _, p := range h.queue {
		if next.IsZero() || p.at.Before(next) {
			next = p.at
		}
	}
	for _, p := range h.peers {
		if d := p.a.NextDeadline(); !d.IsZero() && (next.IsZero() || d.Before(next)) {
			next = d
		}
	}
	if next.IsZero() || next.After(limit) {
		if h.now.Before(limit) {
			h.now = limit
			for _, p := range h.peers {
				p.a.HandleTimeout(h.now)
			}
			h.drain()
		}
		return false
	}
	if next.Before(h.now) {
		h.t.Fatalf("BUG: deadline %v in the past (now %v)", next.Sub(t0), h.now.Sub(t0))
	}
	h.now = next
	// Deliver due packets in (time, seq) order, then timers.
	slices.SortFunc(h.queue, func(x, y packet) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return x.seq - y.seq
	})
	n := 0
	for n < len(h.queue) && !h.queue[n].at.After(h.now) {
		n++
	}
	due := append([]packet(nil), h.queue[:n]...)
	h.queue = h.queue[n:]
	for _, p := range due {
		h.deliver(p)
	}
	for _, p := range h.peers {
		if d := p.a.NextDeadline(); !d.IsZero() && !d.After(h.now) {
			p.timeouts++
			p.a.HandleTimeout(h.now)
			// DESIGN §1: when NextDeadline says "now", HandleTimeout
			// must act, so the deadline moves on.
			if d2 := p.a.NextDeadline(); !d2.IsZero() && !d2.After(h.now) {
				h.t.Fatalf("BUG: %s: deadline still %v after HandleTimeout", p.name, d2.Sub(t0))
			}
		}
	}
	h.drain()
	return true
}

// runUntil runs the network until cond holds or d of synthetic time passed.
func (h *harness) runUntil(d time.Duration, cond func() bool) bool {
	limit := h.now.Add(d)
	for steps := 0; steps < 1_000_000; steps++ {
		if cond != nil && cond() {
			return true
		}
		if !h.step(limit) {
			return cond != nil && cond()
		}
	}
	h.t.Fatalf("too many steps")
	return false
}

// advance runs the network for d.
func (h *harness) advance(d time.Duration) { h.runUntil(d, nil) }

func (p *peer) stateIs(s TransportState) func() bool {
	return func() bool { return p.a.State() == s }
}

func (p *peer) states() []TransportState {
	var out []TransportState
	for _, e := range p.events {
		if e.Type == EventState {
			out = append(out, e.State)
		}
	}
	return out
}

// wantState fails the test unless the agent is in state s.
func (h *harness) wantState(p *peer, s TransportState) {
	h.t.Helper()
	if got := p.a.State(); got != s {
		h.t.Fatalf("%s: state %v, want %v (history %v)", p.name, got, s, p.states())
	}
}

// wantSelected fails unless both agents selected the same 5-tuple.
func (h *harness) wantSelected(a, b *peer) Pair {
	h.t.Helper()
	pa, ok1 := a.a.SelectedPair()
	pb, ok2 := b.a.SelectedPair()
	if !ok1 || !ok2 {
		h.t.Fatalf("selected: %s %v, %s %v", a.name, ok1, b.name, ok2)
	}
	if pa.Local.Base != pb.Remote.Address && !h.natted(pa.Local.Base, pb.Remote.Address) {
		h.t.Fatalf("%s sends from %v but %s sends to %v", a.name, pa.Local.Base, b.name, pb.Remote.Address)
	}
	return pa
}

func (h *harness) natted(private, public netip.AddrPort) bool {
	for _, n := range h.nats {
		if n.private == private && n.public == public {
			return true
		}
	}
	return false
}

func (h *harness) wantIdle(p *peer) {
	h.t.Helper()
	if tr, ok := p.a.PollTransmit(); ok {
		h.t.Fatalf("%s: unexpected transmit to %v", p.name, tr.To)
	}
}

// twoHosts builds the usual controlling/controlled pair on one LAN.
func twoHosts(t testing.TB, seed uint64, ca, cb Config) (*harness, *peer, *peer) {
	h := newHarness(t, seed)
	if ca.HostAddresses == nil {
		ca.HostAddresses = []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")}
	}
	if cb.HostAddresses == nil {
		cb.HostAddresses = []netip.AddrPort{netip.MustParseAddrPort("10.0.0.2:6000")}
	}
	ca.Controlling = true
	a := h.addPeer("A", ca, seed*2+1)
	b := h.addPeer("B", cb, seed*2+2)
	h.connectSignalling(a, b)
	if err := a.a.Gather(h.now); err != nil {
		t.Fatal(err)
	}
	if err := b.a.Gather(h.now); err != nil {
		t.Fatal(err)
	}
	return h, a, b
}

func bothConnected(a, b *peer) func() bool {
	return func() bool {
		_, ok1 := a.a.SelectedPair()
		_, ok2 := b.a.SelectedPair()
		return ok1 && ok2
	}
}
