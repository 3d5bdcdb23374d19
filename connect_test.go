package webrtc

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// signaller carries from's candidates to to, as a signalling channel
// would: candidates gathered before to has a remote description wait in a
// queue until start.
type signaller struct {
	mu    sync.Mutex
	to    *PeerConnection
	queue []*ICECandidate
	live  bool
}

func trickle(from, to *PeerConnection) *signaller {
	s := &signaller{to: to}
	from.OnICECandidate(func(c *ICECandidate) {
		s.mu.Lock()
		if !s.live {
			s.queue = append(s.queue, c)
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		s.add(c)
	})
	return s
}

func (s *signaller) add(c *ICECandidate) {
	if c == nil {
		s.to.AddICECandidate(context.Background(), nil)
		return
	}
	init := c.ToJSON()
	s.to.AddICECandidate(context.Background(), &init)
}

// start delivers the queued candidates and every later one at once.
func (s *signaller) start() {
	s.mu.Lock()
	q := s.queue
	s.queue, s.live = nil, true
	s.mu.Unlock()
	for _, c := range q {
		s.add(c)
	}
}

func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

// Two PeerConnections in one process connect over real UDP sockets: ICE,
// DTLS and SCTP come up, a data channel opens on both sides, and messages
// flow both ways.
func TestConnectDataChannel(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	ab, ba := trickle(a, b), trickle(b, a)
	connected := make(chan PeerConnectionState, 16)
	a.OnConnectionStateChange(func(s PeerConnectionState) { connected <- s })

	dc, err := a.CreateDataChannel("chat", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	var atOpen PeerConnectionState
	var iceAtOpen ICEConnectionState
	dc.OnOpen(func() {
		atOpen, iceAtOpen = a.ConnectionState(), a.ICEConnectionState()
		close(opened)
	})
	echoes := make(chan DataChannelMessage, 16)
	dc.OnMessage(func(m DataChannelMessage) { echoes <- m })

	remote := make(chan *DataChannel, 1)
	b.OnDataChannel(func(d *DataChannel) {
		d.OnMessage(func(m DataChannelMessage) {
			if m.IsString {
				d.SendText("echo: " + string(m.Data))
			} else {
				d.Send(m.Data)
			}
		})
		remote <- d
	})
	negotiate(t, a, b)
	ab.start()
	ba.start()
	waitFor(t, opened, "the data channel to open")
	// The channel opens over SCTP over DTLS over a usable ICE pair: ICE is
	// connected by then (W3C webrtc §5.6.3), before any nomination, and so
	// is the connection (§4.3.3).
	if atOpen != PeerConnectionStateConnected || (iceAtOpen != ICEConnectionStateConnected && iceAtOpen != ICEConnectionStateCompleted) {
		t.Fatalf("at the open event connectionState is %v and iceConnectionState %v, want connected", atOpen, iceAtOpen)
	}
	rd := waitFor(t, remote, "the remote data channel")
	if rd.Label() != "chat" {
		t.Fatalf("remote label %q", rd.Label())
	}
	if err := dc.SendText("hello"); err != nil {
		t.Fatal(err)
	}
	m := waitFor(t, echoes, "the echo")
	if !m.IsString || string(m.Data) != "echo: hello" {
		t.Fatalf("echo %+v", m)
	}
	big := bytes.Repeat([]byte{7}, 200_000)
	if err := dc.Send(big); err != nil {
		t.Fatal(err)
	}
	m = waitFor(t, echoes, "the binary echo")
	if m.IsString || !bytes.Equal(m.Data, big) {
		t.Fatalf("binary echo of %d bytes, want %d", len(m.Data), len(big))
	}
	for {
		s := waitFor(t, connected, "connectionState connected")
		if s == PeerConnectionStateConnected {
			break
		}
	}
	if a.ICEConnectionState() != ICEConnectionStateConnected && a.ICEConnectionState() != ICEConnectionStateCompleted {
		t.Fatalf("iceConnectionState %v", a.ICEConnectionState())
	}
	if s := a.SCTP(); s == nil || s.State() != SCTPTransportStateConnected {
		t.Fatalf("SCTP transport not connected")
	}
}

// iceCandidatePoolSize (RFC 9429 §3.5.4): candidates are gathered at
// construction, surfaced only after setLocalDescription, under the
// credentials the offer carries; the connection then works as usual.
func TestCandidatePool(t *testing.T) {
	a := mustPC(t, Configuration{ICECandidatePoolSize: 1})
	b := mustPC(t, Configuration{ICECandidatePoolSize: 1})
	early := make(chan *ICECandidate, 64)
	a.OnICECandidate(func(c *ICECandidate) {
		select {
		case early <- c:
		default:
		}
	})
	a.drv.mu.Lock()
	gathered := a.drv.agent != nil && len(a.drv.agent.LocalCandidates()) > 0
	a.drv.mu.Unlock()
	if !gathered {
		t.Fatal("no candidates were pre-gathered at construction")
	}
	select {
	case c := <-early:
		t.Fatalf("a pooled candidate surfaced before setLocalDescription: %+v", c)
	default:
	}
	ba := trickle(b, a)
	dc, _ := a.CreateDataChannel("pool", nil)
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	negotiate(t, a, b)
	c := waitFor(t, early, "a pooled candidate after setLocalDescription")
	a.drv.mu.Lock()
	ufrag, _ := a.drv.agent.LocalCredentials()
	a.drv.mu.Unlock()
	if c == nil || c.UsernameFragment != ufrag || !strings.Contains(a.LocalDescription().SDP, "a=ice-ufrag:"+ufrag+"\r\n") {
		t.Fatalf("the offer does not carry the pooled credentials %q", ufrag)
	}
	// Hand a's candidates to b by hand from here on.
	done := make(chan struct{})
	finished := make(chan struct{})
	defer func() { close(done); <-finished }()
	go func() {
		defer close(finished)
		for {
			select {
			case c := <-early:
				if c != nil {
					init := c.ToJSON()
					b.AddICECandidate(context.Background(), &init)
				}
			case <-done:
				return
			}
		}
	}()
	ba.start()
	waitFor(t, opened, "the data channel over the pooled candidates")
}

// The transports of a connected PeerConnection (§5.5, §5.6, §6.1.1): states
// and their events, the selected pair, the remote certificate.
func TestTransportsAfterConnect(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	ab, ba := trickle(a, b), trickle(b, a)
	var mu sync.Mutex
	var events []string
	rec := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	dt := a.DTLSTransport()
	dt.OnStateChange(func(s DTLSTransportState) { rec("dtls:" + s.String()) })
	pairs := make(chan *ICECandidatePair, 4)
	dt.ICETransport().OnSelectedCandidatePairChange(func(p *ICECandidatePair) { rec("pair"); pairs <- p })
	dc, _ := a.CreateDataChannel("x", nil)
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	negotiate(t, a, b)
	sctpUp := make(chan struct{}, 1)
	a.SCTP().OnStateChange(func(s SCTPTransportState) {
		if s == SCTPTransportStateConnected {
			sctpUp <- struct{}{}
		}
	})
	ab.start()
	ba.start()
	waitFor(t, opened, "open")
	if a.SCTP().State() != SCTPTransportStateConnected {
		waitFor(t, sctpUp, "SCTP statechange to connected")
	}
	if dt.State() != DTLSTransportStateConnected {
		t.Fatalf("DTLS state %v", dt.State())
	}
	certs := dt.GetRemoteCertificates()
	if len(certs) != 1 || !bytes.Equal(certs[0], b.GetConfiguration().Certificates[0].DER()) {
		t.Fatalf("remote certificates do not match the peer's certificate")
	}
	t.Log("# DTLS may run on a valid pair before nomination (RFC 8445 §12.1); the selected pair follows")
	waitFor(t, pairs, "selectedcandidatepairchange")
	if p := dt.ICETransport().GetSelectedCandidatePair(); p == nil || p.Local == nil || p.Remote == nil {
		t.Fatalf("no selected candidate pair")
	}
	if n, ok := a.SCTP().MaxChannels(); !ok || n == 0 {
		t.Fatalf("maxChannels %d %v", n, ok)
	}
	sel := dt.ICETransport().GetSelectedCandidatePair()
	locals, remotes := dt.ICETransport().GetLocalCandidates(), dt.ICETransport().GetRemoteCandidates()
	has := func(cs []*ICECandidate, c *ICECandidate) bool {
		for _, x := range cs {
			if x.Address == c.Address && x.Port == c.Port {
				return true
			}
		}
		return false
	}
	if !has(remotes, sel.Remote) || len(locals) == 0 {
		t.Fatalf("getRemoteCandidates %d lacks the selected pair's remote; %d local candidates", len(remotes), len(locals))
	}
	t.Log("# getStats: transport, candidate-pair and candidates, cross-referenced (webrtc-stats §8)")
	rep, err := a.GetStats(bg)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := rep["T01"].(TransportStats)
	if !ok || tr.DTLSState != DTLSTransportStateConnected || tr.BytesSent == 0 || tr.PacketsReceived == 0 ||
		tr.DTLSCipher == "" || tr.DTLSRole != "server" || tr.ICERole != ICERoleControlling {
		t.Fatalf("transport stats %+v", rep["T01"])
	}
	// The selected pair is the one in use, which may not be nominated
	// yet (RFC 8445 §12.1).
	cp, ok := rep[tr.SelectedCandidatePairID].(CandidatePairStats)
	if !ok || cp.State != "succeeded" || cp.ResponsesReceived == 0 || cp.TotalRoundTripTime <= 0 || cp.TransportID != "T01" {
		t.Fatalf("selected pair stats %+v", rep[tr.SelectedCandidatePairID])
	}
	if l, ok := rep[cp.LocalCandidateID].(ICECandidateStats); !ok || l.Type != StatsTypeLocalCandidate || l.Port == 0 {
		t.Fatalf("local candidate %+v", rep[cp.LocalCandidateID])
	}
	if r, ok := rep[cp.RemoteCandidateID].(ICECandidateStats); !ok || r.Type != StatsTypeRemoteCandidate {
		t.Fatalf("remote candidate %+v", rep[cp.RemoteCandidateID])
	}
	for _, id := range []string{tr.LocalCertificateID, tr.RemoteCertificateID} {
		if _, ok := rep[id].(CertificateStats); !ok {
			t.Fatalf("certificate %q missing", id)
		}
	}
	mu.Lock()
	got := strings.Join(events, ",")
	mu.Unlock()
	if !strings.Contains(got, "dtls:connecting") || !strings.Contains(got, "dtls:connected") || !strings.Contains(got, "pair") {
		t.Fatalf("transport events: %s", got)
	}
}

// A certificate that does not match the remote description's fingerprint
// fails DTLS (RFC 8122 §5, RFC 8827 §6.5): the transport and the connection
// go to "failed" and the error event says fingerprint-failure; no data
// channel opens.
func TestFingerprintMismatchFails(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	ab, ba := trickle(a, b), trickle(b, a)
	dc, _ := a.CreateDataChannel("x", nil)
	dc.OnOpen(func() { t.Error("a channel opened despite the wrong fingerprint") })
	errs := make(chan *RTCError, 4)
	a.DTLSTransport().OnError(func(e *RTCError) { errs <- e })
	failed := make(chan struct{}, 4)
	a.OnConnectionStateChange(func(s PeerConnectionState) {
		if s == PeerConnectionStateFailed {
			failed <- struct{}{}
		}
	})
	if err := a.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if err := b.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	// Present a different certificate's fingerprint for b.
	other, _ := GenerateCertificate(ECDSAP256)
	fp, _ := other.Fingerprint("sha-256")
	ans := b.LocalDescription().SDP
	i := strings.Index(ans, "a=fingerprint:sha-256 ")
	j := i + strings.Index(ans[i:], "\r\n")
	ans = ans[:i] + "a=fingerprint:sha-256 " + strings.ToUpper(fp.Value) + ans[j:]
	if err := a.SetRemoteDescription(bg, SessionDescription{Type: SDPTypeAnswer, SDP: ans}); err != nil {
		t.Fatal(err)
	}
	ab.start()
	ba.start()
	e := waitFor(t, errs, "the DTLS error event")
	if e.ErrorDetail != ErrorDetailFingerprintFailure {
		t.Fatalf("error detail %q (%v), want fingerprint-failure", e.ErrorDetail, e)
	}
	waitFor(t, failed, "connectionState failed")
	if a.DTLSTransport().State() != DTLSTransportStateFailed {
		t.Fatalf("DTLS state %v", a.DTLSTransport().State())
	}
	if dc.ReadyState() == DataChannelStateOpen {
		t.Fatal("channel open")
	}
}

// The answerer's DTLS client may send its ClientHello before the offerer
// has applied the answer (signalling slower than ICE): the offerer holds it
// (RFC 8445 §12.1: nothing is sent before a valid pair) and uses it once the
// answer arrives, so the handshake need not wait for a retransmission.
func TestEarlyClientHelloHeld(t *testing.T) {
	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	ac, ca := trickle(a, c), trickle(c, a)
	held := make(chan struct{}, 8)
	a.drv.mu.Lock()
	a.drv.onHold = func() { held <- struct{}{} }
	a.drv.mu.Unlock()
	dc, err := a.CreateDataChannel("early", nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	if err := a.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if err := c.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	ac.start()
	ca.start()
	t.Log("# the answerer connects ICE (the offerer answers its checks) and sends a ClientHello; the offerer has no answer yet")
	waitFor(t, held, "the offerer to hold the answerer's ClientHello")
	if err := a.SetRemoteDescription(bg, *c.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, opened, "the data channel to open")
	a.drv.mu.Lock()
	dropped, fed := a.drv.droppedEarly, a.drv.heldFed
	a.drv.mu.Unlock()
	if dropped != 0 || fed == 0 {
		t.Fatalf("the offerer dropped %d early datagrams and gave DTLS %d held ones; want 0 and some", dropped, fed)
	}
}

// Non-trickle: the candidates in the offer reach the answerer's agent when
// its answer starts it (not only as peer-reflexive candidates learned from
// the offerer's checks, which a firewall in front of the answerer stops).
func TestNonTrickleOfferCandidates(t *testing.T) {
	a := mustPC(t, Configuration{})
	c := mustPC(t, Configuration{})
	done := make(chan struct{})
	a.OnICEGatheringStateChange(func(s ICEGatheringState) {
		if s == ICEGatheringStateComplete {
			close(done)
		}
	})
	if _, err := a.CreateDataChannel("x", nil); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, done, "the offerer's gathering")
	if err := c.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	if err := c.SetLocalDescription(bg, nil); err != nil {
		t.Fatal(err)
	}
	t.Log("# the offerer has no answer, so it has sent no check: what the answerer knows came from the offer")
	want := map[string]bool{}
	for _, l := range a.SCTP().Transport().ICETransport().GetLocalCandidates() {
		want[l.Address] = true
	}
	got := c.SCTP().Transport().ICETransport().GetRemoteCandidates()
	if len(want) == 0 || len(got) == 0 {
		t.Fatalf("offerer has %d local candidates, answerer %d remote ones", len(want), len(got))
	}
	for _, r := range got {
		if r.Type != ICECandidateTypeHost || !want[r.Address] {
			t.Errorf("remote candidate %s %s is not one of the offer's host candidates", r.Type, r.Address)
		}
	}
}
