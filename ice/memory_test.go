package ice

import (
	"net/netip"
	"runtime"
	"testing"
	"time"
)

// idlePair connects two agents with two IPv4 host candidates each (four
// pairs) through a quiet harness, runs 30 s of consent, and returns them.
func idlePair(t *testing.T, rand *sharedRand) (*Agent, *Agent) {
	h := newHarness(t, 1)
	h.quiet = true
	ca := Config{Rand: rand, Controlling: true, HostAddresses: []netip.AddrPort{
		netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("192.168.1.1:5000")}}
	cb := Config{Rand: rand, HostAddresses: []netip.AddrPort{
		netip.MustParseAddrPort("10.0.0.2:6000"), netip.MustParseAddrPort("192.168.1.2:6000")}}
	a := h.addPeer("A", ca, 0)
	b := h.addPeer("B", cb, 0)
	h.connectSignalling(a, b)
	if err := a.a.Gather(h.now); err != nil {
		t.Fatal(err)
	}
	if err := b.a.Gather(h.now); err != nil {
		t.Fatal(err)
	}
	if !h.runUntil(5*time.Second, func() bool { return a.a.State() == StateCompleted && b.a.State() == StateCompleted }) {
		t.Fatalf("not completed: %v %v", a.states(), b.states())
	}
	h.advance(30 * time.Second)
	h.drain()
	if a.a.State() != StateCompleted || b.a.State() != StateCompleted {
		t.Fatalf("not idle and completed: %v %v", a.states(), b.states())
	}
	return a.a, b.a
}

// sharedRand is one deterministic Rand for many agents, so that its state
// is not counted per agent (the driver passes crypto/rand.Reader).
type sharedRand struct {
	r interface{ Read([]byte) (int, error) }
}

func (s *sharedRand) Read(b []byte) (int, error) { return s.r.Read(b) }

// idleAgentBudget is the heap an idle connected agent may keep (the W3C
// objects above it and the sockets are not counted).
const idleAgentBudget = 4 << 10

// TestIdleAgentHeap measures the heap that connected idle agents keep after
// a GC: candidates, the selected and valid pairs with their stats, the
// credentials' HMAC states, and no queue, transaction or buffer storage
// beyond what sending one consent check needs.
func TestIdleAgentHeap(t *testing.T) {
	const n = 200
	rand := &sharedRand{seededReader(42)}
	agents := make([]*Agent, 0, 2*n)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		a, b := idlePair(t, rand)
		agents = append(agents, a, b)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / float64(len(agents))
	runtime.KeepAlive(agents)
	t.Logf("# %d connected idle agents (2 local and 2 remote host candidates each): %.0f B retained per agent", len(agents), per)
	if per > idleAgentBudget {
		t.Errorf("%.0f B per idle agent, budget %d B", per, idleAgentBudget)
	}
}
