package webrtc

import (
	"context"
	"strings"
	"testing"
)

type testTrack struct {
	id   string
	kind MediaKind
}

func (t *testTrack) ID() string      { return t.id }
func (t *testTrack) Kind() MediaKind { return t.kind }

func mustPC(t *testing.T, cfg Configuration) *PeerConnection {
	t.Helper()
	pc, err := NewPeerConnection(cfg)
	if err != nil {
		t.Fatalf("NewPeerConnection: %v", err)
	}
	t.Cleanup(func() { pc.Close() })
	return pc
}

// negotiate runs a full offer/answer from a to b.
func negotiate(t *testing.T, a, b *PeerConnection) {
	t.Helper()
	ctx := context.Background()
	offer, err := a.CreateOffer(ctx, nil)
	if err != nil {
		t.Fatalf("CreateOffer: %v", err)
	}
	if err := a.SetLocalDescription(ctx, &offer); err != nil {
		t.Fatalf("SetLocalDescription(offer): %v\n%s", err, offer.SDP)
	}
	if err := b.SetRemoteDescription(ctx, offer); err != nil {
		t.Fatalf("SetRemoteDescription(offer): %v\n%s", err, offer.SDP)
	}
	answer, err := b.CreateAnswer(ctx, nil)
	if err != nil {
		t.Fatalf("CreateAnswer: %v", err)
	}
	if err := b.SetLocalDescription(ctx, &answer); err != nil {
		t.Fatalf("SetLocalDescription(answer): %v\n%s", err, answer.SDP)
	}
	if err := a.SetRemoteDescription(ctx, answer); err != nil {
		t.Fatalf("SetRemoteDescription(answer): %v\n%s", err, answer.SDP)
	}
}

func TestNegotiateDataAudioVideo(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	if _, err := a.CreateDataChannel("chat", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddTrack(&testTrack{"a1", MediaKindAudio}, "s1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddTrack(&testTrack{"v1", MediaKindVideo}, "s1"); err != nil {
		t.Fatal(err)
	}
	negotiate(t, a, b)
	t.Logf("offer:\n%s", a.CurrentLocalDescription().SDP)
	t.Logf("answer:\n%s", b.CurrentLocalDescription().SDP)
	if a.SignalingState() != SignalingStateStable || b.SignalingState() != SignalingStateStable {
		t.Fatalf("states %v %v", a.SignalingState(), b.SignalingState())
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
