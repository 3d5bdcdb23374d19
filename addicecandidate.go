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
	after, err := pc.addICECandidateLocked(init)
	pc.mu.Unlock()
	if after != nil {
		// The driver takes pc.mu itself: hand it the candidate unlocked.
		after()
	}
	return err
}

// addICECandidateLocked runs the chained steps of addIceCandidate with
// pc.mu held; after, if not nil, passes the candidate to the ICE agent.
func (pc *PeerConnection) addICECandidateLocked(init *ICECandidateInit) (after func(), err error) {
	remote := pc.remoteDescription()
	if remote == nil {
		return nil, newError(ErrInvalidState, "addIceCandidate before setRemoteDescription")
	}
	index := -1
	switch {
	case init.SDPMid != nil:
		if index, _ = remote.mediaByMid(*init.SDPMid); index < 0 {
			return nil, newError(ErrOperation, "sdpMid %q matches no m= section of the remote description", *init.SDPMid)
		}
	case init.SDPMLineIndex != nil:
		if int(*init.SDPMLineIndex) >= len(remote.media) {
			return nil, newError(ErrOperation, "sdpMLineIndex %d is beyond the %d m= sections", *init.SDPMLineIndex, len(remote.media))
		}
		index = int(*init.SDPMLineIndex)
	}
	if index >= 0 {
		if t := remote.media[index].transceiver; t != nil && t.stopped {
			return after, nil
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
			return nil, newError(ErrOperation, "usernameFragment %q matches no ICE generation of the remote description", *init.UsernameFragment)
		}
	}
	transport := pc.transportSection(remote)
	if init.Candidate == "" {
		if index < 0 || index == transport {
			after = func() { pc.drv.addRemoteCandidate(nil) }
		}
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
		return after, nil
	}
	c, err := ParseICECandidate(*init)
	if err != nil {
		return nil, err
	}
	// The candidate is handed to the ICE agent once the transports are
	// wired (integration issue); the description records it now.
	value := strings.TrimPrefix(strings.TrimPrefix(c.raw, "a="), "candidate:")
	md := remote.parsed.Media[index]
	md.AddAttribute(sdp.AttrCandidate, value)
	remote.text = remote.parsed.String()
	if index == transport || remote.inBundle(remote.media[index].mid) {
		if sc, err := sdp.ParseCandidate(value); err == nil {
			after = func() { pc.drv.addRemoteCandidate(&sc) }
		}
	}
	return after, nil
}
