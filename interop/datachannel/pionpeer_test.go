package datachannel_test

import (
	"fmt"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/pion/ice/v4"
	pion "github.com/pion/webrtc/v4"
)

// pionPeer is Pion's PeerConnection (pion/webrtc v4) as the far end.
type pionPeer struct {
	pc      *pion.PeerConnection
	mux     *ice.MultiUDPMuxDefault
	trickle bool
	hooks   peerHooks
	notify  chan struct{} // a message arrived

	mu       sync.Mutex
	channels map[string]*pion.DataChannel
	got      map[string][]message
	hist     []string
}

// pionSocketBuffer is the receive and send buffer of Pion's sockets, the
// size our driver asks for. With the kernel's default (212992 bytes here)
// a burst from us overflowed Pion's socket while its goroutines waited for
// the two cores: the kernel dropped datagrams (ss -uamp showed the
// socket's drop counter rise), and on the maxRetransmits=0 channel each
// drop was a message the sender abandoned, as RFC 3758 lets it.
const pionSocketBuffer = 4 << 20

func newPionPeer(trickle bool, hooks peerHooks) (peer, error) {
	mux, err := ice.NewMultiUDPMuxFromPort(0, ice.UDPMuxFromPortWithReadBufferSize(pionSocketBuffer),
		ice.UDPMuxFromPortWithWriteBufferSize(pionSocketBuffer), ice.UDPMuxFromPortWithLoopback())
	if err != nil {
		return nil, err
	}
	s := pion.SettingEngine{}
	s.SetIncludeLoopbackCandidate(true)
	s.SetICEUDPMux(mux)
	pc, err := pion.NewAPI(pion.WithSettingEngine(s)).NewPeerConnection(pion.Configuration{})
	if err != nil {
		mux.Close()
		return nil, err
	}
	p := &pionPeer{pc: pc, mux: mux, trickle: trickle, hooks: hooks, notify: make(chan struct{}, 1),
		channels: map[string]*pion.DataChannel{}, got: map[string][]message{}}
	pc.OnICECandidate(func(c *pion.ICECandidate) {
		if !trickle {
			return
		}
		if c == nil {
			hooks.candidate(nil)
			return
		}
		j := c.ToJSON()
		hooks.candidate(&webrtc.ICECandidateInit{Candidate: j.Candidate, SDPMid: j.SDPMid,
			SDPMLineIndex: j.SDPMLineIndex, UsernameFragment: j.UsernameFragment})
	})
	pc.OnConnectionStateChange(func(s pion.PeerConnectionState) { p.event("connection " + s.String()) })
	pc.OnICEConnectionStateChange(func(s pion.ICEConnectionState) { p.event("ice " + s.String()) })
	pc.OnSignalingStateChange(func(s pion.SignalingState) { p.event("signaling " + s.String()) })
	pc.SCTP().Transport().OnStateChange(func(s pion.DTLSTransportState) { p.event("dtls " + s.String()) })
	pc.SCTP().OnClose(func(err error) { p.event(fmt.Sprintf("sctp close (%v)", err)) })
	pc.OnDataChannel(func(dc *pion.DataChannel) {
		p.track(dc)
		p.event("datachannel " + dc.Label())
	})
	return p, nil
}

// event records what Pion reported. Pion calls some handlers with its
// own locks held (the DTLS transport's statechange), so the states are not
// read here: the waiters read them.
func (p *pionPeer) event(what string) {
	p.mu.Lock()
	p.hist = append(p.hist, what)
	p.mu.Unlock()
	p.hooks.changed()
}

func (p *pionPeer) track(dc *pion.DataChannel) {
	label := dc.Label()
	p.mu.Lock()
	p.channels[label] = dc
	p.mu.Unlock()
	dc.OnOpen(func() { p.event(label + " open") })
	dc.OnClose(func() { p.event(label + " close") })
	dc.OnError(func(err error) { p.event(fmt.Sprintf("%s error %v", label, err)) })
	dc.OnMessage(func(m pion.DataChannelMessage) {
		msg := binaryMessage(m.Data)
		if m.IsString {
			msg = message{Text: string(m.Data)}
		}
		p.mu.Lock()
		p.got[label] = append(p.got[label], msg)
		p.mu.Unlock()
		select {
		case p.notify <- struct{}{}:
		default:
		}
	})
}

func toPionInit(init webrtc.DataChannelInit) *pion.DataChannelInit {
	out := &pion.DataChannelInit{Ordered: init.Ordered, MaxPacketLifeTime: init.MaxPacketLifeTime,
		MaxRetransmits: init.MaxRetransmits, ID: init.ID}
	if init.Negotiated {
		t := true
		out.Negotiated = &t
	}
	return out
}

func (p *pionPeer) createChannel(label string, init webrtc.DataChannelInit) error {
	dc, err := p.pc.CreateDataChannel(label, toPionInit(init))
	if err != nil {
		return err
	}
	p.track(dc)
	return nil
}

// local applies desc and, without trickle, waits for gathering to
// complete so that the description carries every candidate.
func (p *pionPeer) local(desc pion.SessionDescription) (webrtc.SessionDescription, error) {
	gathered := pion.GatheringCompletePromise(p.pc)
	if err := p.pc.SetLocalDescription(desc); err != nil {
		return webrtc.SessionDescription{}, err
	}
	if !p.trickle {
		select {
		case <-gathered:
		case <-time.After(waitTimeout):
			return webrtc.SessionDescription{}, fmt.Errorf("gathering did not complete in %v", waitTimeout)
		}
	}
	d := p.pc.LocalDescription()
	t, err := webrtc.ParseSDPType(d.Type.String())
	return webrtc.SessionDescription{Type: t, SDP: d.SDP}, err
}

func (p *pionPeer) offer() (webrtc.SessionDescription, error) {
	o, err := p.pc.CreateOffer(nil)
	if err != nil {
		return webrtc.SessionDescription{}, err
	}
	return p.local(o)
}

func (p *pionPeer) answer(offer webrtc.SessionDescription) (webrtc.SessionDescription, error) {
	if err := p.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeOffer, SDP: offer.SDP}); err != nil {
		return webrtc.SessionDescription{}, err
	}
	a, err := p.pc.CreateAnswer(nil)
	if err != nil {
		return webrtc.SessionDescription{}, err
	}
	return p.local(a)
}

func (p *pionPeer) setAnswer(answer webrtc.SessionDescription) error {
	return p.pc.SetRemoteDescription(pion.SessionDescription{Type: pion.SDPTypeAnswer, SDP: answer.SDP})
}

func (p *pionPeer) addCandidate(c *webrtc.ICECandidateInit) error {
	if c == nil {
		return p.pc.AddICECandidate(pion.ICECandidateInit{})
	}
	return p.pc.AddICECandidate(pion.ICECandidateInit{Candidate: c.Candidate, SDPMid: c.SDPMid,
		SDPMLineIndex: c.SDPMLineIndex, UsernameFragment: c.UsernameFragment})
}

func (p *pionPeer) channel(label string) (*pion.DataChannel, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	dc := p.channels[label]
	if dc == nil {
		return nil, fmt.Errorf("pion has no channel %q", label)
	}
	return dc, nil
}

func (p *pionPeer) send(label string) error {
	dc, err := p.channel(label)
	if err != nil {
		return err
	}
	for i := range burstTexts {
		if err := dc.SendText(burstText(label, "pion", i)); err != nil {
			return fmt.Errorf("SendText %d: %w", i, err)
		}
	}
	return dc.Send(pattern(burstBinary, seedPeer))
}

func (p *pionPeer) received(label string, n int) ([]message, error) {
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		got := append([]message(nil), p.got[label]...)
		p.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-p.notify:
		case <-deadline.C:
			return got, nil
		}
	}
}

func optInt(v *uint16) *int {
	if v == nil {
		return nil
	}
	i := int(*v)
	return &i
}

func (p *pionPeer) info(label string) (channelInfo, error) {
	dc, err := p.channel(label)
	if err != nil {
		return channelInfo{}, err
	}
	return channelInfo{ID: optInt(dc.ID()), Ordered: dc.Ordered(), MaxRetransmits: optInt(dc.MaxRetransmits()),
		MaxPacketLifeTime: optInt(dc.MaxPacketLifeTime()), Negotiated: dc.Negotiated()}, nil
}

func (p *pionPeer) closeChannel(label string) error {
	dc, err := p.channel(label)
	if err != nil {
		return err
	}
	return dc.Close()
}

func (p *pionPeer) closePC() (snapshot, error) {
	err := p.pc.Close()
	s := p.snapshot()
	p.mu.Lock()
	p.hist = append(p.hist, "Close() → "+s.String())
	p.mu.Unlock()
	return s, err
}

func (p *pionPeer) snapshot() snapshot {
	p.mu.Lock()
	chans := make(map[string]*pion.DataChannel, len(p.channels))
	for l, dc := range p.channels {
		chans[l] = dc
	}
	p.mu.Unlock()
	s := snapshot{Connection: p.pc.ConnectionState().String(), ICE: p.pc.ICEConnectionState().String(),
		Signaling: p.pc.SignalingState().String(), DTLS: p.pc.SCTP().Transport().State().String(),
		SCTP: p.pc.SCTP().State().String(), Channels: map[string]string{}}
	for l, dc := range chans {
		s.Channels[l] = dc.ReadyState().String()
	}
	return s
}

func (p *pionPeer) query() (snapshot, error) { return p.snapshot(), nil }

func (p *pionPeer) history() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.hist...)
}

func (p *pionPeer) stop() error {
	err := p.pc.Close()
	if e := p.mux.Close(); err == nil {
		err = e
	}
	return err
}
