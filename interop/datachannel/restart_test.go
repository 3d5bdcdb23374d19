package datachannel_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/interop/browser"
	pion "github.com/pion/webrtc/v4"
)

// restartPeer is the other side of an ICE-restart test. Descriptions are
// full ones, gathered to the end.
type restartPeer interface {
	// answer applies our offer and returns its answer.
	answer(offer webrtc.SessionDescription) (webrtc.SessionDescription, error)
	// restartOffer makes and applies an offer that restarts ICE.
	restartOffer() (webrtc.SessionDescription, error)
	// setAnswer applies our answer to its offer.
	setAnswer(answer webrtc.SessionDescription) error
	// received returns the text messages that came on "chat", once there
	// are n (or a timeout passed).
	received(n int) ([]string, error)
	// connected fails unless the peer says its connection and DTLS
	// transport are connected.
	connected() error
}

// echoer is a restartPeer that echoes each message back, "echo: " first.
type echoer interface{ echoes() }

// An ICE restart (W3C webrtc §4.4.1.6 restartIce, RFC 8445 §9) started from
// each side in turn: new credentials in both descriptions, a new pair
// selected, and the data channel carries on over the same DTLS and SCTP
// association.
func runRestarts(t *testing.T, name string, p restartPeer, wait time.Duration) {
	ours, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	gathered := make(chan struct{}, 4)
	ours.OnICEGatheringStateChange(func(s webrtc.ICEGatheringState) {
		if s == webrtc.ICEGatheringStateComplete {
			gathered <- struct{}{}
		}
	})
	dc, err := ours.CreateDataChannel("chat", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	echo := make(chan string, 8)
	dc.OnMessage(func(m webrtc.DataChannelMessage) { echo <- string(m.Data) })
	_, echoes := p.(echoer)
	pairs := make(chan struct{}, 8)
	ctx := context.Background()

	oursOffers := func() {
		t.Helper()
		if err := ours.SetLocalDescription(ctx, nil); err != nil {
			t.Fatal(err)
		}
		within(t, gathered, wait, "our gathering to complete")
		answer, err := p.answer(*ours.LocalDescription())
		if err != nil {
			t.Fatal(err)
		}
		if err := ours.SetRemoteDescription(ctx, answer); err != nil {
			t.Fatal(err)
		}
	}
	theirsRestart := func() {
		t.Helper()
		offer, err := p.restartOffer()
		if err != nil {
			t.Fatal(err)
		}
		if err := ours.SetRemoteDescription(ctx, offer); err != nil {
			t.Fatal(err)
		}
		if err := ours.SetLocalDescription(ctx, nil); err != nil {
			t.Fatal(err)
		}
		within(t, gathered, wait, "our gathering to complete")
		if err := p.setAnswer(*ours.LocalDescription()); err != nil {
			t.Fatal(err)
		}
	}
	sent := 0
	roundTrip := func(text string) {
		t.Helper()
		if err := dc.SendText(text); err != nil {
			t.Fatal(err)
		}
		sent++
		got, err := p.received(sent)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != sent || got[sent-1] != text {
			t.Fatalf("%s has %q, want %d messages ending with %q", name, got, sent, text)
		}
		if echoes {
			if m := within(t, echo, wait, "the echo of "+text); m != "echo: "+text {
				t.Fatalf("echo %q", m)
			}
		}
	}

	oursOffers()
	within(t, opened, wait, "the data channel to open")
	ours.SCTP().Transport().ICETransport().OnSelectedCandidatePairChange(func(*webrtc.ICECandidatePair) { pairs <- struct{}{} })
	roundTrip("first")
	ufrag := ufragOf(ours.CurrentLocalDescription().SDP)
	remote := ufragOf(ours.CurrentRemoteDescription().SDP)
	for _, step := range []struct {
		name string
		run  func()
	}{
		{"Go restarts ICE", func() { ours.RestartICE(); oursOffers() }},
		{name + " restarts ICE", theirsRestart},
	} {
		t.Log("# " + step.name)
		for len(pairs) > 0 {
			<-pairs
		}
		step.run()
		nu, nr := ufragOf(ours.CurrentLocalDescription().SDP), ufragOf(ours.CurrentRemoteDescription().SDP)
		if nu == ufrag || nr == remote {
			t.Fatalf("ufrags ours %q theirs %q after the restart, %q %q before: want both new", nu, nr, ufrag, remote)
		}
		ufrag, remote = nu, nr
		within(t, pairs, wait, "a pair of the new generation selected")
		if s := ours.SCTP().Transport().State(); s != webrtc.DTLSTransportStateConnected {
			t.Fatalf("our DTLS transport is %v", s)
		}
		roundTrip(step.name)
		if s := ours.ConnectionState(); s != webrtc.PeerConnectionStateConnected {
			t.Fatalf("our connection is %v", s)
		}
		if err := p.connected(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestICERestartWithPion(t *testing.T) {
	s := pion.SettingEngine{}
	s.SetIncludeLoopbackCandidate(true)
	pc, err := pion.NewAPI(pion.WithSettingEngine(s)).NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	p := &pionRestartPeer{pc: pc, got: make(chan string, 8)}
	pc.OnDataChannel(func(dc *pion.DataChannel) {
		dc.OnMessage(func(m pion.DataChannelMessage) {
			p.got <- string(m.Data)
			dc.SendText("echo: " + string(m.Data))
		})
	})
	runRestarts(t, "Pion", p, 10*time.Second)
}

// pionRestartPeer is Pion's side of runRestarts.
type pionRestartPeer struct {
	pc   *pion.PeerConnection
	got  chan string
	seen []string
}

// local applies d and returns the local description once gathered.
func (p *pionRestartPeer) local(d pion.SessionDescription) (webrtc.SessionDescription, error) {
	done := pion.GatheringCompletePromise(p.pc)
	if err := p.pc.SetLocalDescription(d); err != nil {
		return webrtc.SessionDescription{}, err
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		return webrtc.SessionDescription{}, errors.New("Pion's gathering did not complete")
	}
	l := p.pc.LocalDescription()
	return webrtc.SessionDescription{Type: webrtc.SDPType(l.Type), SDP: l.SDP}, nil
}

func (p *pionRestartPeer) echoes() {}

func (p *pionRestartPeer) answer(offer webrtc.SessionDescription) (webrtc.SessionDescription, error) {
	if err := p.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: offer.SDP}); err != nil {
		return webrtc.SessionDescription{}, err
	}
	answer, err := p.pc.CreateAnswer(nil)
	if err != nil {
		return webrtc.SessionDescription{}, err
	}
	return p.local(answer)
}

func (p *pionRestartPeer) restartOffer() (webrtc.SessionDescription, error) {
	offer, err := p.pc.CreateOffer(&pion.OfferOptions{ICERestart: true})
	if err != nil {
		return webrtc.SessionDescription{}, err
	}
	return p.local(offer)
}

func (p *pionRestartPeer) setAnswer(answer webrtc.SessionDescription) error {
	return p.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: answer.SDP})
}

func (p *pionRestartPeer) received(n int) ([]string, error) {
	timeout := time.After(10 * time.Second)
	for len(p.seen) < n {
		select {
		case m := <-p.got:
			p.seen = append(p.seen, m)
		case <-timeout:
			return p.seen, nil
		}
	}
	return p.seen, nil
}

func (p *pionRestartPeer) connected() error {
	if s := p.pc.ConnectionState(); s != pion.PeerConnectionStateConnected {
		return fmt.Errorf("Pion's connection is %v", s)
	}
	if s := p.pc.SCTP().Transport().State(); s != pion.DTLSTransportStateConnected {
		return fmt.Errorf("Pion's DTLS transport is %v", s)
	}
	return nil
}

// The same restarts with Chromium and Firefox: the page's restartIce and
// our RestartICE.
func TestICERestartWithBrowsers(t *testing.T) {
	for _, k := range []browser.Kind{browser.Chromium, browser.Firefox} {
		t.Run(string(k), func(t *testing.T) {
			h := startBrowser(t, k)
			p, err := h.newPeer(false, peerHooks{changed: func() {}, candidate: func(*webrtc.ICECandidateInit) {}})
			if err != nil {
				t.Fatal(err)
			}
			defer p.stop()
			runRestarts(t, string(k), browserRestartPeer{p.(*browserPeer)}, 30*time.Second)
		})
	}
}

// browserRestartPeer is the page's side of runRestarts.
type browserRestartPeer struct{ *browserPeer }

func (p browserRestartPeer) restartOffer() (webrtc.SessionDescription, error) {
	if err := p.restartICE(); err != nil {
		return webrtc.SessionDescription{}, err
	}
	return p.offer()
}

func (p browserRestartPeer) received(n int) ([]string, error) {
	got, err := p.browserPeer.received("chat", n)
	texts := make([]string, len(got))
	for i, m := range got {
		texts[i] = m.Text
	}
	return texts, err
}

func (p browserRestartPeer) connected() error {
	st, err := p.query()
	if err != nil {
		return err
	}
	if st.Connection != "connected" || st.DTLS != "connected" {
		return fmt.Errorf("%s reports %v", p.h.kind, st)
	}
	return nil
}

func ufragOf(sdp string) string {
	for _, l := range strings.Split(sdp, "\r\n") {
		if u, ok := strings.CutPrefix(l, "a=ice-ufrag:"); ok {
			return u
		}
	}
	return ""
}

// within returns what ch gives, or fails the test after d.
func within[T any](t *testing.T, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("timed out after %v waiting for %s", d, what)
	}
	var zero T
	return zero
}
