package webrtc

import "github.com/c4c1f6e1/webrtc/sdp"

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
// DTLSTransport. The ICE agent is wired in by the integration issue; until
// then it stays "new" and gathers nothing.
type ICETransport struct {
	pc    *PeerConnection
	state iceTransportState
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
	remoteFPs    []sdp.Fingerprint
	err          *RTCError // why it failed, if it did
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
