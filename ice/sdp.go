package ice

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// ErrHostname is returned by FromSDP for a candidate whose address is a
// domain name, such as the "<uuid>.local" mDNS names browsers use
// (draft-ietf-mmusic-mdns-ice-candidates §3.1): resolve it (package mdns),
// put the address in the sdp.Candidate and convert again.
var ErrHostname = errors.New("ice: candidate address is a hostname")

// FromSDP converts the a=candidate value of RFC 8839 §5.1 to a Candidate.
// Only UDP candidates are usable (RFC 8839 §5.1: candidates with an unknown
// transport are ignored, reported as ErrBadCandidate).
func FromSDP(c sdp.Candidate) (Candidate, error) {
	if c.Protocol() != "udp" {
		return Candidate{}, fmt.Errorf("%w: transport %q", ErrBadCandidate, c.Transport)
	}
	typ, err := ParseCandidateType(c.Type)
	if err != nil {
		return Candidate{}, fmt.Errorf("%w: %v", ErrBadCandidate, err)
	}
	if c.IsFQDN() {
		return Candidate{}, fmt.Errorf("%w: %q", ErrHostname, c.Address)
	}
	ip, err := netip.ParseAddr(c.Address)
	if err != nil || ip.Zone() != "" {
		return Candidate{}, fmt.Errorf("%w: address %q", ErrBadCandidate, c.Address)
	}
	out := Candidate{Foundation: c.Foundation, Component: c.Component, Priority: c.Priority,
		Address: netip.AddrPortFrom(ip.Unmap(), uint16(c.Port)), Type: typ}
	if c.RelAddr != "" {
		// Related addresses are informational (RFC 8445 §5.1.1.1); browsers
		// hide them as 0.0.0.0 or with mDNS names, so a bad one is dropped.
		if ra, err := netip.ParseAddr(c.RelAddr); err == nil {
			out.Related = netip.AddrPortFrom(ra.Unmap(), uint16(c.RelPort))
		}
	}
	return out, nil
}

// SDP converts the candidate to the a=candidate value of RFC 8839 §5.1,
// with the mDNS Hostname in place of the address when there is one.
func (c Candidate) SDP() sdp.Candidate {
	out := sdp.Candidate{Foundation: c.Foundation, Component: c.Component, Transport: "udp", Priority: c.Priority,
		Address: c.Address.Addr().String(), Port: int(c.Address.Port()), Type: c.Type.String()}
	if c.Hostname != "" {
		out.Address = c.Hostname
	}
	if c.Type != CandidateHost {
		rel := c.Related
		if !rel.IsValid() {
			// RFC 8839 §5.1: rel-addr is mandatory for non-host
			// candidates; 0.0.0.0 0 when it is withheld (as browsers do).
			if c.Address.Addr().Is6() {
				rel = netip.AddrPortFrom(netip.IPv6Unspecified(), 0)
			} else {
				rel = netip.AddrPortFrom(netip.IPv4Unspecified(), 0)
			}
		}
		out.RelAddr, out.RelPort = rel.Addr().String(), int(rel.Port())
	}
	return out
}

// ParseCandidate parses an a=candidate value or the candidate string of a W3C
// RTCIceCandidateInit (with or without the "candidate:" prefix).
func ParseCandidate(s string) (Candidate, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "a="), "candidate:")
	c, err := sdp.ParseCandidate(s)
	if err != nil {
		return Candidate{}, err
	}
	return FromSDP(c)
}
