// The data-channel interop matrix: our PeerConnection against headless
// Chromium, Firefox ESR and Pion (pion/webrtc v4), with Go as offerer and
// as answerer, over trickle and non-trickle signalling. Every session
// opens reliable, unordered, maxRetransmits=0, maxPacketLifeTime and
// negotiated channels, sends 1,000 text messages and a 256 KiB binary
// message each way on each and checks them, closes channels from both
// sides, and ends with one side closing its PeerConnection.
package datachannel_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc"
	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	"github.com/c4c1f6e1/webrtc/interop/browser"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// waitTimeout bounds every wait for the other side: generous, since the
// browsers share two cores with the race detector.
const waitTimeout = 30 * time.Second

// closer says how a channel ends.
type closer int

const (
	goCloses   closer = iota // Go's close() starts the closing procedure
	peerCloses               // the peer's close() does
	withPC                   // it stays open until a PeerConnection closes
)

// channelKind is one channel of every session.
type channelKind struct {
	label string
	init  webrtc.DataChannelInit
	close closer
}

func ptr[T any](v T) *T { return &v }

// kinds are opened in order. The first is created by the offerer before
// the offer (it brings the m=application section); the others by the
// answerer once connected, so that both sides create channels (and both
// stream-id parities are used) in every session. A negotiated channel is
// created on both sides with the same id.
var kinds = []channelKind{
	{"reliable", webrtc.DataChannelInit{}, withPC},
	{"unordered", webrtc.DataChannelInit{Ordered: ptr(false)}, goCloses},
	{"rexmit0", webrtc.DataChannelInit{MaxRetransmits: ptr[uint16](0)}, peerCloses},
	// A lifetime as long as waitTimeout: a message given up in the test
	// is then a loss, never an expiry. With 3000 ms, Chromium's 256 KiB
	// message once did not arrive while the whole interop module ran
	// (no kernel drop counted).
	{"lifetime", webrtc.DataChannelInit{MaxPacketLifeTime: ptr[uint16](30000)}, goCloses},
	{"negotiated", webrtc.DataChannelInit{Negotiated: true, ID: ptr[uint16](100)}, peerCloses},
}

// TestDataChannels runs the matrix. A browser is launched once and its page
// runs the sessions one after another, each on a new RTCPeerConnection.
// The peers run one after another too: in parallel, the race-instrumented
// Go side of one starved another's network thread on the two cores, its
// UDP receive buffer (128 KiB in Chromium, 208 KiB in Firefox) overflowed
// during our bursts, and the maxRetransmits=0 channel lost the dropped
// messages, as RFC 3758 lets it. Names say the case:
// TestDataChannels/chromium/go-offers/trickle/unordered.
//
// The session that trickles ends with Go closing its PeerConnection, the
// non-trickle one with the peer closing its own, so that each peer and
// each role sees both closes.
func TestDataChannels(t *testing.T) {
	peers := []struct {
		name  string
		start func(*testing.T) newPeerFunc
	}{
		{string(browser.Chromium), func(t *testing.T) newPeerFunc { return startBrowser(t, browser.Chromium).newPeer }},
		{string(browser.Firefox), func(t *testing.T) newPeerFunc { return startBrowser(t, browser.Firefox).newPeer }},
		{"pion", func(*testing.T) newPeerFunc { return newPionPeer }},
	}
	for _, p := range peers {
		t.Run(p.name, func(t *testing.T) {
			newPeer := p.start(t)
			for _, goOffers := range []bool{true, false} {
				role := "go-answers"
				if goOffers {
					role = "go-offers"
				}
				t.Run(role, func(t *testing.T) {
					for _, trickle := range []bool{true, false} {
						sig := "non-trickle"
						if trickle {
							sig = "trickle"
						}
						t.Run(sig, func(t *testing.T) { runSession(t, p.name, newPeer, goOffers, trickle) })
					}
				})
			}
		})
	}
}

// session is one PeerConnection of ours connected to one of the peer's.
type session struct {
	t                 *testing.T
	peerName          string
	pc                *webrtc.PeerConnection
	peer              peer
	goOffers, trickle bool
	goDTLSClient      bool
	changed           chan struct{}
	toPeer, toUs      *candidatePipe

	mu          sync.Mutex
	channels    map[string]*webrtc.DataChannel
	got         map[string][]message
	closeEvents map[string]int
	closingSeen map[string]int
	errorSeen   map[string]int
	hist        []string
}

func runSession(t *testing.T, peerName string, newPeer newPeerFunc, goOffers, trickle bool) {
	ctx := context.Background()
	s := &session{t: t, peerName: peerName, goOffers: goOffers, trickle: trickle, changed: make(chan struct{}, 1),
		channels: map[string]*webrtc.DataChannel{}, got: map[string][]message{},
		closeEvents: map[string]int{}, closingSeen: map[string]int{}, errorSeen: map[string]int{}}
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	s.pc = pc
	defer pc.Close()
	s.toPeer = newCandidatePipe(func(c *webrtc.ICECandidateInit) error { return s.peer.addCandidate(c) })
	s.toUs = newCandidatePipe(func(c *webrtc.ICECandidateInit) error { return pc.AddICECandidate(ctx, c) })
	defer s.toPeer.close()
	defer s.toUs.close()
	pc.OnConnectionStateChange(func(c webrtc.PeerConnectionState) { s.event("connection " + c.String()) })
	pc.OnICEConnectionStateChange(func(c webrtc.ICEConnectionState) { s.event("ice " + c.String()) })
	pc.OnSignalingStateChange(func(c webrtc.SignalingState) { s.event("signaling " + c.String()) })
	pc.DTLSTransport().OnStateChange(func(c webrtc.DTLSTransportState) { s.event("dtls " + c.String()) })
	pc.OnDataChannel(func(dc *webrtc.DataChannel) {
		s.track(dc)
		s.event("datachannel " + dc.Label())
	})
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if !trickle {
			return
		}
		if c == nil {
			s.toPeer.push(nil)
			return
		}
		init := c.ToJSON()
		s.toPeer.push(&init)
	})
	p, err := newPeer(trickle, peerHooks{changed: s.notify, candidate: func(c *webrtc.ICECandidateInit) {
		if trickle {
			s.toUs.push(c)
		}
	}})
	if err != nil {
		t.Fatalf("starting %s's PeerConnection: %v", peerName, err)
	}
	s.peer = p
	defer func() {
		if err := p.stop(); err != nil {
			t.Logf("stopping %s's PeerConnection: %v", peerName, err)
		}
	}()

	s.negotiate(ctx)
	s.waitFor("both sides to report connectionState connected", func(o, p snapshot) bool {
		return o.Connection == "connected" && p.Connection == "connected"
	})
	if trickle {
		s.checkTrickle()
	}
	for _, k := range kinds {
		if !s.run(k.label, func() { s.channel(k) }) {
			return
		}
	}
	if trickle {
		s.run("go-closes-pc", s.goClosesPC)
	} else {
		s.run(peerName+"-closes-pc", s.peerClosesPC)
	}
}

// run runs f as a subtest with s.t set to it.
func (s *session) run(name string, f func()) bool {
	parent := s.t
	defer func() { s.t = parent }()
	return parent.Run(name, func(t *testing.T) {
		s.t = t
		f()
	})
}

// negotiate creates the first channel on the offerer, exchanges offer and
// answer, and starts the candidate pipes once each side has the
// description the candidates belong to.
func (s *session) negotiate(ctx context.Context) {
	first := kinds[0]
	var offer, answer webrtc.SessionDescription
	var err error
	if s.goOffers {
		s.create(first)
		offer = s.ourDescription(ctx)
		if answer, err = s.peer.answer(offer); err != nil {
			s.fatalf("%s could not answer our offer: %v\n%s", s.peerName, err, offer.SDP)
		}
		s.toPeer.start()
		if err := s.pc.SetRemoteDescription(ctx, answer); err != nil {
			s.fatalf("SetRemoteDescription(%s's answer): %v\n%s", s.peerName, err, answer.SDP)
		}
		s.toUs.start()
	} else {
		if err := s.peer.createChannel(first.label, first.init); err != nil {
			s.fatalf("%s: createDataChannel(%q): %v", s.peerName, first.label, err)
		}
		if offer, err = s.peer.offer(); err != nil {
			s.fatalf("%s could not make an offer: %v", s.peerName, err)
		}
		if err := s.pc.SetRemoteDescription(ctx, offer); err != nil {
			s.fatalf("SetRemoteDescription(%s's offer): %v\n%s", s.peerName, err, offer.SDP)
		}
		s.toUs.start()
		answer = s.ourDescription(ctx)
		if err := s.peer.setAnswer(answer); err != nil {
			s.fatalf("%s rejected our answer: %v\n%s", s.peerName, err, answer.SDP)
		}
		s.toPeer.start()
	}
	if sctp := s.pc.SCTP(); sctp != nil {
		sctp.OnStateChange(func(c webrtc.SCTPTransportState) { s.event("sctp " + c.String()) })
	} else {
		s.fatalf("no SCTP transport after the answer")
	}
	// RFC 8842 §5.3: the answerer's a=setup:active makes it the DTLS
	// client; passive makes the offerer the client.
	answererClient := strings.Contains(answer.SDP, "a=setup:active")
	s.goDTLSClient = answererClient != s.goOffers
	nOffer, nAnswer := strings.Count(offer.SDP, "a=candidate:"), strings.Count(answer.SDP, "a=candidate:")
	if !s.trickle && (nOffer == 0 || nAnswer == 0) {
		s.fatalf("non-trickle: the offer has %d candidates and the answer %d; both must carry them", nOffer, nAnswer)
	}
	s.t.Logf("# offer with %d candidates, answer with %d (trickle %v); Go is the DTLS %s",
		nOffer, nAnswer, s.trickle, dtlsRole(s.goDTLSClient))
}

func dtlsRole(client bool) string {
	if client {
		return "client"
	}
	return "server"
}

// checkTrickle checks that each side's trickled candidates and its
// end-of-candidates reached the other side without an error.
func (s *session) checkTrickle() {
	for _, p := range []struct {
		from, to string
		pipe     *candidatePipe
	}{{"go", s.peerName, s.toPeer}, {s.peerName, "go", s.toUs}} {
		n, eoc, err := p.pipe.wait(waitTimeout)
		if err != nil || !eoc || n == 0 {
			s.fatalf("%s trickled %d candidates to %s (end-of-candidates %v, error %v)", p.from, n, p.to, eoc, err)
		}
		s.t.Logf("# %s trickled %d candidates and end-of-candidates to %s", p.from, n, p.to)
	}
}

// ourDescription applies our offer or answer and returns what we signal:
// at once with trickle, after gathering completed without.
func (s *session) ourDescription(ctx context.Context) webrtc.SessionDescription {
	gathered := make(chan struct{})
	var once sync.Once
	s.pc.OnICEGatheringStateChange(func(g webrtc.ICEGatheringState) {
		s.event("gathering " + g.String())
		if g == webrtc.ICEGatheringStateComplete {
			once.Do(func() { close(gathered) })
		}
	})
	if err := s.pc.SetLocalDescription(ctx, nil); err != nil {
		s.fatalf("SetLocalDescription: %v", err)
	}
	if !s.trickle && s.pc.ICEGatheringState() != webrtc.ICEGatheringStateComplete {
		select {
		case <-gathered:
		case <-time.After(waitTimeout):
			s.fatalf("our gathering did not complete in %v (state %s)", waitTimeout, s.pc.ICEGatheringState())
		}
	}
	return *s.pc.LocalDescription()
}

// create makes a channel on our side.
func (s *session) create(k channelKind) *webrtc.DataChannel {
	init := k.init
	dc, err := s.pc.CreateDataChannel(k.label, &init)
	if err != nil {
		s.fatalf("CreateDataChannel(%q): %v", k.label, err)
	}
	s.track(dc)
	return dc
}

// channel opens one kind of channel, checks its attributes on both sides,
// sends each side's burst, checks what arrived, and closes it as the kind
// says.
func (s *session) channel(k channelKind) {
	label := k.label
	switch {
	case label == kinds[0].label:
		// Created by the offerer before the offer.
	case k.init.Negotiated:
		s.create(k)
		if err := s.peer.createChannel(label, k.init); err != nil {
			s.fatalf("%s: createDataChannel(%q, negotiated): %v", s.peerName, label, err)
		}
	case s.goOffers:
		if err := s.peer.createChannel(label, k.init); err != nil {
			s.fatalf("%s: createDataChannel(%q): %v", s.peerName, label, err)
		}
	default:
		s.create(k)
	}
	s.waitOpen(label)
	s.checkInfo(k)

	t := s.t
	t.Logf("# %q: %d text messages and a %d KiB binary message each way", label, burstTexts, burstBinary>>10)
	dropsBefore := udpReceiveBufferErrors()
	dropped := func() int64 {
		now := udpReceiveBufferErrors()
		if now < 0 || dropsBefore < 0 {
			return 0
		}
		return now - dropsBefore
	}
	drops := func() string {
		now := udpReceiveBufferErrors()
		if now < 0 || dropsBefore < 0 {
			return "(the kernel's UDP receive-buffer drop counter is not readable)"
		}
		return fmt.Sprintf("(the kernel dropped %d UDP datagrams on this machine for lack of receive buffer since the burst began)", now-dropsBefore)
	}
	peerSent := make(chan error, 1)
	go func() { peerSent <- s.peer.send(label) }()
	dc := s.dc(label)
	partial := k.init.MaxRetransmits != nil || k.init.MaxPacketLifeTime != nil
	for i := range burstTexts {
		if err := dc.SendText(burstText(label, "go", i)); err != nil {
			s.fatalf("SendText %d on %q: %v", i, label, err)
		}
		if partial && (i+1)%paceTexts == 0 {
			s.paced(label, i+1, drops)
		}
	}
	if err := dc.Send(pattern(burstBinary, seedGo)); err != nil {
		s.fatalf("Send(%d KiB) on %q: %v", burstBinary>>10, label, err)
	}
	if err := <-peerSent; err != nil {
		s.fatalf("%s sending on %q: %v", s.peerName, label, err)
	}
	ordered := k.init.Ordered == nil || *k.init.Ordered
	n := burstTexts + 1
	wantOurs := burst(label, s.peerName, seedPeer)
	// On a partially reliable channel the binary message is the one
	// burst no pacing can split: when the kernel dropped datagrams during
	// the burst, its loss is what maxRetransmits=0 and maxPacketLifeTime
	// promise (RFC 3758: abandoned, not retransmitted), and it is logged
	// rather than failed. Every text message must still arrive.
	lostBinary := func(got, want []message) bool {
		return partial && dropped() > 0 && checkReceived(got, want[:len(want)-1], ordered) == ""
	}
	if !s.waitUntil(waitTimeout, func(snapshot, snapshot) bool { return s.count(label) >= n }) && !lostBinary(s.messages(label), wantOurs) {
		s.fatalf("timed out after %v waiting for the %d messages %s sent on %q so far: %s %s",
			waitTimeout, n, s.peerName, label, checkReceived(s.messages(label), wantOurs, ordered), drops())
	}
	gotOurs := s.messages(label)
	if d := checkReceived(gotOurs, wantOurs, ordered); d != "" {
		if !lostBinary(gotOurs, wantOurs) {
			s.fatalf("what Go received on %q from %s: %s %s", label, s.peerName, d, drops())
		}
		t.Logf("# %q: %s's binary message was lost %s, and not retransmitted on this channel", label, s.peerName, drops())
	}
	gotPeer, err := s.peer.received(label, n)
	if err != nil {
		s.fatalf("%s's messages on %q: %v", s.peerName, label, err)
	}
	wantPeer := burst(label, "go", seedGo)
	if d := checkReceived(gotPeer, wantPeer, ordered); d != "" {
		if !lostBinary(gotPeer, wantPeer) {
			s.fatalf("what %s received on %q from Go: %s %s", s.peerName, label, d, drops())
		}
		t.Logf("# %q: Go's binary message to %s was lost %s, and not retransmitted on this channel", label, s.peerName, drops())
	}
	t.Logf("# %q: %d of %d messages arrived at Go, %d of %d at %s (out of order: %d at Go, %d at %s)",
		label, len(gotOurs), n, len(gotPeer), n, s.peerName, reordered(gotOurs, wantOurs), reordered(gotPeer, wantPeer), s.peerName)

	switch k.close {
	case goCloses:
		t.Logf("# Go closes %q", label)
		if err := dc.Close(); err != nil {
			s.fatalf("Close(%q): %v", label, err)
		}
		if st := dc.ReadyState(); st != webrtc.DataChannelStateClosing && st != webrtc.DataChannelStateClosed {
			s.fatalf("readyState right after close() is %s; §6.2 close sets closing", st)
		}
	case peerCloses:
		t.Logf("# %s closes %q", s.peerName, label)
		if err := s.peer.closeChannel(label); err != nil {
			s.fatalf("%s: close(%q): %v", s.peerName, label, err)
		}
	case withPC:
		return
	}
	s.waitFor(fmt.Sprintf("channel %q closed on both sides, with our close event", label), func(o, p snapshot) bool {
		return o.Channels[label] == "closed" && p.Channels[label] == "closed" && s.closes(label) > 0
	})
	s.mu.Lock()
	closes, closings, errs := s.closeEvents[label], s.closingSeen[label], s.errorSeen[label]
	s.mu.Unlock()
	// §6.2.4 step 4: the side that did not call close() goes through
	// "closing" and fires closing; §6.2.5 fires close once.
	wantClosing := 0
	if k.close == peerCloses {
		wantClosing = 1
	}
	if closes != 1 || closings != wantClosing || errs != 0 {
		s.fatalf("our %q fired close %d times, closing %d times and error %d times; want 1, %d and 0",
			label, closes, closings, errs, wantClosing)
	}
	if err := dc.SendText("after close"); err == nil {
		s.fatalf("SendText on the closed %q succeeded", label)
	}
}

// paceTexts is how many text messages Go sends on a partially reliable
// channel before it waits for the peer to have them all. Our stack sends
// each message in its own datagram, so a burst of 1,000 is 1,000
// datagrams back to back: now and then Chromium's socket (128 KiB
// receive buffer) overflowed while its network thread waited for a core,
// the kernel dropped some (RcvbufErrors rose by 169 in one such burst),
// and maxRetransmits=0 gave those messages up, as RFC 3758 lets it. Fifty
// small datagrams fit in any peer's buffer, so the path stays lossless
// and every message must still arrive. Reliable channels send the whole
// burst at once: their losses are retransmitted.
const paceTexts = 50

// paced waits until the peer has received the first n messages Go sent.
func (s *session) paced(label string, n int, drops func() string) {
	got, err := s.peer.received(label, n)
	if err != nil {
		s.fatalf("%s's messages on %q: %v", s.peerName, label, err)
	}
	ours := 0
	for _, m := range got {
		if strings.HasPrefix(m.Text, label+" go ") {
			ours++
		}
	}
	if ours < n {
		s.fatalf("%s has %d of the first %d messages Go sent on %q %s", s.peerName, ours, n, label, drops())
	}
}

func (s *session) waitOpen(label string) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("channel %q open on both sides", label), func(o, p snapshot) bool {
		return o.Channels[label] == "open" && p.Channels[label] == "open"
	})
}

// checkInfo compares both sides' view of a channel with the kind.
func (s *session) checkInfo(k channelKind) {
	dc := s.dc(k.label)
	id, ok := dc.ID()
	ours := channelInfo{Ordered: dc.Ordered(), Negotiated: dc.Negotiated()}
	if ok {
		ours.ID = ptr(int(id))
	}
	if v, ok := dc.MaxRetransmits(); ok {
		ours.MaxRetransmits = ptr(int(v))
	}
	if v, ok := dc.MaxPacketLifeTime(); ok {
		ours.MaxPacketLifeTime = ptr(int(v))
	}
	theirs, err := s.peer.info(k.label)
	if err != nil {
		s.fatalf("%s: channel %q: %v", s.peerName, k.label, err)
	}
	want := channelInfo{ID: ours.ID, Ordered: k.init.Ordered == nil || *k.init.Ordered, Negotiated: k.init.Negotiated}
	if k.init.MaxRetransmits != nil {
		want.MaxRetransmits = ptr(int(*k.init.MaxRetransmits))
	}
	if k.init.MaxPacketLifeTime != nil {
		want.MaxPacketLifeTime = ptr(int(*k.init.MaxPacketLifeTime))
	}
	// Negotiated is the creating side's flag: a channel announced with
	// DCEP is negotiated=false on both sides.
	if ours.String() != want.String() || theirs.String() != want.String() {
		s.fatalf("channel %q:\n  go:   %v\n  %s: %v\n  want: %v", k.label, ours, s.peerName, theirs, want)
	}
	// RFC 8832 §6: the DTLS client uses even stream ids, the server odd.
	if !k.init.Negotiated {
		creator, creatorClient := s.peerName, !s.goDTLSClient
		if (k.label == kinds[0].label) == s.goOffers {
			creator, creatorClient = "go", s.goDTLSClient
		}
		if (id%2 == 0) != creatorClient {
			s.fatalf("channel %q has id %d, but its creator %s is the DTLS %s", k.label, id, creator, dtlsRole(creatorClient))
		}
	} else if id != *k.init.ID {
		s.fatalf("negotiated channel has id %d, want %d", id, *k.init.ID)
	}
	s.t.Logf("# %q open: %v", k.label, ours)
}

// goClosesPC closes our PeerConnection: we must report closed at once
// (§4.4.2 close), and the peer sees the ABORT and close_notify.
func (s *session) goClosesPC() {
	label := kinds[0].label
	s.waitOpen(label)
	mark, ourMark := len(s.peer.history()), len(s.history())
	if err := s.pc.Close(); err != nil {
		s.fatalf("Close: %v", err)
	}
	o := s.ours()
	s.t.Logf("# Go closed its PeerConnection: %v", o)
	s.checkClosedSide("go", o)
	s.waitFor(fmt.Sprintf("%s's channel %q, SCTP and DTLS transports to close", s.peerName, label), func(_, p snapshot) bool {
		return p.Channels[label] == "closed" && p.SCTP == "closed" && p.DTLS == "closed"
	})
	s.t.Logf("# %s reported after our close:\n%s", s.peerName, indent(s.peer.history()[mark:]))
	s.checkOpenSide(s.peerName, s.peer.snapshot())
	// §4.4.2: close() fires no event, and our handlers see nothing after.
	if h := s.history(); len(h) != ourMark {
		s.fatalf("events fired on our side after close():\n%s", indent(h[ourMark:]))
	}
}

// peerClosesPC closes the peer's PeerConnection: it must report closed,
// and our channel, SCTP and DTLS transports must reach closed.
func (s *session) peerClosesPC() {
	label := kinds[0].label
	s.waitOpen(label)
	mark := len(s.history())
	p, err := s.peer.closePC()
	if err != nil {
		s.fatalf("%s: close(): %v", s.peerName, err)
	}
	s.t.Logf("# %s closed its PeerConnection: %v", s.peerName, p)
	s.checkClosedSide(s.peerName, p)
	s.waitFor(fmt.Sprintf("our channel %q and SCTP transport to close", label), func(o, _ snapshot) bool {
		return o.Channels[label] == "closed" && o.SCTP == "closed" && s.closes(label) > 0
	})
	// Our DTLS transport closes on the peer's close_notify (§5.5), which
	// follows the ABORT at once; a peer known to leave it out at times
	// gets a short wait only.
	dtlsWait := waitTimeout
	if knownDeviations[s.peerName]["no-close-notify"] != "" {
		dtlsWait = 2 * time.Second
	}
	dtlsClosed := s.waitUntil(dtlsWait, func(o, _ snapshot) bool { return o.DTLS == "closed" })
	s.require(s.peerName, "no-close-notify", dtlsClosed, "our DTLS transport is %q %v after the peer's close(): no close_notify came",
		s.ours().DTLS, dtlsWait)
	s.t.Logf("# Go reported after %s's close:\n%s", s.peerName, indent(s.history()[mark:]))
	s.checkOpenSide("go", s.ours())
	s.mu.Lock()
	closes, errs := s.closeEvents[label], s.errorSeen[label]
	s.mu.Unlock()
	// §6.2.5: close fires once; error only if the transport closed with
	// one, and an ABORT with User-Initiated Abort ends it on purpose.
	if closes != 1 || errs != 0 {
		s.fatalf("our %q fired close %d times and error %d times; want 1 and 0", label, closes, errs)
	}
	if later, err := s.peer.query(); err == nil {
		s.t.Logf("# %s's states once we saw its close: %v", s.peerName, later)
	}
}

// knownDeviations are the places where a peer, as measured on this
// machine (Chromium 156, Firefox ESR 153, Pion v4.2.20), does not do what
// the W3C text says. The checks accept exactly these, for that peer only,
// and log them when they show; anything else fails.
var knownDeviations = map[string]map[string]string{
	string(browser.Chromium): {
		"close-channels": "close() leaves the channels' readyState as it was; §4.4.2 step 5 sets them closed at once",
	},
	string(browser.Firefox): {
		"close-channels":   "close() leaves the channels' readyState as it was; §4.4.2 step 5 sets them closed at once",
		"close-transports": "close() leaves pc.sctp.state and its transport's state as they were; §4.4.2 steps 6–7 set them closed",
	},
	"pion": {
		// Seen in about one close in ten: the ABORT arrives, then no DTLS
		// record at all (logged at our driver's input while measuring).
		"close-ice":       "right after Close() returns Pion's iceConnectionState may still read connected (it changes in a callback later); §4.4.2 step 10 sets closed at once",
		"no-close-notify": "Pion's close() sometimes sends the SCTP ABORT but no close_notify, so our DTLS transport stays connected (§5.5: closed comes with close_notify) until ICE consent fails",
		"peer-closed":     "Pion closes its own PeerConnection when the peer's close_notify arrives (signalingState closed, then ICE and connectionState closed); §4.3.3 derives connectionState from ICE and DTLS, and only close() gives closed",
	},
}

// require fails unless ok, or the failure is a known deviation of who.
func (s *session) require(who, deviation string, ok bool, format string, args ...any) {
	s.t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if d := knownDeviations[who][deviation]; d != "" {
		s.t.Logf("# known deviation of %s: %s (seen: %s)", who, d, msg)
		return
	}
	s.fatalf("%s: %s", who, msg)
}

// checkClosedSide checks the side that called close(): §4.4.2 "close the
// connection" sets every state to closed at once, without events.
func (s *session) checkClosedSide(who string, st snapshot) {
	s.t.Helper()
	for what, v := range map[string]string{"connectionState": st.Connection, "signalingState": st.Signaling} {
		s.require(who, "", v == "closed", "%s %q after close(); §4.4.2 sets closed", what, v)
	}
	s.require(who, "close-ice", st.ICE == "closed", "iceConnectionState %q after close(); §4.4.2 sets closed", st.ICE)
	s.require(who, "close-transports", st.DTLS == "closed" && st.SCTP == "closed",
		"after close() the DTLS transport is %q and the SCTP transport %q; §4.4.2 sets closed", st.DTLS, st.SCTP)
	for l, v := range st.Channels {
		s.require(who, "close-channels", v == "closed", "channel %q %q after close(); §4.4.2 sets closed", l, v)
	}
}

// checkOpenSide checks the side whose peer closed: its transports closed
// (§6.1.1.1: ABORT received or DTLS closed; §5.5: close_notify received),
// but its own connection was not closed, so connectionState is what
// §4.3.3 derives from its ICE and DTLS states — never "closed", which
// only close() gives — and signalingState is not "closed".
func (s *session) checkOpenSide(who string, st snapshot) {
	s.t.Helper()
	want := specConnectionState(st.ICE, st.DTLS)
	s.require(who, "peer-closed", st.Connection == want && st.Signaling != "closed",
		"connectionState %q and signalingState %q with ICE %q and DTLS %q; §4.3.3 gives %q, and only close() closes signaling",
		st.Connection, st.Signaling, st.ICE, st.DTLS, want)
}

// specConnectionState is the §4.3.3 RTCPeerConnectionState table for one
// ICE and one DTLS transport, the ICE state being the aggregate
// iceConnectionState.
func specConnectionState(ice, dtls string) string {
	switch {
	case ice == "closed":
		return "closed"
	case ice == "failed" || dtls == "failed":
		return "failed"
	case ice == "disconnected":
		return "disconnected"
	case ice == "new" && (dtls == "new" || dtls == "closed"):
		return "new"
	case (ice == "connected" || ice == "completed") && (dtls == "connected" || dtls == "closed"):
		return "connected"
	}
	return "connecting"
}

func indent(lines []string) string {
	if len(lines) == 0 {
		return "    (nothing)"
	}
	return "    " + strings.Join(lines, "\n    ")
}

// track follows one of our channels: its events and its messages.
func (s *session) track(dc *webrtc.DataChannel) {
	label := dc.Label()
	s.mu.Lock()
	s.channels[label] = dc
	s.mu.Unlock()
	dc.OnOpen(func() { s.event(label + " open") })
	dc.OnClosing(func() {
		s.mu.Lock()
		s.closingSeen[label]++
		s.mu.Unlock()
		s.event(label + " closing")
	})
	dc.OnClose(func() {
		s.mu.Lock()
		s.closeEvents[label]++
		s.mu.Unlock()
		s.event(label + " close")
	})
	dc.OnError(func(err error) {
		s.mu.Lock()
		s.errorSeen[label]++
		s.mu.Unlock()
		s.event(fmt.Sprintf("%s error %v", label, err))
	})
	dc.OnMessage(func(m webrtc.DataChannelMessage) {
		msg := binaryMessage(m.Data)
		if m.IsString {
			msg = message{Text: string(m.Data)}
		}
		s.mu.Lock()
		s.got[label] = append(s.got[label], msg)
		s.mu.Unlock()
		s.notify()
	})
}

func (s *session) dc(label string) *webrtc.DataChannel {
	s.mu.Lock()
	defer s.mu.Unlock()
	dc := s.channels[label]
	if dc == nil {
		s.t.Fatalf("BUG: no channel %q on our side", label)
	}
	return dc
}

func (s *session) count(label string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got[label])
}

func (s *session) messages(label string) []message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]message(nil), s.got[label]...)
}

func (s *session) closes(label string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closeEvents[label]
}

// event records one of our events with the states after it.
func (s *session) event(what string) {
	st := s.ours()
	s.mu.Lock()
	s.hist = append(s.hist, what+" → "+st.String())
	s.mu.Unlock()
	s.notify()
}

func (s *session) history() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hist...)
}

func (s *session) notify() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// ours returns our side's states.
func (s *session) ours() snapshot {
	pc := s.pc
	st := snapshot{Connection: pc.ConnectionState().String(), ICE: pc.ICEConnectionState().String(),
		Signaling: pc.SignalingState().String(), DTLS: pc.DTLSTransport().State().String(),
		Channels: map[string]string{}}
	if t := pc.SCTP(); t != nil {
		st.SCTP = t.State().String()
	}
	s.mu.Lock()
	chans := make(map[string]*webrtc.DataChannel, len(s.channels))
	for l, dc := range s.channels {
		chans[l] = dc
	}
	s.mu.Unlock()
	for l, dc := range chans {
		st.Channels[l] = dc.ReadyState().String()
	}
	return st
}

// waitFor waits until cond holds for both sides' states, failing after
// waitTimeout with both sides' states and recent events.
func (s *session) waitFor(what string, cond func(ours, theirs snapshot) bool) {
	s.t.Helper()
	s.waitForDetail(what, cond, func() string { return "" })
}

// waitForDetail is waitFor with more to say on a timeout.
func (s *session) waitForDetail(what string, cond func(ours, theirs snapshot) bool, detail func() string) {
	s.t.Helper()
	if !s.waitUntil(waitTimeout, cond) {
		s.fatalf("timed out after %v waiting for %s %s", waitTimeout, what, detail())
	}
}

// waitUntil waits until cond holds or timeout passes, and says which.
func (s *session) waitUntil(timeout time.Duration, cond func(ours, theirs snapshot) bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for !cond(s.ours(), s.peer.snapshot()) {
		select {
		case <-s.changed:
		case <-timer.C:
			return false
		}
	}
	return true
}

// fatalf fails the test with both sides' states and their last events.
func (s *session) fatalf(format string, args ...any) {
	s.t.Helper()
	var peerState snapshot
	var peerHist []string
	if s.peer != nil {
		peerState, peerHist = s.peer.snapshot(), s.peer.history()
	}
	s.t.Fatalf("%s\n  go:   %v\n  %s: %v\n  go's last events:\n%s\n  %s's last events:\n%s",
		fmt.Sprintf(format, args...), s.ours(), s.peerName, peerState, indent(last(s.history(), 12)),
		s.peerName, indent(last(peerHist, 12)))
}

func last(h []string, n int) []string { return h[max(0, len(h)-n):] }
