package ice

import (
	"fmt"
	"hash/fnv"
	"net/netip"
	"strconv"
)

// CandidateType is the type of a candidate (RFC 8445 §5.1.1, §7.2.5.3.1).
type CandidateType uint8

// Candidate types, with the names of RFC 8839 §5.1 ("host", "srflx",
// "prflx", "relay").
const (
	CandidateHost CandidateType = iota
	CandidateServerReflexive
	CandidatePeerReflexive
	CandidateRelay
)

// String returns the cand-type token of RFC 8839 §5.1.
func (t CandidateType) String() string {
	switch t {
	case CandidateHost:
		return "host"
	case CandidateServerReflexive:
		return "srflx"
	case CandidatePeerReflexive:
		return "prflx"
	case CandidateRelay:
		return "relay"
	}
	return "unknown"
}

// ParseCandidateType parses a cand-type token of RFC 8839 §5.1.
func ParseCandidateType(s string) (CandidateType, error) {
	switch s {
	case "host":
		return CandidateHost, nil
	case "srflx":
		return CandidateServerReflexive, nil
	case "prflx":
		return CandidatePeerReflexive, nil
	case "relay":
		return CandidateRelay, nil
	}
	return 0, fmt.Errorf("ice: unknown candidate type %q", s)
}

// TypePreference returns the RECOMMENDED type preference of RFC 8445
// §5.1.2.2: 126 for host, 110 for peer-reflexive, 100 for server-reflexive
// and 0 for relayed candidates.
func (t CandidateType) TypePreference() uint32 {
	switch t {
	case CandidateHost:
		return 126
	case CandidatePeerReflexive:
		return 110
	case CandidateServerReflexive:
		return 100
	}
	return 0
}

// Component is the ICE component ID. WebRTC multiplexes RTP and RTCP
// (RFC 8834 §4.5), so this agent only uses component 1.
const Component = 1

// Priority computes a candidate priority with the formula of RFC 8445
// §5.1.2.1: 2^24·type preference + 2^8·local preference + (256 − component).
func Priority(t CandidateType, localPref uint16, component int) uint32 {
	return t.TypePreference()<<24 | uint32(localPref)<<8 | uint32(256-component)&0xff
}

// Candidate is a local or remote ICE candidate (RFC 8445 §5.1). Only UDP
// candidates are supported.
type Candidate struct {
	// Foundation groups candidates of the same type, base IP and server
	// (RFC 8445 §5.1.1.3).
	Foundation string
	// Component is the component ID (always 1 in WebRTC).
	Component int
	// Priority is the candidate priority (RFC 8445 §5.1.2).
	Priority uint32
	// Address is the candidate's transport address.
	Address netip.AddrPort
	// Type is host, srflx, prflx or relay.
	Type CandidateType
	// Related is the related address for reflexive and relayed candidates
	// (RFC 8839 §5.1, rel-addr/rel-port); zero for host candidates.
	Related netip.AddrPort
	// Base is the base of a local candidate (RFC 8445 §5.1.1.1): the
	// address the agent sends from. It is zero for remote candidates.
	Base netip.AddrPort
	// URL is the STUN or TURN server URL a local server-reflexive or relayed
	// candidate was obtained from (W3C RTCIceCandidate.url).
	URL string
	// Hostname is the mDNS name signalled instead of the address
	// (draft-ietf-mmusic-mdns-ice-candidates §3.1.1 step 6): for a local
	// host candidate, see Config.HostName; a remote one keeps the name it
	// was signalled with once resolved (§3.2.2: the address is not shown).
	Hostname string
}

// String formats the candidate like the candidate-attribute of RFC 8839
// §5.1 (without the "candidate:" prefix or extensions), for logs.
func (c Candidate) String() string {
	s := c.Foundation + " " + strconv.Itoa(c.Component) + " udp " + strconv.FormatUint(uint64(c.Priority), 10) + " " +
		c.Address.Addr().String() + " " + strconv.Itoa(int(c.Address.Port())) + " typ " + c.Type.String()
	if c.Related.IsValid() {
		s += " raddr " + c.Related.Addr().String() + " rport " + strconv.Itoa(int(c.Related.Port()))
	}
	return s
}

// foundation computes a foundation string that is equal for candidates
// with the same type, base IP address, server and transport protocol, and
// different otherwise (RFC 8445 §5.1.1.3). It is a hash so that it stays
// within the 1*32ice-char of RFC 8839 §5.1.
func foundation(t CandidateType, base netip.Addr, server netip.Addr) string {
	h := fnv.New32a()
	var buf [40]byte
	b := append(buf[:0], byte(t), 'u')
	b = base.AppendTo(b)
	b = append(b, '|')
	b = server.AppendTo(b)
	h.Write(b)
	return strconv.FormatUint(uint64(h.Sum32()), 10)
}
