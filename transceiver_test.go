package webrtc

import (
	"errors"
	"strings"
	"testing"

	"github.com/c4c1f6e1/webrtc/sdp"
)

func TestAddTransceiverChecks(t *testing.T) {
	pc := mustPC(t, Configuration{})
	if _, err := pc.AddTransceiver("data", nil); !errors.Is(err, ErrType) {
		t.Fatalf("kind data = %v, want TypeError", err)
	}
	if _, err := pc.AddTransceiver(MediaKindVideo, &RTPTransceiverInit{Direction: RTPTransceiverDirectionStopped}); !errors.Is(err, ErrType) {
		t.Fatalf("direction stopped = %v, want TypeError", err)
	}
	for name, enc := range map[string][]RTPEncodingParameters{
		"rid with bad chars":      {{RID: "a b"}},
		"duplicate rid":           {{RID: "a"}, {RID: "a"}},
		"missing rid":             {{RID: "a"}, {}},
		"scale below 1 is range?": nil,
	} {
		if enc == nil {
			continue
		}
		if _, err := pc.AddTransceiver(MediaKindVideo, &RTPTransceiverInit{SendEncodings: enc}); !errors.Is(err, ErrType) {
			t.Errorf("%s: %v, want TypeError", name, err)
		}
	}
	if _, err := pc.AddTransceiver(MediaKindVideo, &RTPTransceiverInit{SendEncodings: []RTPEncodingParameters{{ScaleResolutionDownBy: 0.5}}}); !errors.Is(err, ErrRange) {
		t.Fatalf("scaleResolutionDownBy 0.5 = %v, want RangeError", err)
	}
	tr, err := pc.AddTransceiver(MediaKindVideo, &RTPTransceiverInit{Direction: RTPTransceiverDirectionRecvonly, StreamIDs: []string{"s", "s"}})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Direction() != RTPTransceiverDirectionRecvonly || len(tr.Sender().StreamIDs()) != 1 {
		t.Fatalf("direction %v streams %v", tr.Direction(), tr.Sender().StreamIDs())
	}
	if _, ok := tr.Mid(); ok {
		t.Fatalf("a new transceiver has a mid")
	}
	if _, ok := tr.CurrentDirection(); ok {
		t.Fatalf("a new transceiver has a currentDirection")
	}
}

// §5.1 addTrack and removeTrack.
func TestAddTrackRemoveTrack(t *testing.T) {
	pc := mustPC(t, Configuration{})
	mic := &testTrack{"mic", MediaKindAudio}
	s, err := pc.AddTrack(mic, "stream")
	if err != nil {
		t.Fatal(err)
	}
	t.Log("# step 6: a track that already has a sender is an InvalidAccessError")
	if _, err := pc.AddTrack(mic); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("second AddTrack = %v", err)
	}
	if err := pc.RemoveTrack(s); err != nil {
		t.Fatal(err)
	}
	if s.Track() != nil || s.Transceiver().Direction() != RTPTransceiverDirectionRecvonly {
		t.Fatalf("after RemoveTrack: track %v direction %v", s.Track(), s.Transceiver().Direction())
	}
	t.Log("# step 7: a sender whose track is null and that never sent is reused, recvonly → sendrecv")
	s2, err := pc.AddTrack(&testTrack{"mic2", MediaKindAudio})
	if err != nil {
		t.Fatal(err)
	}
	if s2 != s || s.Transceiver().Direction() != RTPTransceiverDirectionSendrecv || len(pc.GetTransceivers()) != 1 {
		t.Fatalf("the sender was not reused")
	}
	other := mustPC(t, Configuration{})
	os, _ := other.AddTrack(&testTrack{"x", MediaKindAudio})
	if err := pc.RemoveTrack(os); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("RemoveTrack of a foreign sender = %v", err)
	}
	if len(pc.GetSenders()) != 1 || len(pc.GetReceivers()) != 1 {
		t.Fatalf("senders/receivers")
	}
}

// The answer intersects codecs and directions (RFC 9429 §5.3.1) and
// rejects what it cannot accept with port 0.
func TestAnswerIntersection(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	// a offers sendonly audio (b must answer recvonly) and recvonly video.
	a.AddTransceiver(MediaKindAudio, &RTPTransceiverInit{Direction: RTPTransceiverDirectionSendonly})
	a.AddTransceiver(MediaKindVideo, &RTPTransceiverInit{Direction: RTPTransceiverDirectionRecvonly})
	if err := a.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	offer := a.LocalDescription().SDP
	// Make video offer only VP8 + rtx and an unknown codec.
	p, err := sdp.Parse([]byte(offer))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	b.GetTransceivers()[1].SetDirection(RTPTransceiverDirectionSendrecv)
	if err := b.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	ans, err := sdp.Parse([]byte(b.LocalDescription().SDP))
	if err != nil {
		t.Fatal(err)
	}
	if d := ans.Media[0].Direction(); d != sdp.DirectionRecvOnly {
		t.Errorf("audio answered %v, want recvonly to a sendonly offer", d)
	}
	if d := ans.Media[1].Direction(); d != sdp.DirectionSendOnly {
		t.Errorf("video answered %v, want sendonly (sendrecv ∩ reverse(recvonly))", d)
	}
	if s, _, _ := ans.Media[0].Setup(); s != sdp.SetupActive {
		t.Errorf("answer setup %v, want active to an actpass offer", s)
	}
	_ = p

	t.Log("# a section offering only codecs we do not know is rejected with port 0 and leaves the BUNDLE group")
	c := mustPC(t, Configuration{})
	fake := strings.NewReplacer("m=video 9 UDP/TLS/RTP/SAVPF 96 98 102 104 106 45 97 99 103 105 107 46", "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
		"VP8/90000", "x-unknown/90000").Replace(offer)
	if err := c.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeOffer, SDP: fake}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	ans2, _ := sdp.Parse([]byte(c.LocalDescription().SDP))
	if ml, _ := ans2.Media[1].MediaLine(); ml.Port != 0 {
		t.Fatalf("unknown-codec video answered with port %d, want 0:\n%s", ml.Port, c.LocalDescription().SDP)
	}
	if ml, _ := ans2.Media[0].MediaLine(); ml.Port == 0 {
		t.Fatalf("audio was rejected too")
	}
	if g, _ := ans2.BundleGroups(); len(g) != 1 || len(g[0].Mids) != 1 {
		t.Fatalf("the rejected section must leave the BUNDLE group: %v", g)
	}
	t.Log("# the offerer sees the rejection: its transceiver is stopped and removed (§4.4.1.4 steps 6.11.2.15 and 6.13)")
	if err := a.SetRemoteDescription(bg, *c.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if ts := a.GetTransceivers(); len(ts) != 1 || ts[0].Kind() != MediaKindAudio {
		t.Fatalf("offerer has %d transceivers after the video rejection, want the audio one", len(ts))
	}

	t.Log("# RFC 9429 §5.3.1: rejecting the offerer-tagged section rejects its whole BUNDLE group")
	e := mustPC(t, Configuration{})
	tagless := strings.NewReplacer("opus/48000/2", "x-1/48000/2", "G722/8000", "x-2/8000", "PCMU/8000", "x-3/8000",
		"PCMA/8000", "x-4/8000", "m=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8").Replace(offer)
	if err := e.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeOffer, SDP: tagless}); err != nil {
		t.Fatal(err)
	}
	if err := e.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	ans3, _ := sdp.Parse([]byte(e.LocalDescription().SDP))
	for i, m := range ans3.Media {
		if ml, _ := m.MediaLine(); ml.Port != 0 {
			t.Errorf("section %d accepted although the BUNDLE tag was rejected", i)
		}
	}
}

func TestCodecPreferences(t *testing.T) {
	pc := mustPC(t, Configuration{})
	tr, _ := pc.AddTransceiver(MediaKindVideo, nil)
	if err := tr.SetCodecPreferences([]RTPCodecCapability{{MimeType: "video/rtx", ClockRate: 90000}}); !errors.Is(err, ErrInvalidModification) {
		t.Fatalf("only rtx = %v", err)
	}
	if err := tr.SetCodecPreferences([]RTPCodecCapability{{MimeType: "video/H265", ClockRate: 90000}}); !errors.Is(err, ErrInvalidModification) {
		t.Fatalf("unsupported codec = %v", err)
	}
	if err := tr.SetCodecPreferences([]RTPCodecCapability{{MimeType: "video/vp9", ClockRate: 90000, SDPFmtpLine: "profile-id=0"}, {MimeType: "video/VP8", ClockRate: 90000}}); err != nil {
		t.Fatal(err)
	}
	offer := offerFrom(t, pc)
	if !strings.Contains(offer.SDP, "m=video 9 UDP/TLS/RTP/SAVPF 98 96\r\n") {
		t.Fatalf("codec preferences not applied in order without rtx:\n%s", offer.SDP)
	}
}

func TestStopTransceiver(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	tr, _ := a.AddTransceiver(MediaKindAudio, nil)
	a.AddTransceiver(MediaKindVideo, nil)
	negotiate(t, a, b)
	if err := tr.Stop(); err != nil {
		t.Fatal(err)
	}
	if tr.Direction() != RTPTransceiverDirectionStopped {
		t.Fatalf("direction after stop %v", tr.Direction())
	}
	if err := tr.SetDirection(RTPTransceiverDirectionSendrecv); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("SetDirection on a stopping transceiver = %v", err)
	}
	offer := offerFrom(t, a)
	if !strings.Contains(offer.SDP, "m=audio 0 ") {
		t.Fatalf("a stopped transceiver's section must have port 0:\n%s", offer.SDP)
	}
	negotiate(t, a, b)
	if n := len(a.GetTransceivers()); n != 1 {
		t.Fatalf("%d transceivers on the offerer after negotiating the stop", n)
	}
	if n := len(b.GetTransceivers()); n != 1 {
		t.Fatalf("%d transceivers on the answerer after negotiating the stop", n)
	}
}

// RFC 9429 §5.2.1: a=rtcp-mux-only only under the "require" policy.
func TestRTCPMuxPolicyInOffers(t *testing.T) {
	for _, c := range []struct {
		policy  RTCPMuxPolicy
		muxOnly bool
	}{{RTCPMuxPolicyRequire, true}, {RTCPMuxPolicyNegotiate, false}} {
		pc := mustPC(t, Configuration{RTCPMuxPolicy: c.policy})
		pc.AddTransceiver(MediaKindAudio, nil)
		offer := offerFrom(t, pc)
		if !strings.Contains(offer.SDP, "a=rtcp-mux\r\n") || strings.Contains(offer.SDP, "a=rtcp-mux-only") != c.muxOnly {
			t.Errorf("policy %v: rtcp-mux-only present = %v, want %v", c.policy, !c.muxOnly, c.muxOnly)
		}
	}
}

// RFC 9429 §5.2.1: bundle-only per bundlePolicy in the initial offer.
func TestBundlePolicyInOffers(t *testing.T) {
	for _, c := range []struct {
		policy     BundlePolicy
		bundleOnly int
	}{{BundlePolicyBalanced, 2}, {BundlePolicyMaxCompat, 0}, {BundlePolicyMaxBundle, 4}} {
		pc := mustPC(t, Configuration{BundlePolicy: c.policy})
		for range 2 {
			pc.AddTransceiver(MediaKindAudio, nil)
			pc.AddTransceiver(MediaKindVideo, nil)
		}
		pc.CreateDataChannel("d", nil)
		offer := offerFrom(t, pc)
		if n := strings.Count(offer.SDP, "a=bundle-only"); n != c.bundleOnly {
			t.Errorf("policy %v: %d bundle-only sections, want %d", c.policy, n, c.bundleOnly)
		}
		if !strings.Contains(offer.SDP, "a=group:BUNDLE 0 1 2 3 4\r\n") {
			t.Errorf("policy %v: BUNDLE group lists all sections?\n%s", c.policy, offer.SDP)
		}
		n := 0
		for _, line := range strings.Split(offer.SDP, "\r\n") {
			if f := strings.Fields(line); len(f) > 1 && strings.HasPrefix(f[0], "m=") && f[1] == "0" {
				n++
			}
		}
		if n != c.bundleOnly {
			t.Errorf("policy %v: %d sections with port 0, want %d", c.policy, n, c.bundleOnly)
		}
	}
}
