package webrtc

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/c4c1f6e1/webrtc/mdns"
)

// A browser hides its host addresses behind "<uuid>.local" names
// (draft-ietf-mmusic-mdns-ice-candidates-03 §3.1): the answerer's candidates
// are rewritten that way here, and the offerer resolves them (§3.2.1) with
// a fake resolver standing in for the mDNS query. The resolved host
// candidate is used, the application still sees only the name (§3.2.2), and
// the end-of-candidates waits for the resolutions.
func TestRemoteMDNSCandidates(t *testing.T) {
	var mu sync.Mutex
	names := map[string]netip.Addr{}
	queried := 0
	asked := make(chan struct{}, 64)
	saved := resolveMDNS
	resolveMDNS = func(ctx context.Context, name string) (netip.Addr, error) {
		mu.Lock()
		defer mu.Unlock()
		queried++
		select {
		case asked <- struct{}{}:
		default:
		}
		if a, ok := names[name]; ok {
			return a, nil
		}
		return netip.Addr{}, errors.New("no such name")
	}
	t.Cleanup(func() { resolveMDNS = saved })

	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	ac := trickle(a, c)
	// c's candidates reach a with their addresses replaced by names.
	var queue []*ICECandidate
	live := false
	var qmu sync.Mutex
	send := func(cand *ICECandidate) {
		if cand == nil {
			a.AddICECandidate(bg, nil)
			return
		}
		init := cand.ToJSON()
		name, err := mdns.NewICEName(strings.NewReader(strings.Repeat(cand.Address, 16)))
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		names[name] = netip.MustParseAddr(cand.Address)
		mu.Unlock()
		init.Candidate = strings.Replace(init.Candidate, " "+cand.Address+" ", " "+name+" ", 1)
		a.AddICECandidate(bg, &init)
	}
	c.OnICECandidate(func(cand *ICECandidate) {
		qmu.Lock()
		if !live {
			queue = append(queue, cand)
			qmu.Unlock()
			return
		}
		qmu.Unlock()
		send(cand)
	})
	dc, err := a.CreateDataChannel("x", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	negotiate(t, a, c)
	ac.start()
	qmu.Lock()
	q := queue
	live = true
	qmu.Unlock()
	for _, cand := range q {
		send(cand)
	}
	waitFor(t, opened, "the data channel to open")
	// The channel may open over the answerer's checks before a name is
	// resolved (they go in the background): wait for a query, and for
	// the resolutions under way to finish. Every resolution has started
	// by now: the answerer's host candidates were all gathered within its
	// setLocalDescription, and sent above.
	waitFor(t, asked, "a name to be queried")
	a.drv.resolvers.Wait()

	a.drv.mu.Lock()
	resolved := a.drv.resolved
	a.drv.mu.Unlock()
	mu.Lock()
	n := queried
	mu.Unlock()
	if n == 0 || resolved == 0 {
		t.Fatalf("%d names queried, %d candidates resolved; want some", n, resolved)
	}
	t.Log("# the remote host candidates carry their names, never the resolved addresses")
	hosts := 0
	for _, r := range a.SCTP().Transport().ICETransport().GetRemoteCandidates() {
		if r.Type != ICECandidateTypeHost {
			continue
		}
		hosts++
		if !mdns.IsICEName(r.Address) {
			t.Errorf("remote host candidate shows address %q, want its .local name", r.Address)
		}
	}
	if hosts == 0 {
		t.Fatal("no remote host candidate: the names were not resolved into candidates")
	}
}

// draft-ietf-mmusic-mdns-ice-candidates-03 §3.3.1: statistics do not tell
// whether a remote mDNS name resolved, so a candidate whose name does not
// resolve is reported like one that does: an RTCIceCandidateStats with the
// name as its address, and a member of getRemoteCandidates.
func TestUnresolvedMDNSCandidateReported(t *testing.T) {
	saved := resolveMDNS
	resolveMDNS = func(ctx context.Context, name string) (netip.Addr, error) {
		return netip.Addr{}, errors.New("no such name")
	}
	t.Cleanup(func() { resolveMDNS = saved })
	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	if _, err := a.CreateDataChannel("x", nil); err != nil {
		t.Fatal(err)
	}
	negotiate(t, a, c)
	name, err := mdns.NewICEName(strings.NewReader(strings.Repeat("x", 16)))
	if err != nil {
		t.Fatal(err)
	}
	mid := "0"
	init := ICECandidateInit{Candidate: "candidate:1 1 udp 2122260223 " + name + " 40000 typ host", SDPMid: &mid}
	if err := a.AddICECandidate(bg, &init); err != nil {
		t.Fatal(err)
	}
	a.drv.resolvers.Wait() // the resolution has failed
	rep, err := a.GetStats(bg)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range rep {
		if cs, ok := s.(ICECandidateStats); ok && cs.Type == StatsTypeRemoteCandidate && cs.Port == 40000 {
			found = true
			if cs.Address == nil || *cs.Address != name || cs.CandidateType != ICECandidateTypeHost || cs.TransportID == "" {
				t.Fatalf("unresolved mDNS candidate reported as %+v", cs)
			}
			if strings.Contains(cs.ID, "0.0.0.0") {
				t.Fatalf("its id %q shows the placeholder address", cs.ID)
			}
		}
	}
	if !found {
		t.Fatal("no RTCIceCandidateStats for the unresolved mDNS candidate")
	}
	var listed bool
	for _, r := range a.SCTP().Transport().ICETransport().GetRemoteCandidates() {
		listed = listed || (r.Address == name && r.Port == 40000)
	}
	if !listed {
		t.Fatal("getRemoteCandidates lacks the unresolved mDNS candidate")
	}
}
