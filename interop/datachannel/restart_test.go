package datachannel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/interop/browser"
	pion "github.com/pion/webrtc/v4"
)

// An ICE restart (W3C webrtc §4.4.1.6 restartIce, RFC 8445 §9) between Go
// and Pion, started from each side in turn: new credentials in both
// descriptions, a new pair selected, and the data channel carries on over
// the same DTLS and SCTP association.
func TestICERestartWithPion(t *testing.T) {
	const wait = 10 * time.Second
	ours, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	s := pion.SettingEngine{}
	s.SetIncludeLoopbackCandidate(true)
	theirs, err := pion.NewAPI(pion.WithSettingEngine(s)).NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()

	gathered := make(chan struct{}, 4)
	ours.OnICEGatheringStateChange(func(s webrtc.ICEGatheringState) {
		if s == webrtc.ICEGatheringStateComplete {
			gathered <- struct{}{}
		}
	})
	pairs := make(chan struct{}, 8)
	echo := make(chan string, 4)
	theirs.OnDataChannel(func(dc *pion.DataChannel) {
		dc.OnMessage(func(m pion.DataChannelMessage) { dc.SendText("echo: " + string(m.Data)) })
	})
	dc, err := ours.CreateDataChannel("chat", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	dc.OnMessage(func(m webrtc.DataChannelMessage) { echo <- string(m.Data) })

	ctx := context.Background()
	// Full descriptions, gathered to the end, in each direction.
	oursOffers := func() {
		t.Helper()
		if err := ours.SetLocalDescription(ctx, nil); err != nil {
			t.Fatal(err)
		}
		within(t, gathered, wait, "our gathering to complete")
		offer := ours.LocalDescription()
		if err := theirs.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: offer.SDP}); err != nil {
			t.Fatal(err)
		}
		answer, err := theirs.CreateAnswer(nil)
		if err != nil {
			t.Fatal(err)
		}
		done := pion.GatheringCompletePromise(theirs)
		if err := theirs.SetLocalDescription(answer); err != nil {
			t.Fatal(err)
		}
		within(t, done, wait, "Pion's gathering to complete")
		if err := ours.SetRemoteDescription(ctx, webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: theirs.LocalDescription().SDP}); err != nil {
			t.Fatal(err)
		}
	}
	theirsRestart := func() {
		t.Helper()
		offer, err := theirs.CreateOffer(&pion.OfferOptions{ICERestart: true})
		if err != nil {
			t.Fatal(err)
		}
		done := pion.GatheringCompletePromise(theirs)
		if err := theirs.SetLocalDescription(offer); err != nil {
			t.Fatal(err)
		}
		within(t, done, wait, "Pion's gathering to complete")
		if err := ours.SetRemoteDescription(ctx, webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: theirs.LocalDescription().SDP}); err != nil {
			t.Fatal(err)
		}
		if err := ours.SetLocalDescription(ctx, nil); err != nil {
			t.Fatal(err)
		}
		within(t, gathered, wait, "our gathering to complete")
		if err := theirs.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: ours.LocalDescription().SDP}); err != nil {
			t.Fatal(err)
		}
	}
	roundTrip := func(text string) {
		t.Helper()
		if err := dc.SendText(text); err != nil {
			t.Fatal(err)
		}
		if m := within(t, echo, wait, "the echo of "+text); m != "echo: "+text {
			t.Fatalf("echo %q", m)
		}
	}

	oursOffers()
	within(t, opened, wait, "the data channel to open")
	ours.SCTP().Transport().ICETransport().OnSelectedCandidatePairChange(func(*webrtc.ICECandidatePair) { pairs <- struct{}{} })
	roundTrip("first")
	ufrags := [2]string{ufragOf(ours.CurrentLocalDescription().SDP), ufragOf(theirs.CurrentLocalDescription().SDP)}

	for _, step := range []struct {
		name string
		run  func()
	}{
		{"Go restarts ICE", func() { ours.RestartICE(); oursOffers() }},
		{"Pion restarts ICE", theirsRestart},
	} {
		t.Log("# " + step.name)
		for len(pairs) > 0 {
			<-pairs
		}
		step.run()
		now := [2]string{ufragOf(ours.CurrentLocalDescription().SDP), ufragOf(theirs.CurrentLocalDescription().SDP)}
		if now[0] == ufrags[0] || now[1] == ufrags[1] {
			t.Fatalf("ufrags %v after the restart, %v before: want both new", now, ufrags)
		}
		ufrags = now
		within(t, pairs, wait, "a pair of the new generation selected")
		if s := ours.SCTP().Transport().State(); s != webrtc.DTLSTransportStateConnected {
			t.Fatalf("our DTLS transport is %v", s)
		}
		roundTrip(step.name)
		if s := ours.ConnectionState(); s != webrtc.PeerConnectionStateConnected {
			t.Fatalf("our connection is %v", s)
		}
		if s := theirs.ConnectionState(); s != pion.PeerConnectionStateConnected {
			t.Fatalf("Pion's connection is %v", s)
		}
	}
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

// The same restarts with Chromium and Firefox, from each side: the page's
// restartIce and our RestartICE, full descriptions (gathered to the end)
// both ways.
func TestICERestartWithBrowsers(t *testing.T) {
	for _, k := range []browser.Kind{browser.Chromium, browser.Firefox} {
		t.Run(string(k), func(t *testing.T) {
			const wait = 30 * time.Second
			h := startBrowser(t, k)
			p, err := h.newPeer(false, peerHooks{changed: func() {}, candidate: func(*webrtc.ICECandidateInit) {}})
			if err != nil {
				t.Fatal(err)
			}
			defer p.stop()
			bp := p.(*browserPeer)
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
				if err := bp.restartICE(); err != nil {
					t.Fatal(err)
				}
				offer, err := p.offer()
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
				got, err := p.received("chat", sent)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != sent || got[sent-1].Text != text {
					t.Fatalf("the page has %v, want %d messages ending with %q", got, sent, text)
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
				{string(k) + " restarts ICE", theirsRestart},
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
				roundTrip(step.name)
				if s := ours.ConnectionState(); s != webrtc.PeerConnectionStateConnected {
					t.Fatalf("our connection is %v", s)
				}
				st, err := p.query()
				if err != nil {
					t.Fatal(err)
				}
				if st.Connection != "connected" || st.DTLS != "connected" {
					t.Fatalf("%s reports %v", k, st)
				}
			}
		})
	}
}
