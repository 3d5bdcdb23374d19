package webrtc

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

var bg = context.Background()

// recorder collects a connection's events in order.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

func record(pc *PeerConnection) *recorder {
	r := &recorder{}
	pc.OnSignalingStateChange(func(s SignalingState) { r.add("signaling:" + s.String()) })
	pc.OnNegotiationNeeded(func() { r.add("negotiationneeded") })
	pc.OnTrack(func(tr *TrackRemote, _ *RTPReceiver, _ *RTPTransceiver) { r.add("track:" + string(tr.Kind())) })
	return r
}

func offerFrom(t *testing.T, pc *PeerConnection) SessionDescription {
	t.Helper()
	o, err := pc.CreateOffer(bg, nil)
	if err != nil {
		t.Fatalf("CreateOffer: %v", err)
	}
	return o
}

func withData(t *testing.T, pc *PeerConnection) *PeerConnection {
	t.Helper()
	if _, err := pc.CreateDataChannel("d", nil); err != nil {
		t.Fatal(err)
	}
	return pc
}

// The RFC 9429 §3.2 state machine, as setLocalDescription/
// setRemoteDescription-*.html exercise it.
func TestSignalingStateMachine(t *testing.T) {
	a := withData(t, mustPC(t, Configuration{}))
	b := mustPC(t, Configuration{})
	offer := offerFrom(t, a)

	t.Log("# stable: a local or remote answer is an InvalidStateError")
	if err := a.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeAnswer, SDP: offer.SDP}); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("SRD(answer) in stable = %v", err)
	}
	if _, err := a.CreateAnswer(bg, nil); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("createAnswer in stable = %v", err)
	}
	t.Log("# rollback in stable is an InvalidStateError (§4.4.1.4 step 2)")
	if err := a.SetLocalDescription(bg, &SessionDescription{Type: SDPTypeRollback}); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("rollback in stable = %v", err)
	}

	if err := a.SetLocalDescription(bg, &offer); err != nil {
		t.Fatal(err)
	}
	// The pending description is the offer plus the candidates gathered
	// since (§4.4.2 pendingLocalDescription).
	if a.SignalingState() != SignalingStateHaveLocalOffer || withoutCandidates(a.PendingLocalDescription().SDP) != offer.SDP || a.CurrentLocalDescription() != nil {
		t.Fatalf("after SLD(offer): %v", a.SignalingState())
	}
	if withoutCandidates(a.LocalDescription().SDP) != offer.SDP {
		t.Fatalf("localDescription must be the pending one")
	}
	t.Log("# have-local-offer: SLD(answer) is an InvalidStateError")
	if err := a.SetLocalDescription(bg, &SessionDescription{Type: SDPTypeAnswer, SDP: "x"}); !errors.Is(err, ErrInvalidModification) && !errors.Is(err, ErrInvalidState) {
		t.Fatalf("SLD(answer) in have-local-offer = %v", err)
	}
	if err := b.SetRemoteDescription(bg, offer); err != nil {
		t.Fatal(err)
	}
	if b.SignalingState() != SignalingStateHaveRemoteOffer || b.PendingRemoteDescription().SDP != offer.SDP {
		t.Fatalf("after SRD(offer): %v", b.SignalingState())
	}
	t.Log("# have-remote-offer: createOffer is an InvalidStateError (§4.4.2 create an offer step 1)")
	if _, err := b.CreateOffer(bg, nil); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("createOffer in have-remote-offer = %v", err)
	}
	if can, ok := b.CanTrickleICECandidates(); !ok || !can {
		t.Fatalf("canTrickleIceCandidates = %v,%v after an offer with ice-options:trickle", can, ok)
	}

	t.Log("# pranswer, then answer")
	pr, err := b.CreateAnswer(bg, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr.Type = SDPTypePranswer
	if err := b.SetLocalDescription(bg, &pr); err != nil {
		t.Fatal(err)
	}
	if b.SignalingState() != SignalingStateHaveLocalPranswer {
		t.Fatalf("after SLD(pranswer): %v", b.SignalingState())
	}
	if err := a.SetRemoteDescription(bg, pr); err != nil {
		t.Fatal(err)
	}
	if a.SignalingState() != SignalingStateHaveRemotePranswer || a.PendingRemoteDescription() == nil {
		t.Fatalf("after SRD(pranswer): %v", a.SignalingState())
	}
	t.Log("# rollback is not possible from have-local-pranswer or have-remote-pranswer")
	if err := a.SetLocalDescription(bg, &SessionDescription{Type: SDPTypeRollback}); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("rollback in have-remote-pranswer = %v", err)
	}
	if err := b.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeRollback}); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("rollback in have-local-pranswer = %v", err)
	}
	ans, err := b.CreateAnswer(bg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetLocalDescription(bg, &ans); err != nil {
		t.Fatal(err)
	}
	if err := a.SetRemoteDescription(bg, ans); err != nil {
		t.Fatal(err)
	}
	for _, pc := range []*PeerConnection{a, b} {
		if pc.SignalingState() != SignalingStateStable || pc.PendingLocalDescription() != nil || pc.PendingRemoteDescription() != nil ||
			pc.CurrentLocalDescription() == nil || pc.CurrentRemoteDescription() == nil {
			t.Fatalf("not stable with current descriptions: %v", pc.SignalingState())
		}
	}
	if a.CurrentRemoteDescription().SDP != ans.SDP || b.CurrentRemoteDescription().SDP != offer.SDP {
		t.Fatalf("current descriptions are not the negotiated ones")
	}
}

func TestSetLocalDescriptionModifiedSDP(t *testing.T) {
	a := withData(t, mustPC(t, Configuration{}))
	offer := offerFrom(t, a)
	t.Log("# setLocalDescription step 4.2: an offer that differs from [[LastCreatedOffer]] is an InvalidModificationError")
	for _, mutate := range []func(string) string{
		func(s string) string { return strings.Replace(s, "a=ice-ufrag:", "a=ice-ufrag:x", 1) },
		func(s string) string { return strings.Replace(s, "a=ice-pwd:", "a=ice-pwd:y", 1) },
		func(s string) string {
			return strings.Replace(s, "a=fingerprint:sha-256 ", "a=fingerprint:sha-256 00:", 1)
		},
	} {
		mod := SessionDescription{Type: SDPTypeOffer, SDP: mutate(offer.SDP)}
		if err := a.SetLocalDescription(bg, &mod); !errors.Is(err, ErrInvalidModification) {
			t.Fatalf("SLD(modified offer) = %v", err)
		}
	}
	if a.SignalingState() != SignalingStateStable {
		t.Fatalf("a failed SLD changed the state to %v", a.SignalingState())
	}
}

func TestSetRemoteDescriptionErrors(t *testing.T) {
	b := mustPC(t, Configuration{})
	t.Log("# §4.4.1.4 step 4.5.3: bad SDP syntax is an RTCError sdp-syntax-error with the line number")
	err := b.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeOffer, SDP: "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio nine UDP/TLS/RTP/SAVPF 0\r\n"})
	var re *RTCError
	if !errors.As(err, &re) || re.ErrorDetail != ErrorDetailSDPSyntaxError || re.SDPLineNumber != 5 {
		t.Fatalf("SRD(bad SDP) = %v (%+v), want sdp-syntax-error at line 5", err, re)
	}
	if !errors.Is(err, ErrOperation) {
		t.Fatalf("an RTCError must match ErrOperation")
	}
	t.Log("# step 4.5.6: SDP without ICE credentials or fingerprint is an InvalidAccessError")
	a := withData(t, mustPC(t, Configuration{}))
	offer := offerFrom(t, a)
	noUfrag := strings.ReplaceAll(offer.SDP, "a=ice-ufrag:", "a=x-ice-ufrag:")
	if err := b.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeOffer, SDP: noUfrag}); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("SRD(no ufrag) = %v", err)
	}
	noFP := strings.ReplaceAll(offer.SDP, "a=fingerprint:", "a=x-fingerprint:")
	if err := b.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeOffer, SDP: noFP}); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("SRD(no fingerprint) = %v", err)
	}
	if b.SignalingState() != SignalingStateStable || b.RemoteDescription() != nil {
		t.Fatalf("failed SRD changed state")
	}
	t.Log("# step 4.5.4: rtcpMuxPolicy require and an answer without rtcp-mux is an InvalidAccessError")
	c := mustPC(t, Configuration{})
	if _, err := c.AddTransceiver(MediaKindAudio, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	d := mustPC(t, Configuration{})
	if err := d.SetRemoteDescription(bg, *c.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if err := d.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	noMux := strings.ReplaceAll(d.LocalDescription().SDP, "a=rtcp-mux\r\n", "")
	if err := c.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeAnswer, SDP: noMux}); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("SRD(answer without rtcp-mux) = %v", err)
	}
	t.Log("# an answer with a different number of m= sections is an InvalidAccessError")
	if err := c.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeAnswer, SDP: strings.SplitAfter(d.LocalDescription().SDP, "t=0 0\r\n")[0]}); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("SRD(answer without m= sections) = %v", err)
	}
	if err := c.SetRemoteDescription(bg, *d.LocalDescription()); err != nil {
		t.Fatalf("the real answer after the failures: %v", err)
	}
}

func TestParameterlessSetLocalDescription(t *testing.T) {
	a := withData(t, mustPC(t, Configuration{}))
	b := mustPC(t, Configuration{})
	if err := a.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if a.LocalDescription().Type != SDPTypeOffer {
		t.Fatalf("implicit SLD in stable created a %v", a.LocalDescription().Type)
	}
	if err := b.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if err := b.SetLocalDescription(bg, &SessionDescription{}); err != nil {
		t.Fatal(err)
	}
	if b.LocalDescription().Type != SDPTypeAnswer || b.SignalingState() != SignalingStateStable {
		t.Fatalf("implicit SLD in have-remote-offer: %v %v", b.LocalDescription().Type, b.SignalingState())
	}
	if err := a.SetRemoteDescription(bg, *b.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	t.Log("# an implicit offer is created afresh when the state changed since createOffer")
	a2 := withData(t, mustPC(t, Configuration{}))
	_ = offerFrom(t, a2)
	if _, err := a2.AddTransceiver(MediaKindVideo, nil); err != nil {
		t.Fatal(err)
	}
	if err := a2.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a2.LocalDescription().SDP, "m=video") {
		t.Fatalf("the implicit offer lacks the transceiver added after createOffer")
	}
}

func TestRollback(t *testing.T) {
	t.Log("# local offer rolled back: stable, pending null, mids back to null (RFC 9429 §5.7)")
	a := mustPC(t, Configuration{})
	tr, _ := a.AddTransceiver(MediaKindAudio, nil)
	if err := a.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if mid, ok := tr.Mid(); !ok || mid == "" {
		t.Fatalf("mid after SLD(offer): %q %v", mid, ok)
	}
	if err := a.SetLocalDescription(bg, &SessionDescription{Type: SDPTypeRollback}); err != nil {
		t.Fatal(err)
	}
	if a.SignalingState() != SignalingStateStable || a.PendingLocalDescription() != nil {
		t.Fatalf("after rollback: %v", a.SignalingState())
	}
	if _, ok := tr.Mid(); ok {
		t.Fatalf("mid not cleared by rollback")
	}
	t.Log("# remote offer rolled back: transceivers it created are removed, unless addTrack attached a track")
	src := mustPC(t, Configuration{})
	src.AddTransceiver(MediaKindAudio, nil)
	src.AddTransceiver(MediaKindVideo, nil)
	if err := src.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	b := mustPC(t, Configuration{})
	if err := b.SetRemoteDescription(bg, *src.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if n := len(b.GetTransceivers()); n != 2 {
		t.Fatalf("%d transceivers after SRD(offer)", n)
	}
	if _, err := b.AddTrack(&testTrack{"v", MediaKindVideo}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeRollback}); err != nil {
		t.Fatal(err)
	}
	ts := b.GetTransceivers()
	if len(ts) != 1 || ts[0].Kind() != MediaKindVideo {
		t.Fatalf("after rollback: %d transceivers, want only the video one addTrack used", len(ts))
	}
	if _, ok := ts[0].Mid(); ok {
		t.Fatalf("the kept transceiver still has a mid")
	}
	if b.RemoteDescription() != nil || b.SignalingState() != SignalingStateStable {
		t.Fatalf("remote description after rollback")
	}
}

// Perfect negotiation (W3C §10.7): both sides offer at once; the polite
// peer's setRemoteDescription(offer) rolls its own offer back implicitly.
func TestGlarePerfectNegotiation(t *testing.T) {
	polite := withData(t, mustPC(t, Configuration{}))
	impolite := mustPC(t, Configuration{})
	impolite.AddTransceiver(MediaKindVideo, nil)
	if err := polite.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if err := impolite.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	t.Log("# the impolite peer ignores the colliding offer; the polite one accepts it")
	if err := polite.SetRemoteDescription(bg, *impolite.LocalDescription()); err != nil {
		t.Fatalf("implicit rollback + SRD(offer): %v", err)
	}
	if polite.SignalingState() != SignalingStateHaveRemoteOffer {
		t.Fatalf("polite state %v", polite.SignalingState())
	}
	if err := polite.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if err := impolite.SetRemoteDescription(bg, *polite.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	t.Log("# then the polite peer, still needing its data channel, offers again")
	if !strings.Contains(impolite.CurrentRemoteDescription().SDP, "m=video") || strings.Contains(impolite.CurrentRemoteDescription().SDP, "m=application") {
		t.Fatalf("first exchange should carry only the video section")
	}
	negotiate(t, polite, impolite)
	if !strings.Contains(impolite.CurrentRemoteDescription().SDP, "m=application") {
		t.Fatalf("second exchange lacks the data section")
	}
	for _, pc := range []*PeerConnection{polite, impolite} {
		if pc.SignalingState() != SignalingStateStable {
			t.Fatalf("state %v", pc.SignalingState())
		}
	}
}

func TestOperationsAfterClose(t *testing.T) {
	pc := withData(t, mustPC(t, Configuration{}))
	offer := offerFrom(t, pc)
	if err := pc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := pc.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if pc.SignalingState() != SignalingStateClosed || pc.ConnectionState() != PeerConnectionStateClosed || pc.ICEConnectionState() != ICEConnectionStateClosed {
		t.Fatalf("states after close")
	}
	for name, err := range map[string]error{
		"createOffer":       func() error { _, err := pc.CreateOffer(bg, nil); return err }(),
		"createAnswer":      func() error { _, err := pc.CreateAnswer(bg, nil); return err }(),
		"SLD":               pc.SetLocalDescription(bg, &offer),
		"SRD":               pc.SetRemoteDescription(bg, offer),
		"addIceCandidate":   pc.AddICECandidate(bg, nil),
		"createDataChannel": func() error { _, err := pc.CreateDataChannel("x", nil); return err }(),
		"addTransceiver":    func() error { _, err := pc.AddTransceiver(MediaKindAudio, nil); return err }(),
		"addTrack":          func() error { _, err := pc.AddTrack(&testTrack{"t", MediaKindAudio}); return err }(),
	} {
		if !errors.Is(err, ErrInvalidState) {
			t.Errorf("%s after close = %v, want InvalidStateError", name, err)
		}
	}
}

// Events are dispatched in order, after the operation that caused them, and
// a handler may call any method, Close included (DESIGN.md §1).
func TestEventsOrderAndReentrancy(t *testing.T) {
	noSockets(t)
	synctest.Test(t, func(t *testing.T) {
		a, err := NewPeerConnection(Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewPeerConnection(Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		ra, rb := record(a), record(b)
		if _, err := a.AddTrack(&testTrack{"mic", MediaKindAudio}, "s"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if got := ra.take(); len(got) != 1 || got[0] != "negotiationneeded" {
			t.Fatalf("events after addTrack: %v", got)
		}
		negotiate(t, a, b)
		synctest.Wait()
		if got := strings.Join(ra.take(), ","); got != "signaling:have-local-offer,signaling:stable" {
			t.Fatalf("offerer events: %s", got)
		}
		if got := strings.Join(rb.take(), ","); got != "signaling:have-remote-offer,track:audio,signaling:stable" {
			t.Fatalf("answerer events: %s", got)
		}
		t.Log("# a handler that calls back into the connection, then closes it")
		done := make(chan error, 1)
		b.OnNegotiationNeeded(func() {
			_, err := b.CreateOffer(bg, nil)
			b.Close()
			done <- err
		})
		if _, err := b.CreateDataChannel("x", nil); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatalf("CreateOffer from a handler: %v", err)
		}
		if b.SignalingState() != SignalingStateClosed {
			t.Fatalf("Close from a handler did not close")
		}
		a.Close()
		synctest.Wait()
		if got := ra.take(); len(got) != 0 {
			t.Fatalf("events after Close: %v", got)
		}
	})
}

func withoutCandidates(s string) string {
	var out []string
	for _, l := range strings.SplitAfter(s, "\r\n") {
		if !strings.HasPrefix(l, "a=candidate:") && l != "a=end-of-candidates\r\n" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
