// A channel Go creates before the connection is up, as answerer: its
// DATA_CHANNEL_OPEN goes with the COOKIE ECHO, against Chromium and
// Firefox (the matrix, matrix_test.go, creates the answerer's channels
// once connected).
package datachannel_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/interop/browser"
)

// The page is the browser's side: it negotiates with Go through the
// mailbox, trickles candidates both ways, and echoes every message it gets
// on any channel; it reports its connection state changes.
const page = `<script>
(async () => {
  await toGo('version', navigator.userAgent);
  const mode = await fromGo('mode');
  const pc = new RTCPeerConnection();
  pc.onicecandidate = e => toGo('cand', JSON.stringify(e.candidate ? e.candidate.toJSON() : null));
  pc.onconnectionstatechange = () => toGo('state', pc.connectionState);
  const echo = dc => {
    dc.binaryType = 'arraybuffer';
    dc.onmessage = e => dc.send(e.data);
    dc.onclose = () => toGo('closed', dc.label);
  };
  pc.ondatachannel = e => echo(e.channel);
  const remoteCandidates = async () => {
    for (;;) {
      const c = JSON.parse(await fromGo('cand'));
      if (!c) { await pc.addIceCandidate(); return; }
      await pc.addIceCandidate(c);
    }
  };
  if (mode === 'browser-offers') {
    echo(pc.createDataChannel('from-browser'));
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await toGo('offer', JSON.stringify(pc.localDescription));
    await pc.setRemoteDescription(JSON.parse(await fromGo('answer')));
  } else {
    await pc.setRemoteDescription(JSON.parse(await fromGo('offer')));
    await pc.setLocalDescription();
    await toGo('answer', JSON.stringify(pc.localDescription));
  }
  const channels = {};
  const origEcho = echo;
  pc.ondatachannel = e => { channels[e.channel.label] = e.channel; origEcho(e.channel); };
  remoteCandidates();
  // Commands from Go: "negotiated:<id>" makes an out-of-band channel with that
  // id (and echoes on it), "close:<label>" closes a channel from this side,
  // "close" ends the test.
  for (;;) {
    const cmd = await fromGo('cmd');
    if (cmd === 'close') break;
    const [op, arg] = cmd.split(':');
    if (op === 'negotiated') {
      const dc = pc.createDataChannel('negotiated', {negotiated: true, id: Number(arg)});
      channels['negotiated'] = dc;
      echo(dc);
      dc.onopen = () => toGo('negotiated-open', 'ok');
      if (dc.readyState === 'open') toGo('negotiated-open', 'ok');
    } else if (op === 'close') {
      channels[arg].close();
    }
  }
  pc.close();
  await toGo('done', 'ok');
})();
</script>`

func recvJSON(t *testing.T, p *browser.Page, key string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(p.Recv(t, key, 30*time.Second)), v); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
}

// runEarly connects to the browser, echoes messages on the first channel and
// closes it. before, if set, runs once the descriptions are set (before the
// connection is up); extra runs after the first channel's test.
func runEarly(t *testing.T, k browser.Kind, goOffers bool, before, extra func(*testing.T, *browser.Page, *webrtc.PeerConnection)) {
	ctx := context.Background()
	p := browser.NewPage(t, page)
	var flags []string
	if k == browser.Chromium {
		flags = []string{"--disable-features=WebRtcHideLocalIpsWithMdns"}
	}
	browser.Launch(t, k, p.URL(), flags...)
	t.Logf("browser: %s", p.Recv(t, "version", 60*time.Second))
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	states := make(chan webrtc.PeerConnectionState, 16)
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) { states <- s })
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			p.Send("cand", "null")
			return
		}
		b, _ := json.Marshal(c.ToJSON())
		p.Send("cand", string(b))
	})
	channels := make(chan *webrtc.DataChannel, 4)
	pc.OnDataChannel(func(dc *webrtc.DataChannel) { channels <- dc })

	var dc *webrtc.DataChannel
	if goOffers {
		p.Send("mode", "go-offers")
		if dc, err = pc.CreateDataChannel("from-go", nil); err != nil {
			t.Fatal(err)
		}
		if err := pc.SetLocalDescription(ctx, nil); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(pc.LocalDescription())
		p.Send("offer", string(b))
		var answer webrtc.SessionDescription
		recvJSON(t, p, "answer", &answer)
		if err := pc.SetRemoteDescription(ctx, answer); err != nil {
			t.Fatalf("SetRemoteDescription(%s's answer): %v\n%s", k, err, answer.SDP)
		}
	} else {
		p.Send("mode", "browser-offers")
		var offer webrtc.SessionDescription
		recvJSON(t, p, "offer", &offer)
		if err := pc.SetRemoteDescription(ctx, offer); err != nil {
			t.Fatalf("SetRemoteDescription(%s's offer): %v\n%s", k, err, offer.SDP)
		}
		if err := pc.SetLocalDescription(ctx, nil); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(pc.LocalDescription())
		p.Send("answer", string(b))
	}
	if before != nil {
		before(t, p, pc)
	}
	// The browser's candidates.
	go func() {
		for {
			var c *webrtc.ICECandidateInit
			v := p.RecvNoFail("cand", 60*time.Second)
			if v == "" || json.Unmarshal([]byte(v), &c) != nil {
				return
			}
			pc.AddICECandidate(ctx, c)
			if c == nil {
				return
			}
		}
	}()
	if !goOffers {
		select {
		case dc = <-channels:
		case <-time.After(30 * time.Second):
			t.Fatalf("no datachannel event from %s's channel (connection %s, ICE %s)", k, pc.ConnectionState(), pc.ICEConnectionState())
		}
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	echoes := make(chan webrtc.DataChannelMessage, 1100)
	dc.OnMessage(func(m webrtc.DataChannelMessage) { echoes <- m })
	if dc.ReadyState() != webrtc.DataChannelStateOpen {
		select {
		case <-opened:
		case <-time.After(30 * time.Second):
			t.Fatalf("the channel did not open (state %s, connection %s, ICE %s)", dc.ReadyState(), pc.ConnectionState(), pc.ICEConnectionState())
		}
	}
	t.Logf("# channel %q open; 1000 text messages and a 256 KiB binary message each way (the page echoes)", dc.Label())
	for i := range 1000 {
		if err := dc.SendText(fmt.Sprintf("message %d", i)); err != nil {
			t.Fatalf("SendText %d: %v", i, err)
		}
	}
	big := make([]byte, 256<<10)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := dc.Send(big); err != nil {
		t.Fatalf("Send(256 KiB): %v", err)
	}
	for i := range 1000 {
		select {
		case m := <-echoes:
			if !m.IsString || string(m.Data) != fmt.Sprintf("message %d", i) {
				t.Fatalf("echo %d: %q (string %v)", i, m.Data, m.IsString)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("echo %d did not arrive", i)
		}
	}
	select {
	case m := <-echoes:
		sum := sha256.Sum256(m.Data)
		want := sha256.Sum256(big)
		if m.IsString || !bytes.Equal(sum[:], want[:]) {
			t.Fatalf("binary echo: %d bytes, sha256 %s, want %s", len(m.Data), hex.EncodeToString(sum[:8]), hex.EncodeToString(want[:8]))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the 256 KiB echo did not arrive")
	}
	if pc.ConnectionState() != webrtc.PeerConnectionStateConnected {
		t.Fatalf("our connectionState %s", pc.ConnectionState())
	}
	t.Logf("# closing the channel from Go: the browser must see it close")
	dc.Close()
	if got := p.Recv(t, "closed", 30*time.Second); got != dc.Label() {
		t.Fatalf("browser closed %q", got)
	}
	if extra != nil {
		extra(t, p, pc)
	}
	p.Send("cmd", "close")
	p.Recv(t, "done", 30*time.Second)
}

// TestEarlyChannel: Go answers (so it is the DTLS client, and initiates
// SCTP) and creates a channel before the connection is up: its
// DATA_CHANNEL_OPEN travels in the packet with the COOKIE ECHO (RFC 9260
// §5.1 C) while the browser initiates SCTP too (RFC 8841 §9.3). The channel
// must open on both sides and carry messages.
func TestEarlyChannel(t *testing.T) {
	for _, k := range browser.All {
		t.Run(string(k), func(t *testing.T) {
			var early *webrtc.DataChannel
			before := func(t *testing.T, _ *browser.Page, pc *webrtc.PeerConnection) {
				var err error
				if early, err = pc.CreateDataChannel("from-go-early", nil); err != nil {
					t.Fatal(err)
				}
			}
			extra := func(t *testing.T, _ *browser.Page, _ *webrtc.PeerConnection) {
				opened := make(chan struct{})
				early.OnOpen(func() { close(opened) })
				echoes := make(chan webrtc.DataChannelMessage, 16)
				early.OnMessage(func(m webrtc.DataChannelMessage) { echoes <- m })
				if early.ReadyState() != webrtc.DataChannelStateOpen {
					select {
					case <-opened:
					case <-time.After(30 * time.Second):
						t.Fatalf("the early channel did not open (state %s)", early.ReadyState())
					}
				}
				for i := range 10 {
					if err := early.SendText(fmt.Sprint("early ", i)); err != nil {
						t.Fatal(err)
					}
				}
				for i := range 10 {
					select {
					case m := <-echoes:
						if string(m.Data) != fmt.Sprint("early ", i) {
							t.Fatalf("echo %d: %q", i, m.Data)
						}
					case <-time.After(30 * time.Second):
						t.Fatalf("echo %d on the early channel did not arrive", i)
					}
				}
				t.Logf("# %q, created before the connection was up, opened and echoed 10 messages", early.Label())
			}
			runEarly(t, k, false, before, extra)
		})
	}
}
