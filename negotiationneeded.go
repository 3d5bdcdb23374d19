package webrtc

import "slices"

// negotiationIsNeeded is "check if negotiation is needed" (§4.7.3). Called
// with pc.mu held.
func (pc *PeerConnection) negotiationIsNeeded() bool {
	if len(pc.localICECredsToReplace) > 0 {
		return true
	}
	desc := pc.currentLocal
	if pc.dataChannelsCreated && (desc == nil || dataSection(desc) == nil) {
		return true
	}
	for _, t := range pc.transceivers {
		if t.stopping && !t.stopped {
			return true
		}
		var m *mediaSection
		if desc != nil && t.mid != "" {
			_, m = desc.mediaByMid(t.mid)
		}
		if !t.stopped && m == nil {
			return true
		}
		if !t.stopped && m != nil {
			if t.direction == RTPTransceiverDirectionSendrecv || t.direction == RTPTransceiverDirectionSendonly {
				var ids []string
				for _, id := range m.msids {
					ids = append(ids, id.StreamID)
				}
				want := t.sender.streamIDs
				if len(want) == 0 {
					want = []string{"-"}
				}
				if len(m.msids) == 0 || !sameSet(ids, want) {
					return true
				}
			}
			switch desc.typ {
			case SDPTypeOffer:
				local := fromSDPDirection(m.direction)
				remote := RTPTransceiverDirectionInactive
				if pc.currentRemote != nil {
					if _, rm := pc.currentRemote.mediaByMid(t.mid); rm != nil {
						remote = fromSDPDirection(rm.direction.Reverse())
					}
				}
				if local != t.direction && remote != t.direction {
					return true
				}
			case SDPTypeAnswer:
				offered := RTPTransceiverDirectionInactive
				if pc.currentRemote != nil {
					if _, rm := pc.currentRemote.mediaByMid(t.mid); rm != nil {
						offered = answerDirection(t.direction, rm.direction)
					}
				}
				if fromSDPDirection(m.direction) != offered {
					return true
				}
			}
		}
		if t.stopped && t.mid != "" {
			rejected := false
			for _, d := range []*description{pc.currentLocal, pc.currentRemote} {
				if d == nil {
					continue
				}
				if _, mm := d.mediaByMid(t.mid); mm != nil && mm.rejected {
					rejected = true
				}
			}
			if !rejected {
				return true
			}
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
