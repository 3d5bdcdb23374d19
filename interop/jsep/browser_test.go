// Tests that headless Chromium and Firefox accept the offers and answers our
// JSEP implementation creates, and that we accept theirs: the signalling half of
// interoperability (the foundation issue). Transports are not involved.
package jsep_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/interop/browser"
)

type track struct {
	id   string
	kind webrtc.MediaKind
}

func (t *track) ID() string             { return t.id }
func (t *track) Kind() webrtc.MediaKind { return t.kind }

// The page runs one case after another: Go sends a case as JSON, the page
// answers or offers, and reports what the browser thinks of the result.
const page = `<script>
async function runCase(c) {
  const pc = new RTCPeerConnection({bundlePolicy: c.bundlePolicy || 'balanced'});
  try {
    if (c.mode === 'browser-answers') {
      let answer;
      try {
        await pc.setRemoteDescription(c.offer);
        answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
      } catch (e) {
        await toGo('answer', {error: e.name + ': ' + e.message});
        return {error: e.name + ': ' + e.message};
      }
      await toGo('answer', {type: answer.type, sdp: answer.sdp});
      const verdict = JSON.parse(await fromGo('verdict'));
      return {state: pc.signalingState, goError: verdict.error || '',
              transceivers: pc.getTransceivers().map(t => ({mid: t.mid, kind: t.receiver.track.kind, currentDirection: t.currentDirection}))};
    }
    if (c.data) pc.createDataChannel('chat');
    if (c.audio) pc.addTransceiver('audio', {direction: 'sendrecv'});
    if (c.video) pc.addTransceiver('video', {direction: 'sendrecv'});
    if (c.simulcast) pc.addTransceiver('video', {direction: 'sendonly', sendEncodings: [
      {rid: 'h'}, {rid: 'm', scaleResolutionDownBy: 2}, {rid: 'l', scaleResolutionDownBy: 4}]});
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await toGo('offer', {type: offer.type, sdp: offer.sdp});
    const answer = JSON.parse(await fromGo('answer'));
    if (answer.error) return {goError: answer.error};
    await pc.setRemoteDescription(answer);
    return {state: pc.signalingState,
            transceivers: pc.getTransceivers().map(t => ({mid: t.mid, kind: t.receiver.track.kind, currentDirection: t.currentDirection})),
            sctp: pc.sctp ? {maxMessageSize: pc.sctp.maxMessageSize} : null};
  } catch (e) {
    return {error: e.name + ': ' + e.message};
  } finally {
    pc.close();
  }
}
(async () => {
  await toGo('version', navigator.userAgent);
  for (;;) {
    const c = JSON.parse(await fromGo('case'));
    if (c.done) break;
    await toGo('result', await runCase(c));
  }
})();
</script>`

type result struct {
	Error        string `json:"error"`
	GoError      string `json:"goError"`
	State        string `json:"state"`
	Transceivers []struct {
		Mid              string `json:"mid"`
		Kind             string `json:"kind"`
		CurrentDirection string `json:"currentDirection"`
	} `json:"transceivers"`
	SCTP *struct {
		MaxMessageSize float64 `json:"maxMessageSize"`
	} `json:"sctp"`
}

type session struct {
	t    *testing.T
	page *browser.Page
}

func start(t *testing.T, k browser.Kind) *session {
	p := browser.NewPage(t, page)
	browser.Launch(t, k, p.URL())
	t.Logf("browser: %s", p.Recv(t, "version", 60*time.Second))
	t.Cleanup(func() { p.Send("case", `{"done":true}`) })
	return &session{t: t, page: p}
}

func (s *session) send(key string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.t.Fatal(err)
	}
	s.page.Send(key, string(b))
}

func (s *session) result() result {
	var r result
	if err := json.Unmarshal([]byte(s.page.Recv(s.t, "result", 30*time.Second)), &r); err != nil {
		s.t.Fatal(err)
	}
	return r
}

var ctx = context.Background()

// TestBrowserAnswersOurOffers: the browser sets our offer, answers it, and we
// set its answer; both sides must end "stable" with the m= sections
// negotiated as expected, for every bundlePolicy and media mix.
func TestBrowserAnswersOurOffers(t *testing.T) {
	for _, k := range browser.All {
		t.Run(string(k), func(t *testing.T) { browserAnswersOurOffers(t, k) })
	}
}

func browserAnswersOurOffers(t *testing.T, k browser.Kind) {
	s := start(t, k)
	for _, policy := range []webrtc.BundlePolicy{webrtc.BundlePolicyBalanced, webrtc.BundlePolicyMaxCompat, webrtc.BundlePolicyMaxBundle} {
		for _, media := range []string{"data", "audio+video", "audio+video+data", "2 audio+2 video+data", "2 audio+2 video"} {
			t.Run(policy.String()+"/"+media, func(t *testing.T) {
				s.t = t
				pc, err := webrtc.NewPeerConnection(webrtc.Configuration{BundlePolicy: policy})
				if err != nil {
					t.Fatal(err)
				}
				defer pc.Close()
				n := 1
				if strings.HasPrefix(media, "2 ") {
					n = 2
				}
				wantRTP := 0
				for i := range n {
					if strings.Contains(media, "audio") {
						if _, err := pc.AddTrack(&track{fmt.Sprint("a", i), webrtc.MediaKindAudio}, "stream"); err != nil {
							t.Fatal(err)
						}
						wantRTP++
					}
					if strings.Contains(media, "video") {
						if _, err := pc.AddTrack(&track{fmt.Sprint("v", i), webrtc.MediaKindVideo}, "stream"); err != nil {
							t.Fatal(err)
						}
						wantRTP++
					}
				}
				if strings.Contains(media, "data") {
					if _, err := pc.CreateDataChannel("chat", nil); err != nil {
						t.Fatal(err)
					}
				}
				offer, err := pc.CreateOffer(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := pc.SetLocalDescription(ctx, &offer); err != nil {
					t.Fatal(err)
				}
				s.send("case", map[string]any{"mode": "browser-answers", "bundlePolicy": policy.String(), "offer": offer})
				var answer struct {
					webrtc.SessionDescription
					Error string `json:"error"`
				}
				if err := json.Unmarshal([]byte(s.page.Recv(t, "answer", 30*time.Second)), &answer); err != nil {
					t.Fatal(err)
				}
				if answer.Error != "" {
					s.result()
					t.Fatalf("%s rejected our offer: %s\n%s", k, answer.Error, offer.SDP)
				}
				goErr := pc.SetRemoteDescription(ctx, answer.SessionDescription)
				verdict := map[string]string{}
				if goErr != nil {
					verdict["error"] = goErr.Error()
				}
				s.send("verdict", verdict)
				r := s.result()
				if r.Error != "" {
					t.Fatalf("%s rejected our offer: %s\n%s", k, r.Error, offer.SDP)
				}
				if goErr != nil {
					t.Fatalf("we rejected %s's answer: %v\n%s", k, goErr, answer.SDP)
				}
				if r.State != "stable" || pc.SignalingState() != webrtc.SignalingStateStable {
					t.Fatalf("signaling states: %s %q, ours %q", k, r.State, pc.SignalingState())
				}
				if len(r.Transceivers) != wantRTP {
					t.Fatalf("%s has %d transceivers, want %d\noffer:\n%s\nanswer:\n%s", k, len(r.Transceivers), wantRTP, offer.SDP, answer.SDP)
				}
				for _, tr := range r.Transceivers {
					// We send and receive; the browser's transceivers were created
					// recvonly by our offer, so it only receives.
					if tr.CurrentDirection != "recvonly" {
						t.Errorf("%s transceiver %s (%s) currentDirection %q, want recvonly", k, tr.Mid, tr.Kind, tr.CurrentDirection)
					}
				}
				for _, tr := range pc.GetTransceivers() {
					if d, ok := tr.CurrentDirection(); !ok || d != webrtc.RTPTransceiverDirectionSendonly {
						mid, _ := tr.Mid()
						t.Errorf("our transceiver %s currentDirection %v (set %v), want sendonly", mid, d, ok)
					}
				}
				if strings.Contains(media, "data") {
					if sctp := pc.SCTP(); sctp == nil || sctp.MaxMessageSize() != 262144 {
						t.Errorf("SCTP transport %v: want max message size 262144 from %s's answer\noffer:\n%s\nanswer:\n%s", sctp, k, offer.SDP, answer.SDP)
					}
				}
				if policy == webrtc.BundlePolicyMaxBundle {
					if c := strings.Count(answer.SDP, "a=ice-ufrag:"); c == 0 {
						t.Errorf("%s's answer has no ICE credentials", k)
					}
				}
			})
		}
	}
}

// TestWeAnswerBrowserOffers: we set the browser's offer, answer it, and
// the browser sets our answer.
func TestWeAnswerBrowserOffers(t *testing.T) {
	for _, k := range browser.All {
		t.Run(string(k), func(t *testing.T) { weAnswerBrowserOffers(t, k) })
	}
}

func weAnswerBrowserOffers(t *testing.T, k browser.Kind) {
	s := start(t, k)
	cases := []struct {
		name string
		c    map[string]any
		want map[string]string // kind → the browser's currentDirection
	}{
		{"data", map[string]any{"data": true}, nil},
		{"audio+video", map[string]any{"audio": true, "video": true}, map[string]string{"audio": "sendonly", "video": "sendonly"}},
		{"audio+video+data", map[string]any{"audio": true, "video": true, "data": true}, map[string]string{"audio": "sendonly", "video": "sendonly"}},
		{"simulcast", map[string]any{"simulcast": true}, map[string]string{"video": "sendonly"}},
	}
	for _, tc := range cases {
		for _, policy := range []webrtc.BundlePolicy{webrtc.BundlePolicyBalanced, webrtc.BundlePolicyMaxBundle} {
			t.Run(tc.name+"/"+policy.String(), func(t *testing.T) {
				s.t = t
				pc, err := webrtc.NewPeerConnection(webrtc.Configuration{BundlePolicy: policy})
				if err != nil {
					t.Fatal(err)
				}
				defer pc.Close()
				c := map[string]any{"mode": "browser-offers"}
				for k, v := range tc.c {
					c[k] = v
				}
				s.send("case", c)
				var offer webrtc.SessionDescription
				if err := json.Unmarshal([]byte(s.page.Recv(t, "offer", 30*time.Second)), &offer); err != nil {
					t.Fatal(err)
				}
				answer, err := func() (webrtc.SessionDescription, error) {
					if err := pc.SetRemoteDescription(ctx, offer); err != nil {
						return webrtc.SessionDescription{}, err
					}
					return pc.CreateAnswer(ctx, nil)
				}()
				if err == nil {
					err = pc.SetLocalDescription(ctx, &answer)
				}
				if err != nil {
					s.send("answer", map[string]string{"error": err.Error()})
					s.result()
					t.Fatalf("we failed on %s's offer: %v\n%s", k, err, offer.SDP)
				}
				s.send("answer", answer)
				r := s.result()
				if r.Error != "" {
					t.Fatalf("%s rejected our answer: %s\n%s", k, r.Error, answer.SDP)
				}
				if r.State != "stable" || pc.SignalingState() != webrtc.SignalingStateStable {
					t.Fatalf("signaling states: %s %q, ours %q", k, r.State, pc.SignalingState())
				}
				for _, tr := range r.Transceivers {
					if want := tc.want[tr.Kind]; tr.CurrentDirection != want {
						t.Errorf("%s %s transceiver %s: currentDirection %q, want %q", k, tr.Kind, tr.Mid, tr.CurrentDirection, want)
					}
				}
				if tc.c["data"] == true && (r.SCTP == nil || r.SCTP.MaxMessageSize != 262144) {
					t.Errorf("%s's SCTP transport after our answer: %+v, want maxMessageSize 262144", k, r.SCTP)
				}
				if tc.name == "simulcast" && !strings.Contains(answer.SDP, "a=simulcast:recv h;m;l") {
					t.Errorf("our answer to a simulcast offer lacks a=simulcast:recv h;m;l:\n%s", answer.SDP)
				}
			})
		}
	}
}
