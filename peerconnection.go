package webrtc

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"sync"

	"github.com/c4c1f6e1/webrtc/datachannel"
)

// PeerConnection is the W3C RTCPeerConnection (§4.4): the offer/answer state
// machine, its transceivers and data channels, and (once the transports are
// wired) the ICE, DTLS and SCTP transports under them.
//
// All methods are safe for concurrent use. CreateOffer, CreateAnswer,
// SetLocalDescription, SetRemoteDescription and AddICECandidate run one after
// another through the operations chain (§4.4.1.2) and block until done.
// Event handlers run one at a time, in order, on a dispatcher goroutine and
// never while an internal lock is held, so a handler may call any method,
// including Close.
type PeerConnection struct {
	mu sync.Mutex

	config   Configuration  // [[Configuration]], certificates filled in
	iceURLs  []ICEServerURL // validated ICE server URLs
	isClosed bool
	// replaceSpare: the connection took a spare certificate or made its
	// own, and has not yet asked for one in its place (certificate_spare.go).
	replaceSpare bool

	signalingState     SignalingState
	iceGatheringState  ICEGatheringState
	iceConnectionState ICEConnectionState
	connectionState    PeerConnectionState

	pendingLocal, currentLocal   *description
	pendingRemote, currentRemote *description
	lastCreatedOffer             string
	lastCreatedAnswer            string
	setLocalCalled               bool
	// modCount counts changes that call for negotiation, so that the
	// parameterless setLocalDescription knows when the last created offer
	// or answer "no longer accurately represents" the state.
	modCount, lastOfferMod, lastAnswerMod int
	snapshot                              *stableSnapshot
	pendingTrackEvents                    []*RTPTransceiver
	pendingChannelErrors                  []*DataChannel

	negotiationNeeded            bool
	updateNegotiationNeededLater bool // [[UpdateNegotiationNeededFlagOnEmptyChain]]
	operations                   int  // length of [[Operations]]
	chain                        chan struct{}

	transceivers           []*RTPTransceiver
	dataChannels           []*DataChannel
	dataChannelsCreated    bool // any channel was ever created locally
	sctpTransport          *SCTPTransport
	localICECredsToReplace map[string]bool // ufrags
	dtlsTransport          *DTLSTransport

	sessionID  uint64
	sessionVer uint64
	nextMid    int
	cname      string
	iceRole    ICERole
	dtlsRole   dtlsRole // negotiated DTLS role, once known
	canTrickle int8     // -1 unknown (null), 0 false, 1 true

	// pooled are the credentials of the pre-gathered candidate pool, used
	// by the first transport of the first local description.
	pooled iceCredentials

	handlers handlers
	events   dispatcher
	stats    pcStats
	drv      *driver
}

type iceCredentials struct{ ufrag, pwd string }

type dtlsRole int8

const (
	dtlsRoleUnknown dtlsRole = iota
	dtlsRoleClient           // a=setup:active side: sends ClientHello
	dtlsRoleServer
)

type handlers struct {
	connectionStateChange    func(PeerConnectionState)
	dataChannel              func(*DataChannel)
	iceCandidate             func(*ICECandidate)
	iceCandidateError        func(ICECandidateErrorEvent)
	iceConnectionStateChange func(ICEConnectionState)
	iceGatheringStateChange  func(ICEGatheringState)
	negotiationNeeded        func()
	signalingStateChange     func(SignalingState)
	track                    func(*TrackRemote, *RTPReceiver, *RTPTransceiver)
}

// NewPeerConnection creates a PeerConnection following the W3C constructor
// (§4.4.1.1): it checks the certificates, generates one when none is given,
// and sets the configuration, returning the spec's errors for a bad one.
func NewPeerConnection(cfg Configuration) (*PeerConnection, error) {
	cfg = cfg.clone()
	for _, c := range cfg.Certificates {
		if c.IsZero() {
			return nil, newError(ErrType, "configuration.certificates holds a zero Certificate")
		}
		if c.Expires().Before(timeNow()) {
			return nil, newError(ErrInvalidAccess, "certificate expired at %v", c.Expires())
		}
	}
	pc := &PeerConnection{
		chain:      make(chan struct{}, 1),
		canTrickle: -1,
	}
	if err := pc.setConfiguration(cfg, true); err != nil {
		return nil, err
	}
	if len(pc.config.Certificates) == 0 {
		c, err := newConnectionCertificate()
		if err != nil {
			return nil, newError(ErrOperation, "generating a certificate: %v", err)
		}
		pc.replaceSpare = true
		pc.config.Certificates = []Certificate{c}
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, newError(ErrOperation, "reading randomness: %v", err)
	}
	// RFC 9429 §5.2.1: a 64-bit session id with the highest bit clear.
	pc.sessionID = binary.BigEndian.Uint64(b[:]) &^ (1 << 63)
	pc.cname = randomString(16, alnum)
	pc.dtlsTransport = newDTLSTransport(pc)
	pc.drv = &driver{pc: pc, mux: pc.config.UDPMux, timerIdx: -1, channels: map[*datachannel.Channel]*DataChannel{}}
	if pc.config.ICECandidatePoolSize > 0 {
		// One pooled set is gathered (one transport per connection; see
		// transportSection); the first offer or answer uses its credentials.
		pc.pooled = newICECredentials()
		if err := pc.drv.prefetch(pc.pooled.ufrag, pc.pooled.pwd, stunServers(pc.iceURLs), pc.config.ICETransportPolicy == ICETransportPolicyRelay); err != nil {
			pc.drv.close()
			return nil, newError(ErrOperation, "gathering the ICE candidate pool: %v", err)
		}
	}
	return pc, nil
}

// setConfiguration runs the W3C "set the configuration" algorithm (§4.4.1.5).
func (pc *PeerConnection) setConfiguration(cfg Configuration, initial bool) error {
	if !initial {
		old := pc.config
		if len(cfg.Certificates) != len(old.Certificates) {
			return newError(ErrInvalidModification, "certificates cannot change: %d given, %d in use", len(cfg.Certificates), len(old.Certificates))
		}
		for i := range cfg.Certificates {
			if cfg.Certificates[i] != old.Certificates[i] {
				return newError(ErrInvalidModification, "certificates cannot change: certificate %d differs", i)
			}
		}
		if cfg.BundlePolicy != old.BundlePolicy {
			return newError(ErrInvalidModification, "bundlePolicy cannot change from %q to %q", old.BundlePolicy, cfg.BundlePolicy)
		}
		if cfg.RTCPMuxPolicy != old.RTCPMuxPolicy {
			return newError(ErrInvalidModification, "rtcpMuxPolicy cannot change from %q to %q", old.RTCPMuxPolicy, cfg.RTCPMuxPolicy)
		}
		if cfg.ICECandidatePoolSize != old.ICECandidatePoolSize && pc.setLocalCalled {
			return newError(ErrInvalidModification, "iceCandidatePoolSize cannot change after setLocalDescription (from %d to %d)", old.ICECandidatePoolSize, cfg.ICECandidatePoolSize)
		}
		if cfg.UDPMux != old.UDPMux {
			return newError(ErrInvalidModification, "UDPMux cannot change")
		}
		if cfg.PeerIdentity != old.PeerIdentity {
			// §4.2.1 peerIdentity: "cannot be changed once set".
			return newError(ErrInvalidModification, "peerIdentity cannot change from %q to %q", old.PeerIdentity, cfg.PeerIdentity)
		}
	}
	if !iCETransportPolicyEnum.valid(int(cfg.ICETransportPolicy)) || !bundlePolicyEnum.valid(int(cfg.BundlePolicy)) ||
		!rTCPMuxPolicyEnum.valid(int(cfg.RTCPMuxPolicy)) {
		return newError(ErrType, "configuration has an invalid enum value (iceTransportPolicy %d, bundlePolicy %d, rtcpMuxPolicy %d)", cfg.ICETransportPolicy, cfg.BundlePolicy, cfg.RTCPMuxPolicy)
	}
	servers, urls, err := validateICEServers(cfg.ICEServers)
	if err != nil {
		return err
	}
	cfg.ICEServers = servers
	pc.config = cfg
	pc.iceURLs = urls
	return nil
}

// GetConfiguration returns the configuration in effect, including the
// certificate generated for the connection when none was given (§4.4.2).
func (pc *PeerConnection) GetConfiguration() Configuration {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.config.clone()
}

// SetConfiguration updates the configuration (§4.4.2 setConfiguration):
// certificates, bundlePolicy, rtcpMuxPolicy and peerIdentity cannot change
// (ErrInvalidModification), nor iceCandidatePoolSize once
// SetLocalDescription was called; ICE servers are validated as in
// NewPeerConnection. New ICE servers and policies apply at the next
// gathering phase (after RestartICE).
func (pc *PeerConnection) SetConfiguration(cfg Configuration) error {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return newError(ErrInvalidState, "setConfiguration on a closed RTCPeerConnection")
	}
	return pc.setConfiguration(cfg.clone(), false)
}

// DTLSTransport returns the connection's DTLS transport (the one all
// bundled m= sections share), with its ICE transport under it.
func (pc *PeerConnection) DTLSTransport() *DTLSTransport { return pc.dtlsTransport }

// SignalingState returns [[SignalingState]].
func (pc *PeerConnection) SignalingState() SignalingState {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.signalingState
}

// ICEGatheringState returns [[IceGatheringState]].
func (pc *PeerConnection) ICEGatheringState() ICEGatheringState {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.iceGatheringState
}

// ICEConnectionState returns [[IceConnectionState]].
func (pc *PeerConnection) ICEConnectionState() ICEConnectionState {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.iceConnectionState
}

// ConnectionState returns [[ConnectionState]].
func (pc *PeerConnection) ConnectionState() PeerConnectionState {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.connectionState
}

// CanTrickleICECandidates reports whether the remote peer accepts trickled
// candidates (RFC 8838), as its description says with a=ice-options:trickle.
// ok is false before a remote description was set: the spec's null.
func (pc *PeerConnection) CanTrickleICECandidates() (can, ok bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.canTrickle == 1, pc.canTrickle >= 0
}

// LocalDescription returns the pending local description if there is one,
// and the current one otherwise; nil if neither exists.
func (pc *PeerConnection) LocalDescription() *SessionDescription {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.pendingLocal != nil {
		return pc.pendingLocal.export()
	}
	return pc.currentLocal.export()
}

// CurrentLocalDescription returns [[CurrentLocalDescription]], or nil.
func (pc *PeerConnection) CurrentLocalDescription() *SessionDescription {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.currentLocal.export()
}

// PendingLocalDescription returns [[PendingLocalDescription]], or nil.
func (pc *PeerConnection) PendingLocalDescription() *SessionDescription {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.pendingLocal.export()
}

// RemoteDescription returns the pending remote description if there is one,
// and the current one otherwise; nil if neither exists.
func (pc *PeerConnection) RemoteDescription() *SessionDescription {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.remoteDescription().export()
}

func (pc *PeerConnection) remoteDescription() *description {
	if pc.pendingRemote != nil {
		return pc.pendingRemote
	}
	return pc.currentRemote
}

// CurrentRemoteDescription returns [[CurrentRemoteDescription]], or nil.
func (pc *PeerConnection) CurrentRemoteDescription() *SessionDescription {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.currentRemote.export()
}

// PendingRemoteDescription returns [[PendingRemoteDescription]], or nil.
func (pc *PeerConnection) PendingRemoteDescription() *SessionDescription {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.pendingRemote.export()
}

// RestartICE makes the next offer restart ICE with new credentials
// (§4.4.2 restartIce, RFC 8445 §9).
func (pc *PeerConnection) RestartICE() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return
	}
	pc.localICECredsToReplace = map[string]bool{}
	for _, d := range []*description{pc.currentLocal, pc.pendingLocal} {
		if d == nil {
			continue
		}
		for _, m := range d.media {
			if m.ufrag != "" {
				pc.localICECredsToReplace[m.ufrag] = true
			}
		}
	}
	pc.updateNegotiationNeeded()
}

// Close closes the connection (§4.4.2 close, "close the connection"): it
// stops every transceiver, closes the data channels abruptly, tears down the
// transports and fires no event. Handlers queued but not yet run are
// dropped and no handler starts after Close returns; a handler that is
// running (perhaps the caller) finishes. Close is idempotent and may be
// called from a handler.
func (pc *PeerConnection) Close() error {
	pc.mu.Lock()
	if pc.isClosed {
		pc.mu.Unlock()
		return nil
	}
	pc.isClosed = true
	pc.signalingState = SignalingStateClosed
	for _, t := range pc.transceivers {
		if !t.stopped {
			t.stopLocked(true)
		}
	}
	for _, dc := range pc.dataChannels {
		dc.closeAbruptly()
	}
	if pc.sctpTransport != nil {
		pc.sctpTransport.state = SCTPTransportStateClosed
	}
	pc.dtlsTransport.state = DTLSTransportStateClosed
	pc.dtlsTransport.iceTransport.state = iceTransportStateClosed
	pc.iceConnectionState = ICEConnectionStateClosed
	pc.connectionState = PeerConnectionStateClosed
	pc.mu.Unlock()
	pc.drv.close()
	pc.events.close()
	pc.spareUsed()
	return nil
}

// queueEvent queues a task that, unless the connection is closed by then,
// calls the handler fire picks. Called with pc.mu held or not.
func (pc *PeerConnection) queueTask(task func()) {
	pc.events.enqueue(func() {
		pc.mu.Lock()
		closed := pc.isClosed
		pc.mu.Unlock()
		if !closed {
			task()
		}
	})
}

// queueHandler queues a task that fires an event: it reads the handler
// when the task runs (an event handler set in the meantime is the one
// called, as in the DOM) and calls it with arg outside pc.mu.
func queueHandler[A any](pc *PeerConnection, get func() func(A), arg A) {
	pc.queueTask(func() {
		pc.mu.Lock()
		f := get()
		pc.mu.Unlock()
		if f != nil {
			f(arg)
		}
	})
}

func (pc *PeerConnection) handler() handlers {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.handlers
}

// OnConnectionStateChange sets the handler of the connectionstatechange event.
func (pc *PeerConnection) OnConnectionStateChange(f func(PeerConnectionState)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.connectionStateChange = f
}

// OnDataChannel sets the handler of the datachannel event: a channel the
// remote peer opened with DCEP (§6.1).
func (pc *PeerConnection) OnDataChannel(f func(*DataChannel)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.dataChannel = f
}

// OnICECandidate sets the handler of the icecandidate event. The handler gets
// nil once gathering is complete (the spec's null candidate).
func (pc *PeerConnection) OnICECandidate(f func(*ICECandidate)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.iceCandidate = f
}

// OnICECandidateError sets the handler of the icecandidateerror event.
func (pc *PeerConnection) OnICECandidateError(f func(ICECandidateErrorEvent)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.iceCandidateError = f
}

// OnICEConnectionStateChange sets the handler of iceconnectionstatechange.
func (pc *PeerConnection) OnICEConnectionStateChange(f func(ICEConnectionState)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.iceConnectionStateChange = f
}

// OnICEGatheringStateChange sets the handler of icegatheringstatechange.
func (pc *PeerConnection) OnICEGatheringStateChange(f func(ICEGatheringState)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.iceGatheringStateChange = f
}

// OnNegotiationNeeded sets the handler of the negotiationneeded event
// (§4.7.3).
func (pc *PeerConnection) OnNegotiationNeeded(f func()) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.negotiationNeeded = f
}

// OnSignalingStateChange sets the handler of signalingstatechange.
func (pc *PeerConnection) OnSignalingStateChange(f func(SignalingState)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.signalingStateChange = f
}

// OnTrack sets the handler of the track event (§5.1): a remote track that a
// remote description announced.
func (pc *PeerConnection) OnTrack(f func(*TrackRemote, *RTPReceiver, *RTPTransceiver)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.handlers.track = f
}

// enterChain appends an operation to the operations chain (§4.4.1.2) and
// waits for its turn. The caller must call leaveChain when done.
func (pc *PeerConnection) enterChain(ctx context.Context, what string) error {
	pc.mu.Lock()
	if pc.isClosed {
		pc.mu.Unlock()
		return newError(ErrInvalidState, "%s on a closed RTCPeerConnection", what)
	}
	pc.operations++
	pc.mu.Unlock()
	select {
	case pc.chain <- struct{}{}:
	case <-ctx.Done():
		pc.mu.Lock()
		pc.leaveChainLocked()
		pc.mu.Unlock()
		return ctx.Err()
	}
	pc.mu.Lock()
	closed := pc.isClosed
	pc.mu.Unlock()
	if closed {
		pc.leaveChain()
		return newError(ErrInvalidState, "%s: the RTCPeerConnection was closed", what)
	}
	return nil
}

func (pc *PeerConnection) leaveChain() {
	<-pc.chain
	pc.mu.Lock()
	pc.leaveChainLocked()
	pc.mu.Unlock()
}

func (pc *PeerConnection) leaveChainLocked() {
	pc.operations--
	if pc.operations == 0 && !pc.isClosed && pc.updateNegotiationNeededLater {
		pc.updateNegotiationNeededLater = false
		pc.updateNegotiationNeeded()
	}
}

// updateNegotiationNeeded is "update the negotiation-needed flag" (§4.7.3).
// Called with pc.mu held.
func (pc *PeerConnection) updateNegotiationNeeded() {
	pc.modCount++
	if pc.operations != 0 {
		pc.updateNegotiationNeededLater = true
		return
	}
	pc.queueTask(func() {
		pc.mu.Lock()
		if pc.operations != 0 {
			pc.updateNegotiationNeededLater = true
			pc.mu.Unlock()
			return
		}
		if pc.signalingState != SignalingStateStable {
			pc.mu.Unlock()
			return
		}
		if !pc.negotiationIsNeeded() {
			pc.negotiationNeeded = false
			pc.mu.Unlock()
			return
		}
		if pc.negotiationNeeded {
			pc.mu.Unlock()
			return
		}
		pc.negotiationNeeded = true
		f := pc.handlers.negotiationNeeded
		pc.mu.Unlock()
		if f != nil {
			f()
		}
	})
}

// fireSignalingStateChange queues the signalingstatechange event.
func (pc *PeerConnection) fireSignalingStateChange(s SignalingState) {
	pc.queueTask(func() {
		if f := pc.handler().signalingStateChange; f != nil {
			f(s)
		}
	})
}

// Stats counters of the connection itself.
type pcStats struct {
	dataChannelsOpened, dataChannelsClosed uint32
}
