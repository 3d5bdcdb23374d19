package webrtc

import (
	"context"
	"slices"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// OfferOptions is the W3C RTCOfferOptions (§4.2.7) with the legacy members
// of §4.4.3.2.
type OfferOptions struct {
	// ICERestart generates new ICE credentials (RFC 9429 §5.2.3.1).
	ICERestart bool
	// OfferToReceiveAudio and OfferToReceiveVideo are the legacy options:
	// true adds a recvonly transceiver when none can receive; false turns
	// receiving off on the existing ones. Nil leaves things as they are.
	OfferToReceiveAudio, OfferToReceiveVideo *bool
}

// AnswerOptions is the W3C RTCAnswerOptions (§4.2.8); it has no members.
type AnswerOptions struct{}

// CreateOffer creates an SDP offer (§4.4.2 createOffer, RFC 9429 §5.2):
// ErrInvalidState when closed or not in "stable" or "have-local-offer".
func (pc *PeerConnection) CreateOffer(ctx context.Context, opts *OfferOptions) (SessionDescription, error) {
	if err := pc.enterChain(ctx, "createOffer"); err != nil {
		return SessionDescription{}, err
	}
	defer pc.leaveChain()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.createOfferLocked(opts)
}

func (pc *PeerConnection) createOfferLocked(opts *OfferOptions) (SessionDescription, error) {
	if pc.signalingState != SignalingStateStable && pc.signalingState != SignalingStateHaveLocalOffer {
		return SessionDescription{}, newError(ErrInvalidState, "createOffer in signaling state %q", pc.signalingState)
	}
	if opts != nil {
		pc.applyLegacyOfferOptions(MediaKindAudio, opts.OfferToReceiveAudio)
		pc.applyLegacyOfferOptions(MediaKindVideo, opts.OfferToReceiveVideo)
	}
	text, err := pc.createOffer(opts)
	if err != nil {
		return SessionDescription{}, err
	}
	pc.lastCreatedOffer = text
	pc.lastOfferMod = pc.modCount
	return SessionDescription{Type: SDPTypeOffer, SDP: text}, nil
}

// applyLegacyOfferOptions runs the offerToReceive<Kind> steps of §4.4.3.2.
func (pc *PeerConnection) applyLegacyOfferOptions(kind MediaKind, v *bool) {
	if v == nil {
		return
	}
	if !*v {
		for _, t := range pc.transceivers {
			if t.kind != kind || t.stopping {
				continue
			}
			switch t.direction {
			case RTPTransceiverDirectionSendrecv:
				t.direction = RTPTransceiverDirectionSendonly
			case RTPTransceiverDirectionRecvonly:
				t.direction = RTPTransceiverDirectionInactive
			}
		}
		return
	}
	for _, t := range pc.transceivers {
		if t.kind == kind && !t.stopping && (t.direction == RTPTransceiverDirectionSendrecv || t.direction == RTPTransceiverDirectionRecvonly) {
			return
		}
	}
	pc.newTransceiver(kind, nil, RTPTransceiverDirectionRecvonly, nil, []RTPEncodingParameters{{Active: true}})
}

// CreateAnswer creates an SDP answer to the remote offer (§4.4.2
// createAnswer, RFC 9429 §5.3): ErrInvalidState when closed or not in
// "have-remote-offer" or "have-local-pranswer".
func (pc *PeerConnection) CreateAnswer(ctx context.Context, _ *AnswerOptions) (SessionDescription, error) {
	if err := pc.enterChain(ctx, "createAnswer"); err != nil {
		return SessionDescription{}, err
	}
	defer pc.leaveChain()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.createAnswerLocked()
}

func (pc *PeerConnection) createAnswerLocked() (SessionDescription, error) {
	if pc.signalingState != SignalingStateHaveRemoteOffer && pc.signalingState != SignalingStateHaveLocalPranswer {
		return SessionDescription{}, newError(ErrInvalidState, "createAnswer in signaling state %q", pc.signalingState)
	}
	text, err := pc.createAnswer()
	if err != nil {
		return SessionDescription{}, err
	}
	pc.lastCreatedAnswer = text
	pc.lastAnswerMod = pc.modCount
	return SessionDescription{Type: SDPTypeAnswer, SDP: text}, nil
}

// SetLocalDescription applies a local description (§4.4.2
// setLocalDescription). desc == nil, or a desc with an empty SDP, is the
// parameterless form: it creates the offer or answer the signaling state
// calls for. A description whose SDP differs from the last one created is
// rejected with ErrInvalidModification.
func (pc *PeerConnection) SetLocalDescription(ctx context.Context, desc *SessionDescription) error {
	if err := pc.enterChain(ctx, "setLocalDescription"); err != nil {
		return err
	}
	defer pc.leaveChain()
	pc.mu.Lock()
	var typ SDPType
	var text string
	if desc != nil {
		typ, text = desc.Type, desc.SDP
	}
	if typ == SDPTypeUnset {
		switch pc.signalingState {
		case SignalingStateStable, SignalingStateHaveLocalOffer, SignalingStateHaveRemotePranswer:
			typ = SDPTypeOffer
		default:
			typ = SDPTypeAnswer
		}
	}
	if !sDPTypeEnum.valid(int(typ)) {
		pc.mu.Unlock()
		return newError(ErrType, "description type %d is not an RTCSdpType", typ)
	}
	switch typ {
	case SDPTypeOffer:
		if text != "" && text != pc.lastCreatedOffer {
			pc.mu.Unlock()
			return newError(ErrInvalidModification, "the offer differs from the one createOffer returned last")
		}
		if text == "" {
			text = pc.lastCreatedOffer
			if text == "" || pc.lastOfferMod != pc.modCount {
				d, err := pc.createOfferLocked(nil)
				if err != nil {
					pc.mu.Unlock()
					return err
				}
				text = d.SDP
			}
		}
	case SDPTypeAnswer, SDPTypePranswer:
		if text != "" && text != pc.lastCreatedAnswer {
			pc.mu.Unlock()
			return newError(ErrInvalidModification, "the answer differs from the one createAnswer returned last")
		}
		if text == "" {
			text = pc.lastCreatedAnswer
			if text == "" || pc.lastAnswerMod != pc.modCount {
				d, err := pc.createAnswerLocked()
				if err != nil {
					pc.mu.Unlock()
					return err
				}
				text = d.SDP
			}
		}
	}
	if err := pc.setDescription(typ, text, false); err != nil {
		return err
	}
	return pc.syncTransport()
}

// SetRemoteDescription applies the remote peer's description (§4.4.2
// setRemoteDescription). An offer in "have-local-offer" first rolls the local
// offer back (perfect negotiation's implicit rollback).
func (pc *PeerConnection) SetRemoteDescription(ctx context.Context, desc SessionDescription) error {
	if err := pc.enterChain(ctx, "setRemoteDescription"); err != nil {
		return err
	}
	defer pc.leaveChain()
	pc.mu.Lock()
	if !sDPTypeEnum.valid(int(desc.Type)) {
		pc.mu.Unlock()
		return newError(ErrType, "description type %d is not an RTCSdpType", desc.Type)
	}
	if desc.Type == SDPTypeOffer && pc.signalingState == SignalingStateHaveLocalOffer {
		if err := pc.setDescription(SDPTypeRollback, "", false); err != nil {
			return err
		}
		pc.mu.Lock()
	}
	if err := pc.setDescription(desc.Type, desc.SDP, true); err != nil {
		return err
	}
	return pc.syncTransport()
}

// validTransition reports whether a description of type typ may be applied
// in the current signaling state (RFC 9429 §3.2 state machine).
func (pc *PeerConnection) validTransition(typ SDPType, remote bool) bool {
	s := pc.signalingState
	switch {
	case typ == SDPTypeOffer && !remote:
		return s == SignalingStateStable || s == SignalingStateHaveLocalOffer
	case typ == SDPTypeOffer && remote:
		return s == SignalingStateStable || s == SignalingStateHaveRemoteOffer
	case !remote: // answer, pranswer
		return s == SignalingStateHaveRemoteOffer || s == SignalingStateHaveLocalPranswer
	default:
		return s == SignalingStateHaveLocalOffer || s == SignalingStateHaveRemotePranswer
	}
}

// stableSnapshot is what a rollback restores (§4.4.1.4 step 6.4).
type stableSnapshot struct {
	transceivers map[*RTPTransceiver]transceiverState
	sctp         *SCTPTransport
}

type transceiverState struct {
	mid            string
	receptive      bool
	firedDirection RTPTransceiverDirection
	negotiatedRecv []RTPCodecParameters
	streams        []string
}

// setDescription is the W3C "set the session description" (§4.4.1.4).
// Called with pc.mu held; it unlocks it.
func (pc *PeerConnection) setDescription(typ SDPType, text string, remote bool) error {
	unlocked := false
	defer func() {
		if !unlocked {
			pc.mu.Unlock()
		}
	}()
	oldState := pc.signalingState
	if typ == SDPTypeRollback {
		if oldState != SignalingStateHaveLocalOffer && oldState != SignalingStateHaveRemoteOffer {
			return newError(ErrInvalidState, "rollback in signaling state %q", oldState)
		}
		// RFC 9429 §5.7: the effect is the same through either method.
		pc.rollback()
	} else {
		if !pc.validTransition(typ, remote) {
			return newError(ErrInvalidState, "%s %s in signaling state %q", side(remote), typ, oldState)
		}
		d, err := parseDescription(typ, text)
		if err != nil {
			return err
		}
		if err := pc.checkDescription(d, remote); err != nil {
			return err
		}
		if !remote {
			pc.setLocalCalled = true
		}
		if typ == SDPTypeOffer && oldState == SignalingStateStable {
			pc.saveStableState()
		}
		if err := pc.apply(d, remote); err != nil {
			return err
		}
	}
	newState := pc.signalingState
	if newState == SignalingStateStable {
		pc.snapshot = nil
		pc.negotiationNeeded = false
		pc.updateNegotiationNeeded()
	}
	tracks := pc.pendingTrackEvents
	pc.pendingTrackEvents = nil
	failed := pc.pendingChannelErrors
	pc.pendingChannelErrors = nil
	if newState != oldState {
		pc.fireSignalingStateChange(newState)
	}
	for _, dc := range failed {
		queueHandler(pc, func() func(error) { return dc.onError },
			error(&RTCError{ErrorDetail: ErrorDetailDataChannelFailure, Message: "no SCTP stream id is free for data channel " + dc.label}))
	}
	for _, t := range tracks {
		pc.queueTask(func() {
			if f := pc.handler().track; f != nil {
				f(t.receiver.track, t.receiver, t)
			}
		})
	}
	return nil
}

func side(remote bool) string {
	if remote {
		return "remote"
	}
	return "local"
}

func (pc *PeerConnection) saveStableState() {
	snap := &stableSnapshot{transceivers: map[*RTPTransceiver]transceiverState{}, sctp: pc.sctpTransport}
	for _, t := range pc.transceivers {
		snap.transceivers[t] = transceiverState{mid: t.mid, receptive: t.receptive, firedDirection: t.firedDirection,
			negotiatedRecv: t.negotiatedRecv, streams: t.receiver.track.streams}
	}
	pc.snapshot = snap
}

// rollback is step 12 of "set the session description".
func (pc *PeerConnection) rollback() {
	snap := pc.snapshot
	if snap != nil {
		pc.sctpTransport = snap.sctp
		var keep []*RTPTransceiver
		for _, t := range pc.transceivers {
			st, existed := snap.transceivers[t]
			if !existed || st.mid == "" {
				t.mid, t.jsepMid = "", ""
			}
			if existed {
				t.receptive, t.firedDirection, t.negotiatedRecv = st.receptive, st.firedDirection, st.negotiatedRecv
				t.receiver.track.streams = st.streams
			}
			if !existed && t.fromRemote && !t.everAddTrack {
				t.stopLocked(true)
				continue
			}
			keep = append(keep, t)
		}
		pc.transceivers = keep
	}
	pc.pendingLocal, pc.pendingRemote = nil, nil
	pc.signalingState = SignalingStateStable
}

// checkDescription runs the checks of "set the session description" step
// 4.5 that need the connection's state: RTCP mux, and that an answer (or a
// subsequent offer) keeps the m= sections in place (RFC 9429 §5.8.3,
// RFC 3264 §8).
func (pc *PeerConnection) checkDescription(d *description, remote bool) error {
	if remote && pc.config.RTCPMuxPolicy == RTCPMuxPolicyRequire {
		for i, m := range d.media {
			if !m.rejected && !isDataProto(m.proto) && isWebRTCProto(m.proto) && !m.rtcpMux && d.typ != SDPTypeOffer {
				return newError(ErrInvalidAccess, "m= section %d (mid %q) has no a=rtcp-mux and the rtcpMuxPolicy is require", i, m.mid)
			}
		}
	}
	var prev *description
	if d.typ == SDPTypeOffer {
		prev = pc.currentLocal
		if prev == nil {
			prev = pc.currentRemote
		}
	} else if remote {
		prev = pc.pendingLocal
	} else {
		prev = pc.pendingRemote
	}
	if prev == nil {
		return nil
	}
	if d.typ != SDPTypeOffer && len(d.media) != len(prev.media) {
		return newError(ErrInvalidAccess, "the answer has %d m= sections, the offer %d", len(d.media), len(prev.media))
	}
	if len(d.media) < len(prev.media) {
		return newError(ErrInvalidAccess, "the offer has %d m= sections, fewer than the %d negotiated", len(d.media), len(prev.media))
	}
	for i, p := range prev.media {
		m := d.media[i]
		if m.kind != p.kind || (m.mid != p.mid && !m.rejected && !p.rejected) {
			return newError(ErrInvalidAccess, "m= section %d changed from %s mid %q to %s mid %q", i, p.kind, p.mid, m.kind, m.mid)
		}
	}
	return nil
}

// apply performs steps 6.4–6.14 of "set the session description" for a
// parsed offer, answer or pranswer.
func (pc *PeerConnection) apply(d *description, remote bool) error {
	typ := d.typ
	// Associate m= sections with transceivers.
	if remote {
		if err := pc.associateRemote(d); err != nil {
			return err
		}
	} else {
		for _, m := range d.media {
			if !isDataProto(m.proto) {
				m.transceiver = pc.transceiverByMid(m.mid)
			}
		}
	}
	// State: steps 6.5 and 6.6.
	switch {
	case !remote && typ == SDPTypeOffer:
		pc.pendingLocal = d
		pc.signalingState = SignalingStateHaveLocalOffer
	case !remote && typ == SDPTypeAnswer:
		pc.currentLocal, pc.currentRemote = d, pc.pendingRemote
		pc.pendingLocal, pc.pendingRemote = nil, nil
		pc.lastCreatedOffer, pc.lastCreatedAnswer = "", ""
		pc.signalingState = SignalingStateStable
	case !remote && typ == SDPTypePranswer:
		pc.pendingLocal = d
		pc.signalingState = SignalingStateHaveLocalPranswer
	case remote && typ == SDPTypeOffer:
		pc.pendingRemote = d
		pc.signalingState = SignalingStateHaveRemoteOffer
	case remote && typ == SDPTypeAnswer:
		pc.currentRemote, pc.currentLocal = d, pc.pendingLocal
		pc.pendingLocal, pc.pendingRemote = nil, nil
		pc.lastCreatedOffer, pc.lastCreatedAnswer = "", ""
		pc.signalingState = SignalingStateStable
	case remote && typ == SDPTypePranswer:
		pc.pendingRemote = d
		pc.signalingState = SignalingStateHaveRemotePranswer
	}
	if typ == SDPTypeAnswer {
		local := pc.currentLocal
		stillReplaced := false
		for _, m := range local.media {
			if pc.localICECredsToReplace[m.ufrag] {
				stillReplaced = true
			}
		}
		if !stillReplaced {
			pc.localICECredsToReplace = nil
		}
	}
	if remote {
		if d.trickle {
			pc.canTrickle = 1
		} else {
			pc.canTrickle = 0
		}
	}
	// ICE role (RFC 8445 §6.1.1, §5.4 of the W3C text's note).
	if pc.iceRole == ICERoleUnknown && typ == SDPTypeOffer {
		switch {
		case !remote:
			pc.iceRole = ICERoleControlling
		case d.iceLite:
			pc.iceRole = ICERoleControlling
		default:
			pc.iceRole = ICERoleControlled
		}
	}
	// SCTP transport: steps 6.7, 6.8, 6.10.
	data := dataSection(d)
	if typ == SDPTypeOffer && data != nil && !data.rejected && pc.sctpTransport == nil {
		pc.sctpTransport = &SCTPTransport{pc: pc, state: SCTPTransportStateConnecting}
	}
	if typ == SDPTypeAnswer && pc.sctpTransport != nil && (data == nil || data.rejected) {
		pc.sctpTransport = nil
	}
	if typ == SDPTypeAnswer || typ == SDPTypePranswer {
		pc.negotiateDTLSRole(d, remote)
		remoteDesc := pc.remoteDescription()
		if pc.sctpTransport != nil && remoteDesc != nil {
			pc.sctpTransport.updateMaxMessageSize(dataSection(remoteDesc))
		}
		if pc.dtlsRole != dtlsRoleUnknown {
			pc.pendingChannelErrors = append(pc.pendingChannelErrors, pc.assignChannelIDs()...)
		}
	}
	// Transceivers: step 6.11.
	for _, m := range d.media {
		t := m.transceiver
		if t == nil {
			continue
		}
		if !remote {
			pc.applyLocalMedia(t, m, typ)
		} else {
			pc.applyRemoteMedia(t, m, typ)
		}
	}
	// Step 6.13: an answer removes stopped transceivers whose section is
	// rejected.
	if typ == SDPTypeAnswer {
		pc.transceivers = slices.DeleteFunc(pc.transceivers, func(t *RTPTransceiver) bool {
			if !t.stopped || t.mid == "" {
				return false
			}
			for _, desc := range []*description{pc.currentLocal, pc.currentRemote} {
				if _, m := desc.mediaByMid(t.mid); m != nil && m.rejected {
					return true
				}
			}
			return false
		})
	}
	return nil
}

func dataSection(d *description) *mediaSection {
	for _, m := range d.media {
		if isDataProto(m.proto) {
			return m
		}
	}
	return nil
}

// negotiateDTLSRole sets the DTLS role from the answer's a=setup (RFC 8842
// §5.2, §5.3): the side with "active" is the DTLS client.
func (pc *PeerConnection) negotiateDTLSRole(answer *description, remote bool) {
	for _, m := range answer.media {
		if m.rejected || m.setup == "" {
			continue
		}
		active := m.setup == sdp.SetupActive
		if remote {
			active = !active
		}
		if active {
			pc.dtlsRole = dtlsRoleClient
		} else {
			pc.dtlsRole = dtlsRoleServer
		}
		return
	}
}

// associateRemote finds or creates the transceiver of every RTP m= section
// of a remote offer (RFC 9429 §5.10) and marks it for the answer.
func (pc *PeerConnection) associateRemote(d *description) error {
	used := pc.usedMids()
	for _, m := range d.media {
		if isDataProto(m.proto) || (m.kind != "audio" && m.kind != "video") || !isWebRTCProto(m.proto) {
			continue
		}
		if m.mid == "" {
			m.mid = pc.newMid(used)
		}
		t := pc.transceiverByMid(m.mid)
		if t == nil && d.typ == SDPTypeOffer && !m.rejected {
			if m.direction.Sends() {
				for _, c := range pc.transceivers {
					if c.kind == MediaKind(m.kind) && c.mid == "" && c.everAddTrack && !c.stopping && !c.stopped &&
						!slices.ContainsFunc(d.media, func(o *mediaSection) bool { return o.transceiver == c }) {
						t = c
						break
					}
				}
			}
			if t == nil {
				t = pc.newTransceiver(MediaKind(m.kind), nil, RTPTransceiverDirectionRecvonly, nil, []RTPEncodingParameters{{Active: true}})
				t.fromRemote = true
			}
		}
		if t != nil {
			if MediaKind(m.kind) != t.kind {
				return newError(ErrInvalidAccess, "m= section mid %q is %s but its transceiver is %s", m.mid, m.kind, t.kind)
			}
			t.jsepMid = m.mid
		}
		m.transceiver = t
	}
	return nil
}

func (pc *PeerConnection) applyLocalMedia(t *RTPTransceiver, m *mediaSection, typ SDPType) {
	t.mid = t.jsepMid
	if t.mid == "" {
		t.mid, t.jsepMid = m.mid, m.mid
	}
	if t.stopped {
		return
	}
	dir := fromSDPDirection(m.direction)
	if m.rejected {
		dir = RTPTransceiverDirectionInactive
	}
	t.receptive = dir == RTPTransceiverDirectionSendrecv || dir == RTPTransceiverDirectionRecvonly
	if t.receptive {
		t.negotiatedRecv = codecParams(m.codecs)
	} else {
		t.negotiatedRecv = nil
	}
	if typ == SDPTypeAnswer || typ == SDPTypePranswer {
		t.negotiatedSend = codecParams(m.codecs)
		if (dir == RTPTransceiverDirectionSendonly || dir == RTPTransceiverDirectionInactive) &&
			(t.firedDirection == RTPTransceiverDirectionSendrecv || t.firedDirection == RTPTransceiverDirectionRecvonly) {
			t.receiver.track.streams = nil
		}
		t.currentDirection, t.hasCurrentDir, t.firedDirection = dir, true, dir
		if dir == RTPTransceiverDirectionSendrecv || dir == RTPTransceiverDirectionSendonly {
			t.sender.everSent = true
		}
	}
}

func (pc *PeerConnection) applyRemoteMedia(t *RTPTransceiver, m *mediaSection, typ SDPType) {
	t.mid = t.jsepMid
	dir := fromSDPDirection(m.direction.Reverse())
	if m.rejected {
		dir = RTPTransceiverDirectionInactive
	}
	var streams []string
	if dir == RTPTransceiverDirectionSendrecv || dir == RTPTransceiverDirectionRecvonly {
		for _, id := range m.msids {
			if id.StreamID != "-" && !slices.Contains(streams, id.StreamID) {
				streams = append(streams, id.StreamID)
			}
		}
	}
	// "process remote tracks" (§5.1): a track event when the remote starts
	// sending, or the track joins a new stream.
	added := slices.ContainsFunc(streams, func(s string) bool { return !slices.Contains(t.receiver.track.streams, s) })
	t.receiver.track.streams = streams
	receiving := dir == RTPTransceiverDirectionSendrecv || dir == RTPTransceiverDirectionRecvonly
	firedReceiving := t.firedDirection == RTPTransceiverDirectionSendrecv || t.firedDirection == RTPTransceiverDirectionRecvonly
	if receiving && (!firedReceiving || added) {
		pc.pendingTrackEvents = append(pc.pendingTrackEvents, t)
	}
	if !receiving {
		t.receptive = false
	}
	t.firedDirection = dir
	t.negotiatedRecv = codecParams(m.codecs)
	if typ == SDPTypeAnswer || typ == SDPTypePranswer {
		t.negotiatedSend = codecParams(m.codecs)
		t.currentDirection, t.hasCurrentDir = dir, true
		if dir == RTPTransceiverDirectionSendrecv || dir == RTPTransceiverDirectionSendonly {
			t.sender.everSent = true
		}
		if len(t.sender.sendEncodings) > 1 && len(m.rids) == 0 {
			// §4.4.1.4 6.11.2.8: no simulcast in the answer keeps only
			// the first encoding.
			t.sender.sendEncodings = t.sender.sendEncodings[:1]
		}
	}
	if m.rejected && !t.stopped {
		t.stopLocked(true)
	}
}

func codecParams(cs []negotiatedCodec) []RTPCodecParameters {
	out := make([]RTPCodecParameters, len(cs))
	for i, c := range cs {
		out[i] = c.RTPCodecParameters
	}
	return out
}
