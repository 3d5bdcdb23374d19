package webrtc

import (
	"context"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// AddICECandidate adds a remote candidate (§4.4.2 addIceCandidate). nil, or
// an empty candidate string, is an end-of-candidates indication: for the
// section that sdpMid/sdpMLineIndex name, or for all of them. The candidate
// is also added to the remote description's SDP, as the spec says.
func (pc *PeerConnection) AddICECandidate(ctx context.Context, init *ICECandidateInit) error {
	if init == nil {
		init = &ICECandidateInit{}
	}
	if init.Candidate != "" && init.SDPMid == nil && init.SDPMLineIndex == nil {
		return newError(ErrType, "candidate %q has neither sdpMid nor sdpMLineIndex", init.Candidate)
	}
	if err := pc.enterChain(ctx, "addIceCandidate"); err != nil {
		return err
	}
	defer pc.leaveChain()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	remote := pc.remoteDescription()
	if remote == nil {
		return newError(ErrInvalidState, "addIceCandidate before setRemoteDescription")
	}
	index := -1
	switch {
	case init.SDPMid != nil:
		if index, _ = remote.mediaByMid(*init.SDPMid); index < 0 {
			return newError(ErrOperation, "sdpMid %q matches no m= section of the remote description", *init.SDPMid)
		}
	case init.SDPMLineIndex != nil:
		if int(*init.SDPMLineIndex) >= len(remote.media) {
			return newError(ErrOperation, "sdpMLineIndex %d is beyond the %d m= sections", *init.SDPMLineIndex, len(remote.media))
		}
		index = int(*init.SDPMLineIndex)
	}
	if index >= 0 {
		if t := remote.media[index].transceiver; t != nil && t.stopped {
			return nil
		}
	}
	if init.UsernameFragment != nil {
		found := false
		for i, m := range remote.media {
			if (index < 0 || i == index) && m.ufrag == *init.UsernameFragment {
				found = true
			}
		}
		if !found {
			return newError(ErrOperation, "usernameFragment %q matches no ICE generation of the remote description", *init.UsernameFragment)
		}
	}
	if init.Candidate == "" {
		for i, m := range remote.media {
			if index < 0 || i == index {
				m.eoc = true
				md := remote.parsed.Media[i]
				if !md.HasAttribute(sdp.AttrEndOfCandidates) {
					md.AddAttribute(sdp.AttrEndOfCandidates, "")
				}
			}
		}
		remote.text = remote.parsed.String()
		return nil
	}
	c, err := ParseICECandidate(*init)
	if err != nil {
		return err
	}
	// The candidate is handed to the ICE agent once the transports are
	// wired (integration issue); the description records it now.
	md := remote.parsed.Media[index]
	md.AddAttribute(sdp.AttrCandidate, strings.TrimPrefix(strings.TrimPrefix(c.raw, "a="), "candidate:"))
	remote.text = remote.parsed.String()
	return nil
}
