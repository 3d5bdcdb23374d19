// Command negotiate creates two PeerConnections in one process, negotiates a
// data channel plus an audio and a video transceiver between them with JSEP
// offer/answer, and prints the SDP and every state change.
//
// The transports (ICE, DTLS, SCTP) are not wired into PeerConnection yet, so
// the connection states stay "new": this shows the signalling half.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"

	"github.com/c4c1f6e1/webrtc"
)

type track struct {
	id   string
	kind webrtc.MediaKind
}

func (t *track) ID() string             { return t.id }
func (t *track) Kind() webrtc.MediaKind { return t.kind }

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx := context.Background()
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	newPC := func(name string) (*webrtc.PeerConnection, error) {
		pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			return nil, err
		}
		pc.OnSignalingStateChange(func(s webrtc.SignalingState) { say("[%s] signalingState → %s", name, s) })
		pc.OnNegotiationNeeded(func() { say("[%s] negotiationneeded", name) })
		pc.OnTrack(func(t *webrtc.TrackRemote, _ *webrtc.RTPReceiver, _ *webrtc.RTPTransceiver) {
			say("[%s] track: %s %s in streams %v", name, t.Kind(), t.ID(), t.StreamIDs())
		})
		return pc, nil
	}
	offerer, err := newPC("offerer")
	if err != nil {
		return err
	}
	defer offerer.Close()
	answerer, err := newPC("answerer")
	if err != nil {
		return err
	}
	defer answerer.Close()

	if _, err := offerer.CreateDataChannel("chat", nil); err != nil {
		return err
	}
	if _, err := offerer.AddTrack(&track{"microphone", webrtc.MediaKindAudio}, "camera-and-mic"); err != nil {
		return err
	}
	if _, err := offerer.AddTrack(&track{"camera", webrtc.MediaKindVideo}, "camera-and-mic"); err != nil {
		return err
	}

	offer, err := offerer.CreateOffer(ctx, nil)
	if err != nil {
		return err
	}
	if err := offerer.SetLocalDescription(ctx, &offer); err != nil {
		return err
	}
	if err := answerer.SetRemoteDescription(ctx, offer); err != nil {
		return err
	}
	// The parameterless form creates the answer itself.
	if err := answerer.SetLocalDescription(ctx, nil); err != nil {
		return err
	}
	answer := answerer.LocalDescription()
	if err := offerer.SetRemoteDescription(ctx, *answer); err != nil {
		return err
	}

	say("\n===== offer =====\n%s", offer.SDP)
	say("===== answer =====\n%s", answer.SDP)
	for _, p := range []struct {
		name string
		pc   *webrtc.PeerConnection
	}{{"offerer", offerer}, {"answerer", answerer}} {
		say("[%s] signalingState=%s iceGatheringState=%s iceConnectionState=%s connectionState=%s",
			p.name, p.pc.SignalingState(), p.pc.ICEGatheringState(), p.pc.ICEConnectionState(), p.pc.ConnectionState())
		for _, t := range p.pc.GetTransceivers() {
			mid, _ := t.Mid()
			dir, _ := t.CurrentDirection()
			say("[%s]   transceiver mid=%s kind=%s direction=%s currentDirection=%s", p.name, mid, t.Kind(), t.Direction(), dir)
		}
	}
	if offerer.SignalingState() != webrtc.SignalingStateStable || answerer.SignalingState() != webrtc.SignalingStateStable {
		fmt.Fprintln(os.Stderr, "negotiation did not reach stable")
		os.Exit(1)
	}
	return nil
}
