// Command negotiate creates two PeerConnections in one process, negotiates a
// data channel plus an audio and a video transceiver between them with JSEP
// offer/answer, prints the SDP and every state change, then connects them
// over UDP (ICE, DTLS, SCTP) and sends a message each way on the channel.
// (Media does not flow yet: the RTP layers are wired in a later issue.)
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

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
		pc.OnICEConnectionStateChange(func(s webrtc.ICEConnectionState) { say("[%s] iceConnectionState → %s", name, s) })
		pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) { say("[%s] connectionState → %s", name, s) })
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

	// Candidates go to the other side once it has a remote description;
	// here, after the offer/answer exchange below.
	var pending [2][]*webrtc.ICECandidate
	offerer.OnICECandidate(func(c *webrtc.ICECandidate) { mu.Lock(); pending[0] = append(pending[0], c); mu.Unlock() })
	answerer.OnICECandidate(func(c *webrtc.ICECandidate) { mu.Lock(); pending[1] = append(pending[1], c); mu.Unlock() })

	chat, err := offerer.CreateDataChannel("chat", nil)
	if err != nil {
		return err
	}
	reply := make(chan string, 1)
	chat.OnOpen(func() {
		say("[offerer] data channel %q open", chat.Label())
		chat.SendText("hello from the offerer")
	})
	chat.OnMessage(func(m webrtc.DataChannelMessage) { reply <- string(m.Data) })
	answerer.OnDataChannel(func(dc *webrtc.DataChannel) {
		dc.OnMessage(func(m webrtc.DataChannelMessage) {
			say("[answerer] got %q on %q", m.Data, dc.Label())
			dc.SendText("hello back from the answerer")
		})
	})
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

	mu.Lock()
	toAnswerer, toOfferer := pending[0], pending[1]
	pending = [2][]*webrtc.ICECandidate{}
	mu.Unlock()
	for _, p := range []struct {
		to    *webrtc.PeerConnection
		cands []*webrtc.ICECandidate
	}{{answerer, toAnswerer}, {offerer, toOfferer}} {
		for _, c := range p.cands {
			var init *webrtc.ICECandidateInit
			if c != nil {
				v := c.ToJSON()
				init = &v
			}
			if err := p.to.AddICECandidate(ctx, init); err != nil {
				return err
			}
		}
	}
	select {
	case r := <-reply:
		say("[offerer] got %q", r)
	case <-time.After(10 * time.Second):
		return fmt.Errorf("no reply on the data channel within 10 s (ICE %s, connection %s)", offerer.ICEConnectionState(), offerer.ConnectionState())
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
