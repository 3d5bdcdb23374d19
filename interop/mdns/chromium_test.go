package mdns_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/interop/browser"
	"github.com/c4c1f6e1/webrtc/mdns"
)

const page = `<script>
(async () => {
  const pc = new RTCPeerConnection();
  pc.onicecandidate = e => toGo('cand', JSON.stringify(e.candidate ? e.candidate.toJSON() : null));
  const dc = pc.createDataChannel('mdns');
  dc.onopen = () => dc.send('hello over a named candidate');
  await pc.setLocalDescription();
  await toGo('offer', JSON.stringify(pc.localDescription));
  await pc.setRemoteDescription(JSON.parse(await fromGo('answer')));
  for (;;) {
    const c = JSON.parse(await fromGo('cand'));
    if (!c) { await pc.addIceCandidate(); break; }
    await pc.addIceCandidate(c);
  }
  await fromGo('done');
  pc.close();
})();
</script>`

// Chromium's default: with no media permission it hides its host
// addresses behind "<uuid>.local" names, which its responder announces by
// multicast (RFC 6762 §8.3) but does not answer queries for here. Our
// answer and candidates never reach Chromium, so it cannot check us: the
// connection comes up only if we resolved its names (from the
// announcements our group socket hears) and checked them, and the
// selected pair's remote is the named host candidate.
func TestChromiumMDNSCandidates(t *testing.T) {
	p := browser.NewPage(t, page)
	// Default flags: the mDNS hiding of host addresses stays on.
	browser.LaunchWithoutMedia(t, browser.Chromium, p.URL())
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	got := make(chan string, 1)
	pc.OnDataChannel(func(dc *webrtc.DataChannel) {
		dc.OnMessage(func(m webrtc.DataChannelMessage) { got <- string(m.Data) })
	})
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			p.Send("cand", "null") // the end of candidates, and no candidate before it
		}
	})
	ctx := context.Background()
	var offer webrtc.SessionDescription
	if err := json.Unmarshal([]byte(p.Recv(t, "offer", 60*time.Second)), &offer); err != nil {
		t.Fatal(err)
	}
	if err := pc.SetRemoteDescription(ctx, offer); err != nil {
		t.Fatal(err)
	}
	if err := pc.SetLocalDescription(ctx, nil); err != nil {
		t.Fatal(err)
	}
	answer := *pc.LocalDescription()
	var lines []string
	for _, l := range strings.Split(answer.SDP, "\r\n") {
		if !strings.HasPrefix(l, "a=candidate:") {
			lines = append(lines, l)
		}
	}
	answer.SDP = strings.Join(lines, "\r\n")
	b, _ := json.Marshal(answer)
	p.Send("answer", string(b))
	named := 0
	for {
		v := p.Recv(t, "cand", 30*time.Second)
		var c *webrtc.ICECandidateInit
		if err := json.Unmarshal([]byte(v), &c); err != nil {
			t.Fatal(err)
		}
		if err := pc.AddICECandidate(ctx, c); err != nil {
			t.Fatalf("AddICECandidate(%s): %v", v, err)
		}
		if c == nil {
			break
		}
		if f := strings.Fields(c.Candidate); len(f) > 4 && mdns.IsICEName(f[4]) {
			named++
		}
	}
	if named == 0 {
		t.Fatal("Chromium signalled no .local host candidate: the test needs its mDNS hiding on")
	}
	t.Logf("# Chromium signalled %d mDNS host candidates", named)
	select {
	case m := <-got:
		if m != "hello over a named candidate" {
			t.Fatalf("message %q", m)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no message; connection %s", pc.ConnectionState())
	}
	pair := pc.SCTP().Transport().ICETransport().GetSelectedCandidatePair()
	if pair == nil || pair.Remote.Type != webrtc.ICECandidateTypeHost || !mdns.IsICEName(pair.Remote.Address) {
		t.Fatalf("selected pair %+v: want Chromium's named host candidate as its remote", pair)
	}
	t.Logf("selected pair: %s:%d -> %s:%d (%s)", pair.Local.Address, pair.Local.Port, pair.Remote.Address, pair.Remote.Port, pair.Remote.Type)
	p.Send("done", "1")
}
