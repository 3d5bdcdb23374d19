package webrtc

import (
	"slices"
	"strconv"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// createAnswer is "create an answer" (§4.4.2, RFC 9429 §5.3). Called with
// pc.mu held, in have-remote-offer or have-local-pranswer.
func (pc *PeerConnection) createAnswer() (string, error) {
	offer := pc.pendingRemote
	if offer == nil || offer.typ != SDPTypeOffer {
		return "", newError(ErrInvalidState, "createAnswer without a remote offer")
	}
	rejected := pc.answerRejections(offer)
	s := pc.newSessionDescription()
	var group []string
	for i, m := range offer.media {
		if !rejected[i] && offer.inBundle(m.mid) {
			group = append(group, m.mid)
		}
	}
	// One transport for the accepted BUNDLE group, and one for every section
	// outside it (RFC 9429 §5.3.1: bundled sections share ICE credentials,
	// the others have unique ones).
	var bundleTr *transport
	poolTaken := false
	for i, m := range offer.media {
		if rejected[i] {
			s.Media = append(s.Media, rejectedSection(m.kind, m.proto, m.formats, m.mid))
			continue
		}
		var tr *transport
		if slices.Contains(group, m.mid) && bundleTr != nil {
			tr = bundleTr
		} else {
			tr = &transport{creds: pc.answerCredentials(m, &poolTaken), setup: pc.answerSetup(m)}
			if slices.Contains(group, m.mid) {
				bundleTr = tr
			}
		}
		if isDataProto(m.proto) {
			md := pc.dataSection(9, tr, m.mid)
			ml, _ := md.MediaLine()
			ml.Proto, ml.Formats = m.proto, m.formats
			md.SetMediaLine(ml)
			s.Media = append(s.Media, md)
			continue
		}
		t := m.transceiver
		codecs := answerCodecs(t, m)
		var exts []sdp.ExtMap
		for _, e := range m.extmaps {
			if extensionSupported(t.kind, e.URI) {
				exts = append(exts, e)
			}
		}
		dir := answerDirection(t.direction, m.direction)
		var recvRIDs []string
		if m.simulcast != nil && len(m.simulcast.Send) > 0 {
			recvRIDs = simulcastRIDs(m)
		}
		md := pc.rtpSection(m.kind, m.proto, 9, tr, m.mid, t, dir, codecs, exts, m.rtcpRsize, recvRIDs, false)
		if !m.rtcpMux {
			// RFC 9429 §5.3.1: without rtcp-mux in the offer, a=rtcp stays
			// and a=rtcp-mux goes (only reachable with policy negotiate).
			md.RemoveAttributes(sdp.AttrRTCPMux)
		}
		s.Media = append(s.Media, md)
	}
	if len(group) > 0 {
		s.AddAttribute(sdp.AttrGroup, sdp.Group{Semantics: "BUNDLE", Mids: group}.String())
	}
	s.AddAttribute(sdp.AttrExtMapAllowMixed, "")
	if offer.trickle {
		s.AddAttribute(sdp.AttrICEOptions, "trickle")
	}
	return s.String(), nil
}

// simulcastRIDs returns the rids of an offer to send simulcast that the
// answer receives: the first of each alternative, no duplicates, only rids
// the offer declares with a=rid send (§4.4.2 createAnswer step 2).
func simulcastRIDs(m *mediaSection) []string {
	var out []string
	for _, alts := range m.simulcast.Send {
		if len(alts) == 0 || slices.Contains(out, alts[0].RID) {
			continue
		}
		rid := alts[0].RID
		if slices.ContainsFunc(m.rids, func(r sdp.RID) bool { return r.ID == rid && r.Direction == sdp.RIDSend }) {
			out = append(out, rid)
		}
	}
	return out
}

// answerRejections decides which offered m= sections the answer rejects
// (RFC 9429 §5.3.1).
func (pc *PeerConnection) answerRejections(offer *description) []bool {
	rejected := make([]bool, len(offer.media))
	firstOfKind := map[string]int{}
	first := -1
	for i, m := range offer.media {
		switch {
		case m.rejected || !isWebRTCProto(m.proto):
			rejected[i] = true
		case isDataProto(m.proto):
			rejected[i] = false
		case m.kind != "audio" && m.kind != "video":
			rejected[i] = true
		case m.transceiver == nil || m.transceiver.stopping || m.transceiver.stopped:
			rejected[i] = true
		case len(answerCodecs(m.transceiver, m)) == 0:
			rejected[i] = true
		case pc.config.RTCPMuxPolicy == RTCPMuxPolicyRequire && !m.rtcpMux:
			rejected[i] = true
		}
		if rejected[i] {
			continue
		}
		sameGroup := func(j int) bool {
			return j >= 0 && offer.inBundle(m.mid) && offer.inBundle(offer.media[j].mid)
		}
		switch pc.config.BundlePolicy {
		case BundlePolicyMaxBundle:
			if first >= 0 && !sameGroup(first) {
				rejected[i] = true
			}
		case BundlePolicyBalanced:
			if j, ok := firstOfKind[m.kind]; ok && !sameGroup(j) {
				rejected[i] = true
			}
		}
		if rejected[i] {
			continue
		}
		if first < 0 {
			first = i
		}
		if _, ok := firstOfKind[m.kind]; !ok {
			firstOfKind[m.kind] = i
		}
	}
	// RFC 9143 §7.3.3: if the offerer-tagged section is rejected, so is
	// the whole group.
	if len(offer.bundle) > 0 {
		if j, _ := offer.mediaByMid(offer.bundle[0]); j >= 0 && rejected[j] {
			for i, m := range offer.media {
				if offer.inBundle(m.mid) {
					rejected[i] = true
				}
			}
		}
	}
	return rejected
}

// answerCredentials keeps the ICE credentials of the current local
// description for the section unless the remote restarts ICE (its ufrag
// changed: RFC 8839 §4.4.1.1.2) or RestartICE asked for new ones.
func (pc *PeerConnection) answerCredentials(m *mediaSection, poolTaken *bool) iceCredentials {
	if pc.currentLocal != nil && pc.currentRemote != nil {
		_, old := pc.currentLocal.mediaByMid(m.mid)
		_, oldRemote := pc.currentRemote.mediaByMid(m.mid)
		if old == nil && len(pc.currentLocal.bundle) > 0 {
			_, old = pc.currentLocal.mediaByMid(pc.currentLocal.bundle[0])
		}
		if old != nil && old.ufrag != "" && oldRemote != nil && oldRemote.ufrag == m.ufrag && !pc.localICECredsToReplace[old.ufrag] {
			return iceCredentials{old.ufrag, old.pwd}
		}
	}
	return pc.freshCredentials(poolTaken)
}

// answerSetup picks the DTLS role of the answer (RFC 8842 §5.3, RFC 9429
// §5.3.1): keep an established role; otherwise "active" to an actpass offer,
// and the opposite of an active or passive one.
func (pc *PeerConnection) answerSetup(m *mediaSection) sdp.Setup {
	if pc.dtlsRole != dtlsRoleUnknown && pc.currentRemote != nil {
		if _, old := pc.currentRemote.mediaByMid(m.mid); old != nil && slices.EqualFunc(old.fps, m.fps, sdp.Fingerprint.Equal) {
			if pc.dtlsRole == dtlsRoleClient {
				return sdp.SetupActive
			}
			return sdp.SetupPassive
		}
	}
	if m.setup == sdp.SetupActive {
		return sdp.SetupPassive
	}
	return sdp.SetupActive
}

// answerDirection intersects the transceiver's direction with the reverse
// of the offered one (RFC 3264 §6.1, RFC 9429 §5.3.1).
func answerDirection(local RTPTransceiverDirection, offered sdp.Direction) RTPTransceiverDirection {
	send := (local == RTPTransceiverDirectionSendrecv || local == RTPTransceiverDirectionSendonly) && offered.Receives()
	recv := (local == RTPTransceiverDirectionSendrecv || local == RTPTransceiverDirectionRecvonly) && offered.Sends()
	return directionOf(send, recv)
}

func directionOf(send, recv bool) RTPTransceiverDirection {
	switch {
	case send && recv:
		return RTPTransceiverDirectionSendrecv
	case send:
		return RTPTransceiverDirectionSendonly
	case recv:
		return RTPTransceiverDirectionRecvonly
	}
	return RTPTransceiverDirectionInactive
}

func fromSDPDirection(d sdp.Direction) RTPTransceiverDirection {
	return directionOf(d.Sends(), d.Receives())
}

// answerCodecs intersects the offered codecs with the supported ones, in the
// offer's order (or the codec preferences' order), with the offerer's
// payload types and only the RTCP feedback both support; RTX is kept for
// the primary codecs kept (RFC 9429 §5.3.1, RFC 4588 §8.1).
func answerCodecs(t *RTPTransceiver, m *mediaSection) []negotiatedCodec {
	var primaries []negotiatedCodec
	supported := func(c negotiatedCodec) (codecEntry, bool) {
		for _, e := range supportedCodecs(t.kind) {
			if e.RTPCodecCapability.matches(c.RTPCodecCapability) {
				return e, true
			}
		}
		return codecEntry{}, false
	}
	for _, c := range m.codecs {
		if isResilienceCodec(c.MimeType) {
			continue
		}
		e, ok := supported(c)
		if !ok {
			continue
		}
		out := c
		out.feedback = nil
		for _, fb := range c.feedback {
			if feedbackSupported(t.kind, e.MimeType, fb) {
				out.feedback = append(out.feedback, fb)
			}
		}
		primaries = append(primaries, out)
	}
	if len(t.preferredCodecs) > 0 {
		var ordered []negotiatedCodec
		for _, p := range t.preferredCodecs {
			for _, c := range primaries {
				if p.matches(c.RTPCodecCapability) && !slices.ContainsFunc(ordered, func(o negotiatedCodec) bool { return o.PayloadType == c.PayloadType }) {
					ordered = append(ordered, c)
				}
			}
		}
		primaries = ordered
	}
	if len(primaries) == 0 {
		return nil
	}
	out := slices.Clone(primaries)
	for _, c := range m.codecs {
		if !strings.EqualFold(c.MimeType, m.kind+"/rtx") {
			continue
		}
		apt, _ := fmtpParam(c.SDPFmtpLine, "apt")
		if slices.ContainsFunc(primaries, func(p negotiatedCodec) bool { return strconv.Itoa(int(p.PayloadType)) == apt }) {
			out = append(out, c)
		}
	}
	return out
}
