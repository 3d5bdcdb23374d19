package webrtc

// The W3C enums, as Go integer types whose String method returns the spec's exact
// value and which marshal to and from JSON (and any text encoding) as that value,
// so that a signalling server can pass them through. ParseX functions and
// UnmarshalText reject unknown values with an ErrType error.

// SignalingState is the W3C RTCSignalingState (§4.3.1): the signaling state of a PeerConnection.
type SignalingState int

// The RTCSignalingState values.
const (
	SignalingStateStable             SignalingState = iota // "stable"
	SignalingStateHaveLocalOffer                           // "have-local-offer"
	SignalingStateHaveRemoteOffer                          // "have-remote-offer"
	SignalingStateHaveLocalPranswer                        // "have-local-pranswer"
	SignalingStateHaveRemotePranswer                       // "have-remote-pranswer"
	SignalingStateClosed                                   // "closed"
)

var signalingStateEnum = enumTable{name: "RTCSignalingState", values: []string{"stable", "have-local-offer", "have-remote-offer", "have-local-pranswer", "have-remote-pranswer", "closed"}, zeroInvalid: false}

// String returns the spec's value, such as "stable".
func (v SignalingState) String() string { return signalingStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v SignalingState) MarshalText() ([]byte, error) { return signalingStateEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *SignalingState) UnmarshalText(b []byte) error {
	return signalingStateEnum.unmarshal(b, (*int)(v))
}

// ParseSignalingState returns the SignalingState whose spec value is s, or an ErrType error.
func ParseSignalingState(s string) (SignalingState, error) {
	var v SignalingState
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICEGatheringState is the W3C RTCIceGatheringState (§4.3.2): the gathering state of a PeerConnection's ICE agents.
type ICEGatheringState int

// The RTCIceGatheringState values.
const (
	ICEGatheringStateNew       ICEGatheringState = iota // "new"
	ICEGatheringStateGathering                          // "gathering"
	ICEGatheringStateComplete                           // "complete"
)

var iCEGatheringStateEnum = enumTable{name: "RTCIceGatheringState", values: []string{"new", "gathering", "complete"}, zeroInvalid: false}

// String returns the spec's value, such as "new".
func (v ICEGatheringState) String() string { return iCEGatheringStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICEGatheringState) MarshalText() ([]byte, error) {
	return iCEGatheringStateEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICEGatheringState) UnmarshalText(b []byte) error {
	return iCEGatheringStateEnum.unmarshal(b, (*int)(v))
}

// ParseICEGatheringState returns the ICEGatheringState whose spec value is s, or an ErrType error.
func ParseICEGatheringState(s string) (ICEGatheringState, error) {
	var v ICEGatheringState
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// PeerConnectionState is the W3C RTCPeerConnectionState (§4.3.3): the aggregate state of a PeerConnection's ICE and DTLS transports.
type PeerConnectionState int

// The RTCPeerConnectionState values.
const (
	PeerConnectionStateNew          PeerConnectionState = iota // "new"
	PeerConnectionStateConnecting                              // "connecting"
	PeerConnectionStateConnected                               // "connected"
	PeerConnectionStateDisconnected                            // "disconnected"
	PeerConnectionStateFailed                                  // "failed"
	PeerConnectionStateClosed                                  // "closed"
)

var peerConnectionStateEnum = enumTable{name: "RTCPeerConnectionState", values: []string{"new", "connecting", "connected", "disconnected", "failed", "closed"}, zeroInvalid: false}

// String returns the spec's value, such as "new".
func (v PeerConnectionState) String() string { return peerConnectionStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v PeerConnectionState) MarshalText() ([]byte, error) {
	return peerConnectionStateEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *PeerConnectionState) UnmarshalText(b []byte) error {
	return peerConnectionStateEnum.unmarshal(b, (*int)(v))
}

// ParsePeerConnectionState returns the PeerConnectionState whose spec value is s, or an ErrType error.
func ParsePeerConnectionState(s string) (PeerConnectionState, error) {
	var v PeerConnectionState
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICEConnectionState is the W3C RTCIceConnectionState (§4.3.4): the aggregate state of a PeerConnection's ICE transports.
type ICEConnectionState int

// The RTCIceConnectionState values.
const (
	ICEConnectionStateNew          ICEConnectionState = iota // "new"
	ICEConnectionStateChecking                               // "checking"
	ICEConnectionStateConnected                              // "connected"
	ICEConnectionStateCompleted                              // "completed"
	ICEConnectionStateDisconnected                           // "disconnected"
	ICEConnectionStateFailed                                 // "failed"
	ICEConnectionStateClosed                                 // "closed"
)

var iCEConnectionStateEnum = enumTable{name: "RTCIceConnectionState", values: []string{"new", "checking", "connected", "completed", "disconnected", "failed", "closed"}, zeroInvalid: false}

// String returns the spec's value, such as "new".
func (v ICEConnectionState) String() string { return iCEConnectionStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICEConnectionState) MarshalText() ([]byte, error) {
	return iCEConnectionStateEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICEConnectionState) UnmarshalText(b []byte) error {
	return iCEConnectionStateEnum.unmarshal(b, (*int)(v))
}

// ParseICEConnectionState returns the ICEConnectionState whose spec value is s, or an ErrType error.
func ParseICEConnectionState(s string) (ICEConnectionState, error) {
	var v ICEConnectionState
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICETransportPolicy is the W3C RTCIceTransportPolicy (§4.2.4): which candidates the ICE agent may use; the zero value is "all".
type ICETransportPolicy int

// The RTCIceTransportPolicy values.
const (
	ICETransportPolicyAll   ICETransportPolicy = iota // "all"
	ICETransportPolicyRelay                           // "relay"
)

var iCETransportPolicyEnum = enumTable{name: "RTCIceTransportPolicy", values: []string{"all", "relay"}, zeroInvalid: false}

// String returns the spec's value, such as "all".
func (v ICETransportPolicy) String() string { return iCETransportPolicyEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICETransportPolicy) MarshalText() ([]byte, error) {
	return iCETransportPolicyEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICETransportPolicy) UnmarshalText(b []byte) error {
	return iCETransportPolicyEnum.unmarshal(b, (*int)(v))
}

// ParseICETransportPolicy returns the ICETransportPolicy whose spec value is s, or an ErrType error.
func ParseICETransportPolicy(s string) (ICETransportPolicy, error) {
	var v ICETransportPolicy
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// BundlePolicy is the W3C RTCBundlePolicy (§4.2.5): how media is bundled when the remote endpoint is not bundle-aware; the zero value is "balanced".
type BundlePolicy int

// The RTCBundlePolicy values.
const (
	BundlePolicyBalanced  BundlePolicy = iota // "balanced"
	BundlePolicyMaxCompat                     // "max-compat"
	BundlePolicyMaxBundle                     // "max-bundle"
)

var bundlePolicyEnum = enumTable{name: "RTCBundlePolicy", values: []string{"balanced", "max-compat", "max-bundle"}, zeroInvalid: false}

// String returns the spec's value, such as "balanced".
func (v BundlePolicy) String() string { return bundlePolicyEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v BundlePolicy) MarshalText() ([]byte, error) { return bundlePolicyEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *BundlePolicy) UnmarshalText(b []byte) error { return bundlePolicyEnum.unmarshal(b, (*int)(v)) }

// ParseBundlePolicy returns the BundlePolicy whose spec value is s, or an ErrType error.
func ParseBundlePolicy(s string) (BundlePolicy, error) {
	var v BundlePolicy
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// RTCPMuxPolicy is the W3C RTCRtcpMuxPolicy (§4.2.6 and RFC 9429 §4.1.1): whether RTCP is multiplexed with RTP; the zero value is "require". "negotiate" is the JSEP policy the W3C text dropped; it offers a=rtcp-mux without a=rtcp-mux-only.
type RTCPMuxPolicy int

// The RTCRtcpMuxPolicy values.
const (
	RTCPMuxPolicyRequire   RTCPMuxPolicy = iota // "require"
	RTCPMuxPolicyNegotiate                      // "negotiate"
)

var rTCPMuxPolicyEnum = enumTable{name: "RTCRtcpMuxPolicy", values: []string{"require", "negotiate"}, zeroInvalid: false}

// String returns the spec's value, such as "require".
func (v RTCPMuxPolicy) String() string { return rTCPMuxPolicyEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v RTCPMuxPolicy) MarshalText() ([]byte, error) { return rTCPMuxPolicyEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *RTCPMuxPolicy) UnmarshalText(b []byte) error {
	return rTCPMuxPolicyEnum.unmarshal(b, (*int)(v))
}

// ParseRTCPMuxPolicy returns the RTCPMuxPolicy whose spec value is s, or an ErrType error.
func ParseRTCPMuxPolicy(s string) (RTCPMuxPolicy, error) {
	var v RTCPMuxPolicy
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// SDPType is the W3C RTCSdpType (§4.6.1): the type of a session description. The zero value is no type: it is valid only in the description given to SetLocalDescription, where the type is then inferred from the signaling state.
type SDPType int

// The RTCSdpType values.
const (
	SDPTypeUnset    SDPType = iota // no type given
	SDPTypeOffer                   // "offer"
	SDPTypePranswer                // "pranswer"
	SDPTypeAnswer                  // "answer"
	SDPTypeRollback                // "rollback"
)

var sDPTypeEnum = enumTable{name: "RTCSdpType", values: []string{"", "offer", "pranswer", "answer", "rollback"}, zeroInvalid: true}

// String returns the spec's value, such as "offer".
func (v SDPType) String() string { return sDPTypeEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v SDPType) MarshalText() ([]byte, error) { return sDPTypeEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *SDPType) UnmarshalText(b []byte) error { return sDPTypeEnum.unmarshal(b, (*int)(v)) }

// ParseSDPType returns the SDPType whose spec value is s, or an ErrType error.
func ParseSDPType(s string) (SDPType, error) {
	var v SDPType
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// DataChannelState is the W3C RTCDataChannelState (§6.2): the readyState of a data channel.
type DataChannelState int

// The RTCDataChannelState values.
const (
	DataChannelStateConnecting DataChannelState = iota // "connecting"
	DataChannelStateOpen                               // "open"
	DataChannelStateClosing                            // "closing"
	DataChannelStateClosed                             // "closed"
)

var dataChannelStateEnum = enumTable{name: "RTCDataChannelState", values: []string{"connecting", "open", "closing", "closed"}, zeroInvalid: false}

// String returns the spec's value, such as "connecting".
func (v DataChannelState) String() string { return dataChannelStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v DataChannelState) MarshalText() ([]byte, error) { return dataChannelStateEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *DataChannelState) UnmarshalText(b []byte) error {
	return dataChannelStateEnum.unmarshal(b, (*int)(v))
}

// ParseDataChannelState returns the DataChannelState whose spec value is s, or an ErrType error.
func ParseDataChannelState(s string) (DataChannelState, error) {
	var v DataChannelState
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// RTPTransceiverDirection is the W3C RTCRtpTransceiverDirection (§5.4.1): the direction of an RTP transceiver.
type RTPTransceiverDirection int

// The RTCRtpTransceiverDirection values.
const (
	RTPTransceiverDirectionSendrecv RTPTransceiverDirection = iota // "sendrecv"
	RTPTransceiverDirectionSendonly                                // "sendonly"
	RTPTransceiverDirectionRecvonly                                // "recvonly"
	RTPTransceiverDirectionInactive                                // "inactive"
	RTPTransceiverDirectionStopped                                 // "stopped"
)

var rTPTransceiverDirectionEnum = enumTable{name: "RTCRtpTransceiverDirection", values: []string{"sendrecv", "sendonly", "recvonly", "inactive", "stopped"}, zeroInvalid: false}

// String returns the spec's value, such as "sendrecv".
func (v RTPTransceiverDirection) String() string { return rTPTransceiverDirectionEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v RTPTransceiverDirection) MarshalText() ([]byte, error) {
	return rTPTransceiverDirectionEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *RTPTransceiverDirection) UnmarshalText(b []byte) error {
	return rTPTransceiverDirectionEnum.unmarshal(b, (*int)(v))
}

// ParseRTPTransceiverDirection returns the RTPTransceiverDirection whose spec value is s, or an ErrType error.
func ParseRTPTransceiverDirection(s string) (RTPTransceiverDirection, error) {
	var v RTPTransceiverDirection
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICECandidateType is the W3C RTCIceCandidateType (§4.8.1.4): the type of an ICE candidate (RFC 8445 §5.1.1).
type ICECandidateType int

// The RTCIceCandidateType values.
const (
	ICECandidateTypeHost  ICECandidateType = iota // "host"
	ICECandidateTypeSrflx                         // "srflx"
	ICECandidateTypePrflx                         // "prflx"
	ICECandidateTypeRelay                         // "relay"
)

var iCECandidateTypeEnum = enumTable{name: "RTCIceCandidateType", values: []string{"host", "srflx", "prflx", "relay"}, zeroInvalid: false}

// String returns the spec's value, such as "host".
func (v ICECandidateType) String() string { return iCECandidateTypeEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICECandidateType) MarshalText() ([]byte, error) { return iCECandidateTypeEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICECandidateType) UnmarshalText(b []byte) error {
	return iCECandidateTypeEnum.unmarshal(b, (*int)(v))
}

// ParseICECandidateType returns the ICECandidateType whose spec value is s, or an ErrType error.
func ParseICECandidateType(s string) (ICECandidateType, error) {
	var v ICECandidateType
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICEProtocol is the W3C RTCIceProtocol (§4.8.1.2): the transport protocol of an ICE candidate.
type ICEProtocol int

// The RTCIceProtocol values.
const (
	ICEProtocolUDP ICEProtocol = iota // "udp"
	ICEProtocolTCP                    // "tcp"
)

var iCEProtocolEnum = enumTable{name: "RTCIceProtocol", values: []string{"udp", "tcp"}, zeroInvalid: false}

// String returns the spec's value, such as "udp".
func (v ICEProtocol) String() string { return iCEProtocolEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICEProtocol) MarshalText() ([]byte, error) { return iCEProtocolEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICEProtocol) UnmarshalText(b []byte) error { return iCEProtocolEnum.unmarshal(b, (*int)(v)) }

// ParseICEProtocol returns the ICEProtocol whose spec value is s, or an ErrType error.
func ParseICEProtocol(s string) (ICEProtocol, error) {
	var v ICEProtocol
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICETCPCandidateType is the W3C RTCIceTcpCandidateType (§4.8.1.3): the type of an ICE TCP candidate (RFC 6544).
type ICETCPCandidateType int

// The RTCIceTcpCandidateType values.
const (
	ICETCPCandidateTypeActive  ICETCPCandidateType = iota // "active"
	ICETCPCandidateTypePassive                            // "passive"
	ICETCPCandidateTypeSO                                 // "so"
)

var iCETCPCandidateTypeEnum = enumTable{name: "RTCIceTcpCandidateType", values: []string{"active", "passive", "so"}, zeroInvalid: false}

// String returns the spec's value, such as "active".
func (v ICETCPCandidateType) String() string { return iCETCPCandidateTypeEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICETCPCandidateType) MarshalText() ([]byte, error) {
	return iCETCPCandidateTypeEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICETCPCandidateType) UnmarshalText(b []byte) error {
	return iCETCPCandidateTypeEnum.unmarshal(b, (*int)(v))
}

// ParseICETCPCandidateType returns the ICETCPCandidateType whose spec value is s, or an ErrType error.
func ParseICETCPCandidateType(s string) (ICETCPCandidateType, error) {
	var v ICETCPCandidateType
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICERole is the W3C RTCIceRole (§5.6.3): the role of an ICE agent.
type ICERole int

// The RTCIceRole values.
const (
	ICERoleUnknown     ICERole = iota // "unknown"
	ICERoleControlling                // "controlling"
	ICERoleControlled                 // "controlled"
)

var iCERoleEnum = enumTable{name: "RTCIceRole", values: []string{"unknown", "controlling", "controlled"}, zeroInvalid: false}

// String returns the spec's value, such as "unknown".
func (v ICERole) String() string { return iCERoleEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICERole) MarshalText() ([]byte, error) { return iCERoleEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICERole) UnmarshalText(b []byte) error { return iCERoleEnum.unmarshal(b, (*int)(v)) }

// ParseICERole returns the ICERole whose spec value is s, or an ErrType error.
func ParseICERole(s string) (ICERole, error) {
	var v ICERole
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// ICEComponent is the W3C RTCIceComponent (§5.6.5): the component of an ICE transport.
type ICEComponent int

// The RTCIceComponent values.
const (
	ICEComponentRTP  ICEComponent = iota // "rtp"
	ICEComponentRTCP                     // "rtcp"
)

var iCEComponentEnum = enumTable{name: "RTCIceComponent", values: []string{"rtp", "rtcp"}, zeroInvalid: false}

// String returns the spec's value, such as "rtp".
func (v ICEComponent) String() string { return iCEComponentEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v ICEComponent) MarshalText() ([]byte, error) { return iCEComponentEnum.marshal(int(v)) }

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *ICEComponent) UnmarshalText(b []byte) error { return iCEComponentEnum.unmarshal(b, (*int)(v)) }

// ParseICEComponent returns the ICEComponent whose spec value is s, or an ErrType error.
func ParseICEComponent(s string) (ICEComponent, error) {
	var v ICEComponent
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// DTLSTransportState is the W3C RTCDtlsTransportState (§5.5.1): the state of a DTLS transport.
type DTLSTransportState int

// The RTCDtlsTransportState values.
const (
	DTLSTransportStateNew        DTLSTransportState = iota // "new"
	DTLSTransportStateConnecting                           // "connecting"
	DTLSTransportStateConnected                            // "connected"
	DTLSTransportStateClosed                               // "closed"
	DTLSTransportStateFailed                               // "failed"
)

var dTLSTransportStateEnum = enumTable{name: "RTCDtlsTransportState", values: []string{"new", "connecting", "connected", "closed", "failed"}, zeroInvalid: false}

// String returns the spec's value, such as "new".
func (v DTLSTransportState) String() string { return dTLSTransportStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v DTLSTransportState) MarshalText() ([]byte, error) {
	return dTLSTransportStateEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *DTLSTransportState) UnmarshalText(b []byte) error {
	return dTLSTransportStateEnum.unmarshal(b, (*int)(v))
}

// ParseDTLSTransportState returns the DTLSTransportState whose spec value is s, or an ErrType error.
func ParseDTLSTransportState(s string) (DTLSTransportState, error) {
	var v DTLSTransportState
	err := v.UnmarshalText([]byte(s))
	return v, err
}

// SCTPTransportState is the W3C RTCSctpTransportState (§6.1.2): the state of an SCTP transport.
type SCTPTransportState int

// The RTCSctpTransportState values.
const (
	SCTPTransportStateConnecting SCTPTransportState = iota // "connecting"
	SCTPTransportStateConnected                            // "connected"
	SCTPTransportStateClosed                               // "closed"
)

var sCTPTransportStateEnum = enumTable{name: "RTCSctpTransportState", values: []string{"connecting", "connected", "closed"}, zeroInvalid: false}

// String returns the spec's value, such as "connecting".
func (v SCTPTransportState) String() string { return sCTPTransportStateEnum.str(int(v)) }

// MarshalText encodes v as the spec's value.
func (v SCTPTransportState) MarshalText() ([]byte, error) {
	return sCTPTransportStateEnum.marshal(int(v))
}

// UnmarshalText decodes the spec's value; anything else is an ErrType error.
func (v *SCTPTransportState) UnmarshalText(b []byte) error {
	return sCTPTransportStateEnum.unmarshal(b, (*int)(v))
}

// ParseSCTPTransportState returns the SCTPTransportState whose spec value is s, or an ErrType error.
func ParseSCTPTransportState(s string) (SCTPTransportState, error) {
	var v SCTPTransportState
	err := v.UnmarshalText([]byte(s))
	return v, err
}
