package webrtc

import (
	"math"
	"net/netip"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

var posInf = math.Inf(1)

// ICECandidateInit is the W3C RTCIceCandidateInit (§4.8.1): a candidate as
// signalling carries it. Nil pointers are the spec's null.
type ICECandidateInit struct {
	Candidate        string  `json:"candidate"`
	SDPMid           *string `json:"sdpMid,omitempty"`
	SDPMLineIndex    *uint16 `json:"sdpMLineIndex,omitempty"`
	UsernameFragment *string `json:"usernameFragment,omitempty"`
}

// ICECandidate is the W3C RTCIceCandidate (§4.8.1): a candidate with the
// fields parsed from its candidate-attribute (RFC 8839 §5.1).
type ICECandidate struct {
	Foundation       string
	Component        ICEComponent
	Priority         uint32
	Address          string
	Protocol         ICEProtocol
	Port             uint16
	Type             ICECandidateType
	TCPType          ICETCPCandidateType
	HasTCPType       bool
	RelatedAddress   string
	RelatedPort      uint16
	UsernameFragment string
	SDPMid           string
	SDPMLineIndex    uint16
	// URL is the STUN or TURN server a srflx or relay candidate came from.
	URL string
	raw string
}

// ParseICECandidate parses an RTCIceCandidateInit's candidate member:
// "candidate:<foundation> <component> <transport> …" (the "a=" is optional).
func ParseICECandidate(init ICECandidateInit) (*ICECandidate, error) {
	v := strings.TrimPrefix(init.Candidate, "a=")
	v, ok := strings.CutPrefix(v, "candidate:")
	if !ok {
		return nil, newError(ErrOperation, "candidate %q does not start with \"candidate:\"", init.Candidate)
	}
	c, err := sdp.ParseCandidate(v)
	if err != nil {
		return nil, newError(ErrOperation, "candidate %q: %v", init.Candidate, err)
	}
	out := &ICECandidate{Foundation: c.Foundation, Priority: c.Priority, Address: c.Address, raw: init.Candidate}
	switch c.Component {
	case 1:
		out.Component = ICEComponentRTP
	case 2:
		out.Component = ICEComponentRTCP
	default:
		return nil, newError(ErrOperation, "candidate %q has component %d", init.Candidate, c.Component)
	}
	if out.Protocol, err = ParseICEProtocol(c.Protocol()); err != nil {
		return nil, newError(ErrOperation, "candidate %q: transport %q", init.Candidate, c.Transport)
	}
	if out.Type, err = ParseICECandidateType(c.Type); err != nil {
		return nil, newError(ErrOperation, "candidate %q: type %q", init.Candidate, c.Type)
	}
	if c.Port < 0 || c.Port > math.MaxUint16 || c.RelPort < 0 || c.RelPort > math.MaxUint16 {
		return nil, newError(ErrOperation, "candidate %q: port out of range", init.Candidate)
	}
	out.Port, out.RelatedAddress, out.RelatedPort = uint16(c.Port), c.RelAddr, uint16(c.RelPort)
	if c.TCPType != "" {
		if out.TCPType, err = ParseICETCPCandidateType(c.TCPType); err != nil {
			return nil, newError(ErrOperation, "candidate %q: tcptype %q", init.Candidate, c.TCPType)
		}
		out.HasTCPType = true
	}
	if init.UsernameFragment != nil {
		out.UsernameFragment = *init.UsernameFragment
	} else if u, ok := c.Extension("ufrag"); ok {
		out.UsernameFragment = u
	}
	if init.SDPMid != nil {
		out.SDPMid = *init.SDPMid
	}
	if init.SDPMLineIndex != nil {
		out.SDPMLineIndex = *init.SDPMLineIndex
	}
	return out, nil
}

// IsMDNS reports whether the candidate's address is an mDNS name (a
// ".local" host name browsers use to hide local addresses).
func (c *ICECandidate) IsMDNS() bool {
	_, err := netip.ParseAddr(c.Address)
	return err != nil && strings.HasSuffix(strings.ToLower(c.Address), ".local")
}

// ToJSON returns the candidate as signalling carries it (§4.8.1 toJSON).
func (c *ICECandidate) ToJSON() ICECandidateInit {
	mid, idx, ufrag := c.SDPMid, c.SDPMLineIndex, c.UsernameFragment
	init := ICECandidateInit{Candidate: c.raw, SDPMid: &mid, SDPMLineIndex: &idx}
	if ufrag != "" {
		init.UsernameFragment = &ufrag
	}
	return init
}

// ICECandidateErrorEvent is the W3C RTCPeerConnectionIceErrorEvent
// (§4.8.5): a STUN or TURN server failed or did not answer.
type ICECandidateErrorEvent struct {
	Address   string
	Port      uint16
	URL       string
	ErrorCode uint16
	ErrorText string
}
