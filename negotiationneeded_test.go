package webrtc

import (
	"strings"
	"testing"
	"testing/synctest"
)

// §4.7.3, the intent of RTCPeerConnection-onnegotiationneeded.html. Events
// are dispatched on the connection's goroutine; synctest.Wait waits until
// every queued one has run.
func TestNegotiationNeeded(t *testing.T) {
	noSockets(t)
	synctest.Test(t, func(t *testing.T) {
		a, _ := NewPeerConnection(Configuration{})
		b, _ := NewPeerConnection(Configuration{})
		defer a.Close()
		defer b.Close()
		r := record(a)
		events := func() string { synctest.Wait(); return strings.Join(r.take(), ",") }

		t.Log("# the first data channel makes negotiation needed; the second does not fire again")
		a.CreateDataChannel("one", nil)
		a.CreateDataChannel("two", nil)
		if got := events(); got != "negotiationneeded" {
			t.Fatalf("after two createDataChannel: %q", got)
		}
		t.Log("# a change while the flag is set fires nothing more (step 2.5)")
		tr, _ := a.AddTransceiver(MediaKindAudio, nil)
		if got := events(); got != "" {
			t.Fatalf("addTransceiver while already needed: %q", got)
		}
		t.Log("# a completed negotiation clears the flag")
		negotiate(t, a, b)
		if got := events(); got != "signaling:have-local-offer,signaling:stable" {
			t.Fatalf("negotiation: %q", got)
		}
		a.mu.Lock()
		flag := a.negotiationNeeded
		a.mu.Unlock()
		if flag {
			t.Fatal("flag still set after negotiation")
		}
		t.Log("# a direction change needs negotiation again")
		tr.SetDirection(RTPTransceiverDirectionRecvonly)
		if got := events(); got != "negotiationneeded" {
			t.Fatalf("after setDirection: %q", got)
		}
		t.Log("# setting it back to the negotiated direction clears the need: no second event, and a negotiation is not needed")
		tr.SetDirection(RTPTransceiverDirectionSendrecv)
		if got := events(); got != "" {
			t.Fatalf("after restoring the direction: %q", got)
		}
		a.mu.Lock()
		needed := a.negotiationIsNeeded()
		a.mu.Unlock()
		if needed {
			t.Fatal("negotiation needed with nothing changed")
		}

		t.Log("# not fired while not stable; fired once stable again (step 2.3 and 6.14.3)")
		if err := a.SetLocalDescription(bg, nil); err != nil {
			t.Fatal(err)
		}
		a.AddTransceiver(MediaKindVideo, nil)
		if got := events(); got != "signaling:have-local-offer" {
			t.Fatalf("in have-local-offer: %q", got)
		}
		if err := b.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
			t.Fatal(err)
		}
		if err := b.SetLocalDescription(bg, nil); err != nil {
			t.Fatal(err)
		}
		if err := a.SetRemoteDescription(bg, *b.LocalDescription()); err != nil {
			t.Fatal(err)
		}
		if got := events(); got != "signaling:stable,negotiationneeded" {
			t.Fatalf("after reaching stable with the video still unnegotiated: %q", got)
		}
		negotiate(t, a, b)
		events()
		t.Log("# restartIce makes negotiation needed")
		a.RestartICE()
		if got := events(); got != "negotiationneeded" {
			t.Fatalf("after restartIce: %q", got)
		}
		old := a.CurrentLocalDescription().SDP
		negotiate(t, a, b)
		events()
		ufrag := func(s string) string {
			i := strings.Index(s, "a=ice-ufrag:")
			return s[i : i+16]
		}
		if ufrag(old) == ufrag(a.CurrentLocalDescription().SDP) {
			t.Fatalf("the offer after restartIce kept ufrag %s", ufrag(old))
		}
		a.mu.Lock()
		needed = a.negotiationIsNeeded()
		a.mu.Unlock()
		if needed {
			t.Fatal("still needed after the restart was negotiated")
		}
	})
}
