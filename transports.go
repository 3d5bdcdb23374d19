package webrtc

// iceTransportState is the W3C RTCIceTransportState (§5.6.4).
type iceTransportState int

const (
	iceTransportStateNew iceTransportState = iota
	iceTransportStateChecking
	iceTransportStateConnected
	iceTransportStateCompleted
	iceTransportStateDisconnected
	iceTransportStateFailed
	iceTransportStateClosed
)

// ICETransport is the W3C RTCIceTransport (§5.6): the ICE layer under a
// DTLSTransport.
type ICETransport struct {
	pc       *PeerConnection
	state    iceTransportState
	selected *ICECandidatePair

	onStateChange          func(ICEConnectionState)
	onSelectedPairChange   func(*ICECandidatePair)
	onGatheringStateChange func(ICEGatheringState)
}

// ICECandidatePair is the W3C RTCIceCandidatePair (§5.6.6).
type ICECandidatePair struct {
	Local, Remote *ICECandidate
}

// GatheringState returns the transport's gathering state (§5.6.2).
func (t *ICETransport) GatheringState() ICEGatheringState {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.pc.iceGatheringState
}

// GetLocalCandidates returns the local candidates gathered so far
// (§5.6.2 getLocalCandidates).
func (t *ICETransport) GetLocalCandidates() []*ICECandidate {
	ts := t.pc.drv.stats()
	out := make([]*ICECandidate, 0, len(ts.locals))
	for _, c := range ts.locals {
		out = append(out, publicCandidate(c))
	}
	return out
}

// GetRemoteCandidates returns the remote candidates received (§5.6.2
// getRemoteCandidates): the signalled ones, mDNS ones by their names
// whether they resolved or not, and the peer-reflexive ones checks found.
func (t *ICETransport) GetRemoteCandidates() []*ICECandidate {
	ts := t.pc.drv.stats()
	out := make([]*ICECandidate, 0, len(ts.remotes))
	for _, c := range ts.remotes {
		out = append(out, publicCandidate(c))
	}
	return out
}

// GetSelectedCandidatePair returns the pair ICE selected, or nil.
func (t *ICETransport) GetSelectedCandidatePair() *ICECandidatePair {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.selected
}

// OnStateChange sets the handler of the transport's statechange event.
func (t *ICETransport) OnStateChange(f func(ICEConnectionState)) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	t.onStateChange = f
}

// OnGatheringStateChange sets the handler of gatheringstatechange.
func (t *ICETransport) OnGatheringStateChange(f func(ICEGatheringState)) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	t.onGatheringStateChange = f
}

// OnSelectedCandidatePairChange sets the handler of
// selectedcandidatepairchange.
func (t *ICETransport) OnSelectedCandidatePairChange(f func(*ICECandidatePair)) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	t.onSelectedPairChange = f
}

// Role returns the ICE role ("unknown" until the first offer is applied).
func (t *ICETransport) Role() ICERole {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.pc.iceRole
}

// State returns the transport's state ("new", …, "closed").
func (t *ICETransport) State() ICEConnectionState {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return ICEConnectionState(t.state)
}

// DTLSTransport is the W3C RTCDtlsTransport (§5.5). One is shared by every
// bundled m= section.
type DTLSTransport struct {
	pc           *PeerConnection
	state        DTLSTransportState
	iceTransport *ICETransport
	err          *RTCError // why it failed, if it did
	remoteCerts  [][]byte

	onStateChange func(DTLSTransportState)
	onError       func(*RTCError)
}

// GetRemoteCertificates returns the peer's certificate chain (DER) once
// the handshake verified it against the remote description's fingerprint
// (§5.5.2 getRemoteCertificates).
func (t *DTLSTransport) GetRemoteCertificates() [][]byte {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.remoteCerts
}

// OnStateChange sets the handler of the transport's statechange event.
func (t *DTLSTransport) OnStateChange(f func(DTLSTransportState)) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	t.onStateChange = f
}

// OnError sets the handler of the error event: the RTCError has
// errorDetail "dtls-failure" or "fingerprint-failure" and the alerts.
func (t *DTLSTransport) OnError(f func(*RTCError)) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	t.onError = f
}

func newDTLSTransport(pc *PeerConnection) *DTLSTransport {
	return &DTLSTransport{pc: pc, iceTransport: &ICETransport{pc: pc}}
}

// State returns the transport's state.
func (t *DTLSTransport) State() DTLSTransportState {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.state
}

// ICETransport returns the ICE transport under the DTLS transport.
func (t *DTLSTransport) ICETransport() *ICETransport { return t.iceTransport }

// SCTPTransport is the W3C RTCSctpTransport (§6.1.1): the SCTP association
// carrying the data channels.
type SCTPTransport struct {
	pc             *PeerConnection
	state          SCTPTransportState
	maxMessageSize float64 // +Inf for no limit; 0 while null
	maxChannels    uint16
	hasMaxChannels bool
	onStateChange  func(SCTPTransportState)
}

// OnStateChange sets the handler of the transport's statechange event.
func (t *SCTPTransport) OnStateChange(f func(SCTPTransportState)) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	t.onStateChange = f
}

// setState changes the state and queues statechange. Called with pc.mu held.
func (t *SCTPTransport) setState(s SCTPTransportState) {
	if t.state == s {
		return
	}
	t.state = s
	queueHandler(t.pc, func() func(SCTPTransportState) { return t.onStateChange }, s)
}

// State returns the transport's state.
func (t *SCTPTransport) State() SCTPTransportState {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.state
}

// MaxMessageSize returns the largest message Send accepts, as the remote
// description's a=max-message-size and our own limit give it ("update the
// data max message size", §6.1.1.2); +Inf when neither side limits it and
// 0 before an answer set it.
func (t *SCTPTransport) MaxMessageSize() float64 {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.maxMessageSize
}

// MaxChannels returns the number of data channels that can be open at
// once; ok is false until the association is established.
func (t *SCTPTransport) MaxChannels() (n uint16, ok bool) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.maxChannels, t.hasMaxChannels
}

// Transport returns the DTLS transport the association runs over.
func (t *SCTPTransport) Transport() *DTLSTransport { return t.pc.dtlsTransport }

// SCTP returns the connection's SCTP transport, or nil before a description
// with a data m= section was applied (§6.1 sctp attribute).
func (pc *PeerConnection) SCTP() *SCTPTransport {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.sctpTransport
}

// canSendSize is the largest message this stack sends (0: any size). The
// SCTP layer reassembles into a bounded buffer; we accept what we announce.
const canSendSize = maxMessageSize

// updateMaxMessageSize is "update the data max message size" (§6.1.1.2).
func (t *SCTPTransport) updateMaxMessageSize(remote *mediaSection) {
	remoteMax := uint64(65536)
	if remote != nil && remote.hasMaxMsg {
		remoteMax = remote.maxMsgSize
	}
	switch {
	case remoteMax == 0 && canSendSize == 0:
		t.maxMessageSize = posInf
	case remoteMax == 0 || canSendSize == 0:
		t.maxMessageSize = float64(max(remoteMax, canSendSize))
	default:
		t.maxMessageSize = float64(min(remoteMax, canSendSize))
	}
}
