// Data channels between our PeerConnection and Pion's (pion/webrtc v4),
// with each side as offerer: the whole stack — JSEP, ICE, DTLS, SCTP and
// DCEP — against an independent Go implementation.
package pion_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	ours "github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	pion "github.com/pion/webrtc/v4"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

// exchange sends 1000 text messages and a 256 KiB binary message on dc and
// checks that the peer's echoes come back intact and in order.
func exchange(t *testing.T, dc *ours.DataChannel, echoes <-chan ours.DataChannelMessage) {
	t.Helper()
	for i := range 1000 {
		if err := dc.SendText(fmt.Sprintf("message %d", i)); err != nil {
			t.Fatalf("SendText %d: %v", i, err)
		}
	}
	big := make([]byte, 256<<10)
	for i := range big {
		big[i] = byte(i * 13)
	}
	if err := dc.Send(big); err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		m := wait(t, echoes, fmt.Sprintf("echo %d", i))
		if !m.IsString || string(m.Data) != fmt.Sprintf("message %d", i) {
			t.Fatalf("echo %d: %q", i, m.Data)
		}
	}
	if m := wait(t, echoes, "the 256 KiB echo"); m.IsString || !bytes.Equal(m.Data, big) {
		t.Fatalf("binary echo: %d bytes", len(m.Data))
	}
}

// pionEcho makes Pion echo every message on every channel it is offered.
func pionEcho(p *pion.PeerConnection) {
	p.OnDataChannel(func(dc *pion.DataChannel) {
		dc.OnMessage(func(m pion.DataChannelMessage) {
			if m.IsString {
				dc.SendText(string(m.Data))
			} else {
				dc.Send(m.Data)
			}
		})
	})
}

func newPion(t *testing.T) *pion.PeerConnection {
	s := pion.SettingEngine{}
	s.SetIncludeLoopbackCandidate(true)
	api := pion.NewAPI(pion.WithSettingEngine(s))
	p, err := api.NewPeerConnection(pion.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// nonTrickle waits for gathering to complete, as non-trickle signalling does.
func pionLocal(t *testing.T, p *pion.PeerConnection) pion.SessionDescription {
	<-pion.GatheringCompletePromise(p)
	return *p.LocalDescription()
}

func oursLocal(t *testing.T, pc *ours.PeerConnection) ours.SessionDescription {
	done := make(chan struct{})
	pc.OnICEGatheringStateChange(func(s ours.ICEGatheringState) {
		if s == ours.ICEGatheringStateComplete {
			close(done)
		}
	})
	if err := pc.SetLocalDescription(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if pc.ICEGatheringState() != ours.ICEGatheringStateComplete {
		wait(t, done, "our gathering")
	}
	return *pc.LocalDescription()
}

func TestPionAnswersOurOffer(t *testing.T) {
	ctx := context.Background()
	pc, err := ours.NewPeerConnection(ours.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	p := newPion(t)
	defer p.Close()
	pionEcho(p)
	dc, err := pc.CreateDataChannel("from-go", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	echoes := make(chan ours.DataChannelMessage, 1100)
	dc.OnMessage(func(m ours.DataChannelMessage) { echoes <- m })

	t.Log("# non-trickle: our offer carries all candidates")
	offer := oursLocal(t, pc)
	if err := p.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: offer.SDP}); err != nil {
		t.Fatalf("Pion rejected our offer: %v\n%s", err, offer.SDP)
	}
	answer, err := p.CreateAnswer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetLocalDescription(answer); err != nil {
		t.Fatal(err)
	}
	full := pionLocal(t, p)
	if err := pc.SetRemoteDescription(ctx, ours.SessionDescription{Type: ours.SDPTypeAnswer, SDP: full.SDP}); err != nil {
		t.Fatalf("we rejected Pion's answer: %v\n%s", err, full.SDP)
	}
	wait(t, opened, "the channel to open")
	exchange(t, dc, echoes)
	if pc.ConnectionState() != ours.PeerConnectionStateConnected {
		t.Fatalf("connectionState %v", pc.ConnectionState())
	}
}

func TestWeAnswerPionOffer(t *testing.T) {
	ctx := context.Background()
	pc, err := ours.NewPeerConnection(ours.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	p := newPion(t)
	defer p.Close()
	pdc, err := p.CreateDataChannel("from-pion", nil)
	if err != nil {
		t.Fatal(err)
	}
	pdc.OnMessage(func(m pion.DataChannelMessage) {
		if m.IsString {
			pdc.SendText(string(m.Data))
		} else {
			pdc.Send(m.Data)
		}
	})
	channels := make(chan *ours.DataChannel, 1)
	pc.OnDataChannel(func(dc *ours.DataChannel) { channels <- dc })

	offer, err := p.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	full := pionLocal(t, p)
	if err := pc.SetRemoteDescription(ctx, ours.SessionDescription{Type: ours.SDPTypeOffer, SDP: full.SDP}); err != nil {
		t.Fatalf("we rejected Pion's offer: %v\n%s", err, full.SDP)
	}
	answer := oursLocal(t, pc)
	if err := p.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: answer.SDP}); err != nil {
		t.Fatalf("Pion rejected our answer: %v\n%s", err, answer.SDP)
	}
	dc := wait(t, channels, "Pion's channel")
	echoes := make(chan ours.DataChannelMessage, 1100)
	dc.OnMessage(func(m ours.DataChannelMessage) { echoes <- m })
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	if dc.ReadyState() != ours.DataChannelStateOpen {
		wait(t, opened, "the channel to open")
	}
	exchange(t, dc, echoes)
}
