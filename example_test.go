package webrtc_test

import (
	"context"
	"fmt"
	"log"

	"github.com/c4c1f6e1/webrtc"
)

// Two PeerConnections in one process negotiate a data channel: the offer
// goes from one to the other and the answer comes back, as a signalling
// channel would carry them.
func Example() {
	ctx := context.Background()
	offerer, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		log.Fatal(err)
	}
	defer offerer.Close()
	answerer, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		log.Fatal(err)
	}
	defer answerer.Close()

	if _, err := offerer.CreateDataChannel("chat", nil); err != nil {
		log.Fatal(err)
	}
	// The parameterless SetLocalDescription creates the offer itself.
	if err := offerer.SetLocalDescription(ctx, nil); err != nil {
		log.Fatal(err)
	}
	if err := answerer.SetRemoteDescription(ctx, *offerer.LocalDescription()); err != nil {
		log.Fatal(err)
	}
	if err := answerer.SetLocalDescription(ctx, nil); err != nil {
		log.Fatal(err)
	}
	if err := offerer.SetRemoteDescription(ctx, *answerer.LocalDescription()); err != nil {
		log.Fatal(err)
	}
	fmt.Println(offerer.SignalingState(), answerer.SignalingState())
	fmt.Println(answerer.CurrentRemoteDescription().Type, answerer.CurrentLocalDescription().Type)
	// Output:
	// stable stable
	// offer answer
}

// Errors match the DOMException names of the spec with errors.Is.
func ExamplePeerConnection_CreateAnswer_invalidState() {
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		log.Fatal(err)
	}
	defer pc.Close()
	_, err = pc.CreateAnswer(context.Background(), nil)
	fmt.Println(err)
	// Output:
	// InvalidStateError: createAnswer in signaling state "stable"
}
