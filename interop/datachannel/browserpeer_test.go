package datachannel_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/interop/browser"
)

// pageJS runs any number of sessions, each an RTCPeerConnection, in one
// page: Go creates them and drives them through the RPC operations below.
// Every state change and every trickled candidate is pushed to Go as an
// event; each channel's messages are kept until Go asks for them.
const pageJS = `
const sessions = {};
const pattern = (n, seed) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 13 + seed) & 255;
  return b;
};
const hex = buf => Array.from(new Uint8Array(buf), x => x.toString(16).padStart(2, '0')).join('');

function snapshot(s) {
  const pc = s.pc, sctp = pc.sctp, channels = {};
  for (const [label, dc] of Object.entries(s.channels)) channels[label] = dc.readyState;
  return {connection: pc.connectionState, ice: pc.iceConnectionState, signaling: pc.signalingState,
          dtls: sctp ? sctp.transport.state : '', sctp: sctp ? sctp.state : '', channels};
}
function report(s, what) {
  rpc.emit({session: s.id, kind: 'state', what, states: snapshot(s)});
  const w = s.waiters;
  s.waiters = [];
  for (const f of w) f();
}
// watchTransports follows pc.sctp and its DTLS transport once an answer
// created them.
function watchTransports(s) {
  const sctp = s.pc.sctp;
  if (!sctp || s.sctp === sctp) return;
  s.sctp = sctp;
  sctp.addEventListener('statechange', () => report(s, 'sctp ' + sctp.state));
  sctp.transport.addEventListener('statechange', () => report(s, 'dtls ' + sctp.transport.state));
  report(s, 'sctp transport created');
}
function track(s, dc) {
  dc.binaryType = 'arraybuffer';
  s.channels[dc.label] = dc;
  const got = s.received[dc.label] = [];
  dc.onopen = () => report(s, dc.label + ' open');
  dc.onclosing = () => report(s, dc.label + ' closing');
  dc.onclose = () => report(s, dc.label + ' close');
  dc.onerror = e => report(s, dc.label + ' error ' + (e.error ? e.error.errorDetail + ' ' + e.error.sctpCauseCode + ': ' + e.error.message : ''));
  dc.onmessage = e => {
    got.push(e.data);
    if (got.length >= s.want) report(s, dc.label + ' has ' + got.length + ' messages');
  };
}
async function until(s, cond, ms) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) {
    await new Promise(r => { s.waiters.push(r); setTimeout(r, Math.max(0, end - Date.now())); });
  }
}
async function gathered(pc) {
  while (pc.iceGatheringState !== 'complete') {
    await new Promise(r => pc.addEventListener('icegatheringstatechange', r, {once: true}));
  }
}

rpc.serve({
  version: () => navigator.userAgent,
  new({id, trickle}) {
    const pc = new RTCPeerConnection();
    const s = sessions[id] = {id, pc, trickle, channels: {}, received: {}, waiters: [], want: Infinity};
    pc.onicecandidate = e => {
      if (trickle) rpc.emit({session: id, kind: 'candidate', candidate: e.candidate ? e.candidate.toJSON() : null});
    };
    pc.onconnectionstatechange = () => report(s, 'connection ' + pc.connectionState);
    pc.oniceconnectionstatechange = () => report(s, 'ice ' + pc.iceConnectionState);
    pc.onsignalingstatechange = () => report(s, 'signaling ' + pc.signalingState);
    pc.ondatachannel = e => { track(s, e.channel); report(s, 'datachannel ' + e.channel.label); };
  },
  createChannel({id, label, init}) {
    const s = sessions[id];
    track(s, s.pc.createDataChannel(label, init));
    report(s, 'created ' + label);
  },
  async offer({id}) {
    const s = sessions[id];
    await s.pc.setLocalDescription();
    if (!s.trickle) await gathered(s.pc);
    return s.pc.localDescription;
  },
  async answer({id, offer}) {
    const s = sessions[id];
    await s.pc.setRemoteDescription(offer);
    await s.pc.setLocalDescription();
    watchTransports(s);
    if (!s.trickle) await gathered(s.pc);
    return s.pc.localDescription;
  },
  async setAnswer({id, answer}) {
    const s = sessions[id];
    await s.pc.setRemoteDescription(answer);
    watchTransports(s);
  },
  async addCandidate({id, candidate}) {
    const pc = sessions[id].pc;
    if (candidate) await pc.addIceCandidate(candidate); else await pc.addIceCandidate();
  },
  send({id, label, sender, seed, texts, binary}) {
    const dc = sessions[id].channels[label];
    for (let i = 0; i < texts; i++) dc.send(label + ' ' + sender + ' ' + i);
    dc.send(pattern(binary, seed));
  },
  async received({id, label, n, ms}) {
    const s = sessions[id], got = s.received[label];
    s.want = n;
    await until(s, () => got.length >= n, ms);
    s.want = Infinity;
    return Promise.all(got.map(async m => typeof m === 'string' ? {text: m}
      : {binary: m.byteLength, sha256: hex(await crypto.subtle.digest('SHA-256', m))}));
  },
  info({id, label}) {
    const dc = sessions[id].channels[label];
    return {id: dc.id, ordered: dc.ordered, maxRetransmits: dc.maxRetransmits,
            maxPacketLifeTime: dc.maxPacketLifeTime, negotiated: dc.negotiated};
  },
  closeChannel({id, label}) { sessions[id].channels[label].close(); },
  restartIce({id}) { sessions[id].pc.restartIce(); },
  states({id}) { return snapshot(sessions[id]); },
  closePC({id}) {
    const s = sessions[id];
    s.pc.close();
    return snapshot(s);
  },
  stop({id}) {
    const s = sessions[id];
    if (s) s.pc.close();
    delete sessions[id];
  },
});
`

// browserHost is one browser running the page; its sessions share it.
type browserHost struct {
	kind browser.Kind
	rpc  *browser.RPC

	mu    sync.Mutex
	next  int
	peers map[int]*browserPeer
}

// startBrowser launches the browser on the page, once for every session of
// the test.
func startBrowser(t *testing.T, k browser.Kind) *browserHost {
	page := browser.NewPage(t, "<script>"+browser.RPCJS+pageJS+"</script>")
	h := &browserHost{kind: k, peers: map[int]*browserPeer{}}
	h.rpc = page.NewRPC(h.event)
	var flags []string
	if k == browser.Chromium {
		flags = []string{"--disable-features=WebRtcHideLocalIpsWithMdns"}
	}
	browser.Launch(t, k, page.URL(), flags...)
	var ua string
	if err := h.rpc.Call(60*time.Second, "version", nil, &ua); err != nil {
		t.Fatalf("%s did not load the page: %v", k, err)
	}
	t.Logf("%s: %s", k, ua)
	return h
}

type pageEvent struct {
	Session   int                      `json:"session"`
	Kind      string                   `json:"kind"`
	What      string                   `json:"what"`
	States    snapshot                 `json:"states"`
	Candidate *webrtc.ICECandidateInit `json:"candidate"`
}

func (h *browserHost) event(raw json.RawMessage) {
	var ev pageEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return
	}
	h.mu.Lock()
	p := h.peers[ev.Session]
	h.mu.Unlock()
	if p == nil {
		return
	}
	switch ev.Kind {
	case "candidate":
		p.hooks.candidate(ev.Candidate)
	case "state":
		p.mu.Lock()
		p.last = ev.States
		p.hist = append(p.hist, ev.What+" → "+ev.States.String())
		p.mu.Unlock()
		p.hooks.changed()
	}
}

// newPeer starts a session's RTCPeerConnection in the page.
func (h *browserHost) newPeer(trickle bool, hooks peerHooks) (peer, error) {
	h.mu.Lock()
	h.next++
	p := &browserPeer{h: h, id: h.next, hooks: hooks}
	h.peers[p.id] = p
	h.mu.Unlock()
	if err := p.call("new", map[string]any{"trickle": trickle}, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// browserPeer is one RTCPeerConnection in the page.
type browserPeer struct {
	h     *browserHost
	id    int
	hooks peerHooks

	mu   sync.Mutex
	last snapshot
	hist []string
}

// rpcTimeout bounds every call; received waits inside the page for less.
const rpcTimeout = 45 * time.Second

func (p *browserPeer) call(op string, args map[string]any, result any) error {
	if args == nil {
		args = map[string]any{}
	}
	args["id"] = p.id
	return p.h.rpc.Call(rpcTimeout, op, args, result)
}

func (p *browserPeer) createChannel(label string, init webrtc.DataChannelInit) error {
	return p.call("createChannel", map[string]any{"label": label, "init": init}, nil)
}

func (p *browserPeer) offer() (d webrtc.SessionDescription, err error) {
	err = p.call("offer", nil, &d)
	return d, err
}

func (p *browserPeer) answer(offer webrtc.SessionDescription) (d webrtc.SessionDescription, err error) {
	err = p.call("answer", map[string]any{"offer": offer}, &d)
	return d, err
}

func (p *browserPeer) setAnswer(answer webrtc.SessionDescription) error {
	return p.call("setAnswer", map[string]any{"answer": answer}, nil)
}

func (p *browserPeer) addCandidate(c *webrtc.ICECandidateInit) error {
	return p.call("addCandidate", map[string]any{"candidate": c}, nil)
}

func (p *browserPeer) send(label string) error {
	return p.call("send", map[string]any{"label": label, "sender": string(p.h.kind), "seed": seedPeer,
		"texts": burstTexts, "binary": burstBinary}, nil)
}

func (p *browserPeer) received(label string, n int) (got []message, err error) {
	err = p.call("received", map[string]any{"label": label, "n": n, "ms": waitTimeout.Milliseconds()}, &got)
	return got, err
}

func (p *browserPeer) info(label string) (c channelInfo, err error) {
	err = p.call("info", map[string]any{"label": label}, &c)
	return c, err
}

// restartICE calls restartIce: the next offer restarts ICE.
func (p *browserPeer) restartICE() error { return p.call("restartIce", nil, nil) }

func (p *browserPeer) closeChannel(label string) error {
	return p.call("closeChannel", map[string]any{"label": label}, nil)
}

func (p *browserPeer) closePC() (s snapshot, err error) {
	if err = p.call("closePC", nil, &s); err == nil {
		p.mu.Lock()
		p.last = s
		p.hist = append(p.hist, "close() → "+s.String())
		p.mu.Unlock()
	}
	return s, err
}

func (p *browserPeer) snapshot() snapshot {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

func (p *browserPeer) query() (s snapshot, err error) {
	err = p.call("states", nil, &s)
	return s, err
}

func (p *browserPeer) history() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.hist...)
}

func (p *browserPeer) stop() error {
	err := p.call("stop", nil, nil)
	p.h.mu.Lock()
	delete(p.h.peers, p.id)
	p.h.mu.Unlock()
	return err
}
