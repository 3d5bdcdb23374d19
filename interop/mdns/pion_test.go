package mdns_test

import (
	"context"
	"strings"
	"testing"
	"time"

	ours "github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/mdns"
	pionice "github.com/pion/ice/v4"
	pion "github.com/pion/webrtc/v4"
)

// Pion with its host candidates hidden behind mDNS names
// (MulticastDNSModeQueryAndGather): its own mDNS responder answers our
// queries. Our answer carries no candidates, so Pion cannot check us: the
// connection comes up only if we resolved its names and checked them, and
// the pair ICE selects has the named host candidate as its remote.
func TestPionMDNSCandidates(t *testing.T) {
	s := pion.SettingEngine{}
	s.SetICEMulticastDNSMode(pionice.MulticastDNSModeQueryAndGather)
	p, err := pion.NewAPI(pion.WithSettingEngine(s)).NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pc, err := ours.NewPeerConnection(ours.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	got := make(chan string, 1)
	pc.OnDataChannel(func(dc *ours.DataChannel) {
		dc.OnMessage(func(m ours.DataChannelMessage) { got <- string(m.Data) })
	})
	pdc, err := p.CreateDataChannel("mdns", nil)
	if err != nil {
		t.Fatal(err)
	}
	pdc.OnOpen(func() { pdc.SendText("hello over a named candidate") })
	offer, err := p.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	done := pion.GatheringCompletePromise(p)
	if err := p.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-done
	ctx := context.Background()
	if err := pc.SetRemoteDescription(ctx, ours.SessionDescription{Type: ours.SDPTypeOffer, SDP: p.LocalDescription().SDP}); err != nil {
		t.Fatal(err)
	}
	if err := pc.SetLocalDescription(ctx, nil); err != nil {
		t.Fatal(err)
	}
	gathered := make(chan struct{})
	pc.OnICEGatheringStateChange(func(s ours.ICEGatheringState) {
		if s == ours.ICEGatheringStateComplete {
			close(gathered)
		}
	})
	if pc.ICEGatheringState() != ours.ICEGatheringStateComplete {
		<-gathered
	}
	var answer []string
	for _, l := range strings.Split(pc.LocalDescription().SDP, "\r\n") {
		if !strings.HasPrefix(l, "a=candidate:") {
			answer = append(answer, l)
		}
	}
	if err := p.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: strings.Join(answer, "\r\n")}); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		t.Logf("message: %q", m)
	case <-time.After(30 * time.Second):
		t.Fatalf("no message; connection %s", pc.ConnectionState())
	}
	pair := pc.SCTP().Transport().ICETransport().GetSelectedCandidatePair()
	if pair == nil || pair.Remote.Type != ours.ICECandidateTypeHost || !mdns.IsICEName(pair.Remote.Address) {
		t.Fatalf("selected pair %+v: want Pion's named host candidate as its remote", pair)
	}
	t.Logf("selected pair: %s:%d -> %s:%d (%s)", pair.Local.Address, pair.Local.Port, pair.Remote.Address, pair.Remote.Port, pair.Remote.Type)
}
