package ice

// TransportState is the W3C RTCIceTransportState (webrtc-pc §5.6.3).
type TransportState uint8

// RTCIceTransportState values.
const (
	StateNew TransportState = iota
	StateChecking
	StateConnected
	StateCompleted
	StateDisconnected
	StateFailed
	StateClosed
)

// String returns the W3C enum value.
func (s TransportState) String() string {
	switch s {
	case StateNew:
		return "new"
	case StateChecking:
		return "checking"
	case StateConnected:
		return "connected"
	case StateCompleted:
		return "completed"
	case StateDisconnected:
		return "disconnected"
	case StateFailed:
		return "failed"
	case StateClosed:
		return "closed"
	}
	return "unknown"
}

// GatheringState is the W3C RTCIceGathererState (webrtc-pc §5.6.2).
type GatheringState uint8

// RTCIceGathererState values.
const (
	GatheringNew GatheringState = iota
	GatheringGathering
	GatheringComplete
)

// String returns the W3C enum value.
func (s GatheringState) String() string {
	switch s {
	case GatheringNew:
		return "new"
	case GatheringGathering:
		return "gathering"
	case GatheringComplete:
		return "complete"
	}
	return "unknown"
}

// Role is the agent's ICE role (RFC 8445 §6.1.1).
type Role uint8

// ICE roles.
const (
	Controlled Role = iota
	Controlling
)

// String returns "controlling" or "controlled".
func (r Role) String() string {
	if r == Controlling {
		return "controlling"
	}
	return "controlled"
}

// EventType tells which field of an Event is meaningful.
type EventType uint8

// Event types.
const (
	// EventCandidate: a local candidate was gathered (W3C icecandidate);
	// Event.Candidate holds it.
	EventCandidate EventType = iota + 1
	// EventGatheringState: Event.GatheringState changed
	// (icegatheringstatechange). GatheringComplete is also the
	// end-of-candidates signal (the W3C null candidate).
	EventGatheringState
	// EventState: Event.State changed (RTCIceTransport statechange).
	EventState
	// EventSelectedPair: the selected pair changed; Event.Pair holds it
	// (selectedcandidatepairchange). Data must be sent from Pair.Local.Base
	// to Pair.Remote.Address.
	EventSelectedPair
	// EventCandidateError: a STUN server did not answer or refused;
	// Event.Error describes it (W3C icecandidateerror, §4.8.2).
	EventCandidateError
	// EventRoleChange: a role conflict (RFC 8445 §7.3.1.1) switched the
	// agent's role; Event.Role is the new role.
	EventRoleChange
)

// CandidateError is the content of a W3C RTCPeerConnectionIceErrorEvent.
type CandidateError struct {
	// Address and Port are the local base the request was sent from.
	Address string
	Port    int
	// URL is the STUN or TURN server URL.
	URL string
	// ErrorCode is the STUN error code, or 701 when the server could not
	// be reached (W3C webrtc-pc §4.8.2).
	ErrorCode int
	// ErrorText is the STUN reason phrase, or a description.
	ErrorText string
}

// Event is something the layer above must learn about. Only the field named
// by Type is meaningful.
type Event struct {
	Type           EventType
	Candidate      Candidate
	GatheringState GatheringState
	State          TransportState
	Pair           Pair
	Error          CandidateError
	Role           Role
}
