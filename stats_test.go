package webrtc

import (
	"bytes"
	"testing"
	"time"
)

// getStats after real traffic (webrtc-stats §8.17–§8.20): every id that a
// dictionary names exists with the right type; the candidate pair's
// packets and bytes count the data that went over it (not the STUN checks),
// and the transport's bytes are the sum of its pairs'; timestamps fall
// within the test; request and response counters match what ICE did.
func TestStatsCount(t *testing.T) {
	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	start := time.Now()
	selected := make(chan struct{}, 4)
	a.DTLSTransport().ICETransport().OnSelectedCandidatePairChange(func(*ICECandidatePair) { selected <- struct{}{} })
	dc, echoes := connectPair(t, a, c, "stats")
	waitFor(t, selected, "ICE to select a pair")
	const n, size = 20, 1000
	payload := bytes.Repeat([]byte{'x'}, size)
	for range n {
		if err := dc.SendText(string(payload)); err != nil {
			t.Fatal(err)
		}
	}
	for range n {
		waitFor(t, echoes, "an echo")
	}
	end := time.Now()
	rep, err := a.GetStats(bg)
	if err != nil {
		t.Fatal(err)
	}
	checkStatsReferences(t, rep)
	tr := rep["T01"].(TransportStats)
	cp := rep[tr.SelectedCandidatePairID].(CandidatePairStats)
	t.Logf("transport: %d packets / %d bytes sent, %d / %d received; pair: %d / %d sent, %d / %d received",
		tr.PacketsSent, tr.BytesSent, tr.PacketsReceived, tr.BytesReceived, cp.PacketsSent, cp.BytesSent, cp.PacketsReceived, cp.BytesReceived)
	t.Log("# the pair carried the messages: at least their bytes, plus DTLS and SCTP overhead, and not many times more")
	if cp.BytesSent < n*size || cp.BytesSent > 3*n*size || cp.BytesReceived < n*size {
		t.Errorf("pair bytes sent %d, received %d for %d messages of %d bytes each way", cp.BytesSent, cp.BytesReceived, n, size)
	}
	var pairsSent, pairsReceived uint64
	for _, s := range rep {
		if p, ok := s.(CandidatePairStats); ok {
			pairsSent += p.BytesSent
			pairsReceived += p.BytesReceived
		}
	}
	if pairsSent != tr.BytesSent || pairsReceived != tr.BytesReceived {
		t.Errorf("transport bytes %d/%d, sum over pairs %d/%d", tr.BytesSent, tr.BytesReceived, pairsSent, pairsReceived)
	}
	if tr.PacketsSent <= cp.PacketsSent {
		t.Errorf("transport packets sent %d do not include the STUN checks beside the pair's %d data packets", tr.PacketsSent, cp.PacketsSent)
	}
	for _, ts := range []float64{cp.LastPacketSentTimestamp, cp.LastPacketReceivedTimestamp} {
		if ts < statsTime(start) || ts > statsTime(end)+1 {
			t.Errorf("last packet timestamp %.3f outside the test's %.3f–%.3f", ts, statsTime(start), statsTime(end))
		}
	}
	if cp.RequestsSent == 0 || cp.ResponsesReceived == 0 || cp.RequestsReceived == 0 || cp.ResponsesSent == 0 {
		t.Errorf("STUN counters: %d requests sent, %d responses received, %d requests received, %d responses sent",
			cp.RequestsSent, cp.ResponsesReceived, cp.RequestsReceived, cp.ResponsesSent)
	}
	if tr.SelectedCandidatePairChanges != 1 {
		t.Errorf("selectedCandidatePairChanges %d, want 1", tr.SelectedCandidatePairChanges)
	}
	l := rep[cp.LocalCandidateID].(ICECandidateStats)
	if l.Address == nil || l.Foundation == "" || l.UsernameFragment != tr.ICELocalUsernameFragment {
		t.Errorf("local candidate %+v", l)
	}
}

// checkStatsReferences checks that every id a dictionary refers to is in
// the report, with the type the reference needs.
func checkStatsReferences(t *testing.T, rep StatsReport) {
	t.Helper()
	ref := func(from, id string, want ...StatsType) {
		if id == "" {
			return
		}
		s, ok := rep[id]
		if !ok {
			t.Errorf("%s refers to %q, which is not in the report", from, id)
			return
		}
		for _, w := range want {
			if s.StatsType() == w {
				return
			}
		}
		t.Errorf("%s refers to %q of type %s, want %v", from, id, s.StatsType(), want)
	}
	for id, s := range rep {
		if s.StatsID() != id {
			t.Errorf("entry %q has id %q", id, s.StatsID())
		}
		switch v := s.(type) {
		case TransportStats:
			ref(id, v.SelectedCandidatePairID, StatsTypeCandidatePair)
			ref(id, v.LocalCertificateID, StatsTypeCertificate)
			ref(id, v.RemoteCertificateID, StatsTypeCertificate)
		case CandidatePairStats:
			ref(id, v.TransportID, StatsTypeTransport)
			ref(id, v.LocalCandidateID, StatsTypeLocalCandidate)
			ref(id, v.RemoteCandidateID, StatsTypeRemoteCandidate)
		case ICECandidateStats:
			ref(id, v.TransportID, StatsTypeTransport)
			if v.Type == StatsTypeRemoteCandidate && v.URL != "" {
				t.Errorf("remote candidate %s has a url (§8.18: MUST NOT be present)", id)
			}
		}
	}
}

// A remote candidate the application never signalled — learned
// peer-reflexive from the peer's checks — has a null address in getStats
// (webrtc-stats §8.18: the user agent MUST leave it null).
func TestStatsPeerReflexiveAddressHidden(t *testing.T) {
	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	ac := trickle(a, c) // a's candidates reach c; c's never reach a
	selected := make(chan struct{}, 4)
	a.DTLSTransport().ICETransport().OnSelectedCandidatePairChange(func(*ICECandidatePair) { selected <- struct{}{} })
	if _, err := a.CreateDataChannel("x", nil); err != nil {
		t.Fatal(err)
	}
	negotiate(t, a, c)
	ac.start()
	waitFor(t, selected, "ICE to select a pair")
	rep, err := a.GetStats(bg)
	if err != nil {
		t.Fatal(err)
	}
	checkStatsReferences(t, rep)
	found := 0
	for _, s := range rep {
		if r, ok := s.(ICECandidateStats); ok && r.Type == StatsTypeRemoteCandidate {
			found++
			if r.CandidateType != ICECandidateTypePrflx || r.Address != nil || r.UsernameFragment != "" {
				t.Errorf("remote candidate %s: type %s, address %v, ufrag %q; want prflx with neither", r.ID, r.CandidateType, r.Address, r.UsernameFragment)
			}
		}
	}
	if found == 0 {
		t.Fatal("no remote candidate in the report")
	}
}
