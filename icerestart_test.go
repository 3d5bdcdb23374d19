package webrtc

import (
	"strings"
	"sync"
	"testing"
)

// restartIce (W3C webrtc §4.4.1.6, RFC 8445 §9): the next offer carries
// new ICE credentials, the answerer answers with new ones too (RFC 8839
// §4.4.1.1.2), both agents gather and check a new generation and select a
// pair of it, and the data channel carries on over the same DTLS and SCTP
// association, without a new handshake.
func TestICERestart(t *testing.T) {
	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	ac, ca := trickle(a, c), trickle(c, a)
	pairs := make(chan *ICECandidatePair, 8)
	dc, err := a.CreateDataChannel("chat", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	got := make(chan string, 4)
	dc.OnMessage(func(m DataChannelMessage) { got <- string(m.Data) })
	c.OnDataChannel(func(d *DataChannel) {
		d.OnMessage(func(m DataChannelMessage) { d.SendText("echo: " + string(m.Data)) })
	})
	iceStates := make(chan ICEConnectionState, 16)
	a.OnICEConnectionStateChange(func(s ICEConnectionState) { iceStates <- s })
	negotiate(t, a, c)
	a.SCTP().Transport().ICETransport().OnSelectedCandidatePairChange(func(p *ICECandidatePair) { pairs <- p })
	ac.start()
	ca.start()
	waitFor(t, opened, "the data channel to open")
	if err := dc.SendText("before"); err != nil {
		t.Fatal(err)
	}
	if m := waitFor(t, got, "the echo before the restart"); m != "echo: before" {
		t.Fatalf("echo %q", m)
	}
	waitFor(t, pairs, "the first selected pair")
	for s := range iceStates {
		if s == ICEConnectionStateCompleted {
			break // nominated: the restart starts from a selected pair
		}
	}
	// The pair changes so far came before "completed" (one dispatcher,
	// in order): drop them, so that the next one is the new generation's.
	for len(pairs) > 0 {
		<-pairs
	}
	oldA, oldC := localUfrag(t, a), localUfrag(t, c)
	before := transportReport(t, a)

	t.Log("# restartIce, and a new offer/answer: new credentials on both sides")
	var mu sync.Mutex
	var seen []string
	a.OnICEConnectionStateChange(func(s ICEConnectionState) { mu.Lock(); seen = append(seen, "ice "+s.String()); mu.Unlock() })
	a.OnConnectionStateChange(func(s PeerConnectionState) { mu.Lock(); seen = append(seen, "pc "+s.String()); mu.Unlock() })
	a.RestartICE()
	negotiate(t, a, c)
	if newA, newC := localUfrag(t, a), localUfrag(t, c); newA == oldA || newC == oldC {
		t.Fatalf("ufrags after the restart: offerer %q (was %q), answerer %q (was %q); want both new", newA, oldA, newC, oldC)
	}
	waitFor(t, pairs, "a selected pair of the new ICE generation")
	after := transportReport(t, a)
	if after.ICELocalUsernameFragment != localUfrag(t, a) || after.SelectedCandidatePairChanges <= before.SelectedCandidatePairChanges {
		t.Fatalf("after the restart the transport reports ufrag %q and %d pair changes (before: %d); want %q and more",
			after.ICELocalUsernameFragment, after.SelectedCandidatePairChanges, before.SelectedCandidatePairChanges, localUfrag(t, a))
	}
	if s := a.SCTP().Transport().State(); s != DTLSTransportStateConnected {
		t.Fatalf("DTLS %v after the restart", s)
	}
	if err := dc.SendText("after"); err != nil {
		t.Fatal(err)
	}
	if m := waitFor(t, got, "the echo after the restart"); m != "echo: after" {
		t.Fatalf("echo %q", m)
	}
	if s := a.ICEConnectionState(); s != ICEConnectionStateConnected && s != ICEConnectionStateCompleted {
		t.Fatalf("iceConnectionState %v after the restart", s)
	}
	// W3C webrtc §5.6.4: a restart from "completed" goes to "connected";
	// the old pair carries the data meanwhile, so the connection stays
	// connected.
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 || seen[0] != "ice connected" {
		t.Fatalf("during the restart the offerer reported %v, want connected first", seen)
	}
	for _, s := range seen {
		if s != "ice connected" && s != "ice completed" {
			t.Fatalf("during the restart the offerer reported %v", seen)
		}
	}
}

func localUfrag(t *testing.T, pc *PeerConnection) string {
	t.Helper()
	d := pc.CurrentLocalDescription()
	if d == nil {
		t.Fatal("no current local description")
	}
	for _, l := range strings.Split(d.SDP, "\r\n") {
		if u, ok := strings.CutPrefix(l, "a=ice-ufrag:"); ok {
			return u
		}
	}
	t.Fatal("no a=ice-ufrag in the local description")
	return ""
}

func transportReport(t *testing.T, pc *PeerConnection) TransportStats {
	t.Helper()
	rep, err := pc.GetStats(bg)
	if err != nil {
		t.Fatal(err)
	}
	ts, ok := rep["T01"].(TransportStats)
	if !ok {
		t.Fatal("no transport stats")
	}
	return ts
}
