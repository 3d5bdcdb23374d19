package webrtc

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// The SCTP port and max-message-size this stack offers (RFC 8841 §5, §6).
// 256 KiB is what Chromium and Firefox accept.
const (
	sctpPort       = 5000
	maxMessageSize = 262144
)

// slot is one m= section of an offer being built (RFC 9429 §5.2).
type slot struct {
	kind     string // "audio", "video", "application", or another media
	proto    string
	formats  []string // for rejected sections of unknown media
	t        *RTPTransceiver
	data     bool
	mid      string
	rejected bool
	prev     *mediaSection // the same section in the base description, or nil
}

// transport is the ICE/DTLS identity a non-bundled m= section carries.
type transport struct {
	creds iceCredentials
	setup sdp.Setup
}

// freshCredentials returns the pooled credentials for the first new
// transport of the first local description (they are the pre-gathered
// agent's), and new ones otherwise.
func (pc *PeerConnection) freshCredentials(taken *bool) iceCredentials {
	if pc.pooled.ufrag != "" && !*taken && pc.currentLocal == nil && pc.pendingLocal == nil {
		*taken = true
		return pc.pooled
	}
	return newICECredentials()
}

func newICECredentials() iceCredentials {
	// RFC 8839 §5.4: ufrag ≥ 24 bits of randomness (4 chars), pwd ≥ 128 bits
	// (22 chars). Browsers use 4 and 24.
	return iceCredentials{ufrag: randomString(4, iceChars), pwd: randomString(24, iceChars)}
}

// newSessionDescription starts a description with the session-level lines
// RFC 9429 §5.2.1 prescribes.
func (pc *PeerConnection) newSessionDescription() *sdp.SessionDescription {
	pc.sessionVer++
	s := &sdp.SessionDescription{Lines: []sdp.Line{
		{Type: 'v', Value: "0"},
		{Type: 'o', Value: "- " + strconv.FormatUint(pc.sessionID, 10) + " " + strconv.FormatUint(pc.sessionVer, 10) + " IN IP4 0.0.0.0"},
		{Type: 's', Value: "-"},
		{Type: 't', Value: "0 0"},
	}}
	return s
}

// usedMids returns every mid of the current and pending descriptions, so
// that a new mid never collides with one in use.
func (pc *PeerConnection) usedMids() map[string]bool {
	used := map[string]bool{}
	for _, d := range []*description{pc.currentLocal, pc.pendingLocal, pc.currentRemote, pc.pendingRemote} {
		if d == nil {
			continue
		}
		for _, m := range d.media {
			used[m.mid] = true
		}
	}
	for _, t := range pc.transceivers {
		used[t.mid], used[t.jsepMid] = true, true
	}
	return used
}

func (pc *PeerConnection) newMid(used map[string]bool) string {
	for {
		mid := strconv.Itoa(pc.nextMid)
		pc.nextMid++
		if !used[mid] {
			used[mid] = true
			return mid
		}
	}
}

// negotiatedBundle returns the BUNDLE group of the last completed
// offer/answer exchange (the answer's group), or nil.
func (pc *PeerConnection) negotiatedBundle() []string {
	for _, d := range []*description{pc.currentLocal, pc.currentRemote} {
		if d != nil && d.typ == SDPTypeAnswer {
			return d.bundle
		}
	}
	return nil
}

// createOffer is "create an offer" (§4.4.2, RFC 9429 §5.2). Called with
// pc.mu held.
func (pc *PeerConnection) createOffer(opts *OfferOptions) (string, error) {
	base := pc.currentLocal
	if pc.signalingState == SignalingStateHaveLocalOffer {
		base = pc.pendingLocal
	}
	used := pc.usedMids()
	var slots []slot
	if base != nil {
		for _, m := range base.media {
			s := slot{kind: m.kind, proto: m.proto, formats: m.formats, mid: m.mid, prev: m}
			switch {
			case isDataProto(m.proto):
				s.data = true
				s.rejected = m.rejected && !pc.dataChannelsCreated
			default:
				s.t = pc.transceiverByMid(m.mid)
				s.rejected = s.t == nil || s.t.stopping || s.t.stopped
			}
			slots = append(slots, s)
		}
	}
	for _, t := range pc.transceivers {
		if t.stopping || t.stopped || slices.ContainsFunc(slots, func(s slot) bool { return s.t == t }) {
			continue
		}
		if t.jsepMid == "" {
			t.jsepMid = pc.newMid(used)
		}
		slots = append(slots, slot{kind: string(t.kind), proto: "UDP/TLS/RTP/SAVPF", t: t, mid: t.jsepMid})
	}
	if pc.dataChannelsCreated && !slices.ContainsFunc(slots, func(s slot) bool { return s.data }) {
		slots = append(slots, slot{kind: "application", proto: "UDP/DTLS/SCTP", data: true, mid: pc.newMid(used)})
	}

	restart := opts != nil && opts.ICERestart
	bundle := pc.negotiatedBundle()
	var bundleTransport, firstTransport *transport
	poolTaken := false
	transports := map[string]*transport{} // by ufrag of the base, so sections sharing one keep sharing it
	firstOfKind := map[string]bool{}
	var firstLive string
	s := pc.newSessionDescription()
	var groupMids []string
	for i := range slots {
		sl := &slots[i]
		if sl.rejected {
			s.Media = append(s.Media, rejectedSection(sl.kind, sl.proto, sl.formats, sl.mid))
			continue
		}
		groupMids = append(groupMids, sl.mid)
		bundleOnly := false
		bundled := slices.Contains(bundle, sl.mid)
		if sl.prev == nil {
			// A new section: its bundle-only marking follows the policy
			// (RFC 9429 §5.2.1), in the initial offer and later ones alike.
			switch pc.config.BundlePolicy {
			case BundlePolicyMaxBundle:
				bundleOnly = firstLive != "" || bundle != nil
			case BundlePolicyBalanced:
				bundleOnly = firstOfKind[sl.kind] || (bundle != nil && pc.bundleHasKind(bundle, sl.kind))
			}
			bundled = bundle != nil && bundleOnly
		}
		if firstLive == "" {
			firstLive = sl.mid
		}
		firstOfKind[sl.kind] = true
		var tr *transport
		switch {
		case bundleOnly:
			// RFC 9429 §5.2.1 leaves ICE credentials out of bundle-only
			// sections; Chromium 156 then rejects the second and later
			// bundle-only sections of an offer (interop/jsep shows it). So
			// they repeat the BUNDLE-tagged section's transport attributes,
			// which RFC 8843 receivers ignore: port 0 and a=bundle-only
			// still keep them off any transport of their own.
			tr = firstTransport
		case bundled && bundleTransport != nil:
			tr = bundleTransport
		default:
			key := ""
			if sl.prev != nil && sl.prev.ufrag != "" && !restart && !pc.localICECredsToReplace[sl.prev.ufrag] {
				key = sl.prev.ufrag
			}
			if key != "" && transports[key] != nil {
				tr = transports[key]
			} else {
				tr = &transport{setup: sdp.SetupActPass}
				if key != "" {
					tr.creds = iceCredentials{sl.prev.ufrag, sl.prev.pwd}
					transports[key] = tr
				} else {
					tr.creds = pc.freshCredentials(&poolTaken)
				}
			}
			if bundled {
				bundleTransport = tr
			}
		}
		if firstTransport == nil {
			firstTransport = tr
		}
		var md *sdp.MediaDescription
		if sl.data {
			md = pc.dataSection(9, tr, sl.mid)
		} else {
			md = pc.offerRTPSection(sl, tr)
		}
		if bundleOnly {
			ml, _ := md.MediaLine()
			ml.Port = 0
			md.SetMediaLine(ml)
			md.AddAttribute(sdp.AttrBundleOnly, "")
		}
		s.Media = append(s.Media, md)
	}
	if len(groupMids) > 0 {
		s.AddAttribute(sdp.AttrGroup, sdp.Group{Semantics: "BUNDLE", Mids: groupMids}.String())
	}
	s.AddAttribute(sdp.AttrExtMapAllowMixed, "")
	s.AddAttribute(sdp.AttrICEOptions, "trickle ice2")
	pc.addLipSyncGroups(s, slots)
	return s.String(), nil
}

func (pc *PeerConnection) bundleHasKind(bundle []string, kind string) bool {
	for _, mid := range bundle {
		if t := pc.transceiverByMid(mid); t != nil && string(t.kind) == kind {
			return true
		}
		if kind == "application" {
			for _, d := range []*description{pc.currentLocal} {
				if d == nil {
					continue
				}
				if _, m := d.mediaByMid(mid); m != nil && isDataProto(m.proto) {
					return true
				}
			}
		}
	}
	return false
}

// addLipSyncGroups adds an a=group:LS for every MediaStream more than one
// sending transceiver belongs to (RFC 9429 §5.2.1).
func (pc *PeerConnection) addLipSyncGroups(s *sdp.SessionDescription, slots []slot) {
	var streams []string
	mids := map[string][]string{}
	for _, sl := range slots {
		if sl.t == nil || sl.rejected {
			continue
		}
		for _, id := range sl.t.sender.streamIDs {
			if mids[id] == nil {
				streams = append(streams, id)
			}
			mids[id] = append(mids[id], sl.mid)
		}
	}
	for _, id := range streams {
		if len(mids[id]) > 1 {
			s.AddAttribute(sdp.AttrGroup, sdp.Group{Semantics: "LS", Mids: mids[id]}.String())
		}
	}
}

func (pc *PeerConnection) transceiverByMid(mid string) *RTPTransceiver {
	if mid == "" {
		return nil
	}
	for _, t := range pc.transceivers {
		if t.mid == mid || (t.mid == "" && t.jsepMid == mid) {
			return t
		}
	}
	return nil
}

func rejectedSection(kind, proto string, formats []string, mid string) *sdp.MediaDescription {
	if proto == "" {
		proto = "UDP/TLS/RTP/SAVPF"
	}
	if len(formats) == 0 {
		formats = []string{"0"}
		if isDataProto(proto) {
			formats = []string{"webrtc-datachannel"}
		}
	}
	md := sdp.NewMediaDescription(sdp.MediaLine{Media: kind, Port: 0, Proto: proto, Formats: formats})
	md.Lines = append(md.Lines, sdp.Line{Type: 'c', Value: "IN IP4 0.0.0.0"})
	if mid != "" {
		md.AddAttribute(sdp.AttrMid, mid)
	}
	md.AddAttribute(sdp.AttrInactive, "")
	return md
}

// addTransport adds the TRANSPORT and IDENTICAL attributes of RFC 8859 that
// a section with its own transport carries (RFC 9429 §5.2.1).
func (pc *PeerConnection) addTransport(md *sdp.MediaDescription, tr *transport) {
	md.AddAttribute(sdp.AttrICEUfrag, tr.creds.ufrag)
	md.AddAttribute(sdp.AttrICEPwd, tr.creds.pwd)
	md.AddAttribute(sdp.AttrICEOptions, "trickle")
	for _, c := range pc.config.Certificates {
		sum := sha256.Sum256(c.DER())
		md.AddAttribute(sdp.AttrFingerprint, sdp.Fingerprint{HashFunc: "sha-256", Value: sum[:]}.String())
	}
	md.AddAttribute(sdp.AttrSetup, tr.setup.String())
}

func (pc *PeerConnection) dataSection(port int, tr *transport, mid string) *sdp.MediaDescription {
	md := sdp.NewMediaDescription(sdp.MediaLine{Media: "application", Port: port, Proto: "UDP/DTLS/SCTP", Formats: []string{"webrtc-datachannel"}})
	md.Lines = append(md.Lines, sdp.Line{Type: 'c', Value: "IN IP4 0.0.0.0"})
	if tr != nil {
		pc.addTransport(md, tr)
	}
	md.AddAttribute(sdp.AttrMid, mid)
	md.AddAttribute(sdp.AttrSCTPPort, strconv.Itoa(sctpPort))
	md.AddAttribute(sdp.AttrMaxMessageSize, strconv.Itoa(maxMessageSize))
	return md
}

// offerCodecs returns the codecs to offer for a transceiver: the
// previously negotiated ones (keeping their payload types), or the defaults
// in the order of the codec preferences (§5.4 setCodecPreferences).
func offerCodecs(t *RTPTransceiver, prev *mediaSection) []negotiatedCodec {
	if prev != nil && len(prev.codecs) > 0 && len(t.preferredCodecs) == 0 {
		return prev.codecs
	}
	var out []negotiatedCodec
	add := func(e codecEntry) {
		c := negotiatedCodec{RTPCodecParameters: RTPCodecParameters{RTPCodecCapability: e.RTPCodecCapability, PayloadType: e.pt}, feedback: e.feedback}
		out = append(out, c)
	}
	entries := supportedCodecs(t.kind)
	if len(t.preferredCodecs) > 0 {
		for _, p := range t.preferredCodecs {
			for _, e := range entries {
				if e.RTPCodecCapability.matches(p) {
					add(e)
				}
			}
		}
	} else {
		for _, e := range entries {
			add(e)
		}
	}
	wantRTX := len(t.preferredCodecs) == 0 || slices.ContainsFunc(t.preferredCodecs, func(c RTPCodecCapability) bool {
		return strings.EqualFold(c.MimeType, "video/rtx")
	})
	if t.kind == MediaKindVideo && wantRTX {
		n := len(out)
		for _, c := range out[:n] {
			for _, e := range entries {
				if e.pt == c.PayloadType && e.rtxPT != 0 {
					out = append(out, negotiatedCodec{RTPCodecParameters: RTPCodecParameters{
						RTPCodecCapability: RTPCodecCapability{MimeType: "video/rtx", ClockRate: 90000, SDPFmtpLine: "apt=" + strconv.Itoa(int(e.pt))},
						PayloadType:        e.rtxPT,
					}})
				}
			}
		}
	}
	return out
}

func (pc *PeerConnection) offerRTPSection(sl *slot, tr *transport) *sdp.MediaDescription {
	t := sl.t
	codecs := offerCodecs(t, sl.prev)
	var exts []sdp.ExtMap
	if sl.prev != nil && len(sl.prev.extmaps) > 0 {
		exts = sl.prev.extmaps
	} else {
		for _, e := range headerExtensions {
			if e.kind == "" || e.kind == t.kind {
				exts = append(exts, sdp.ExtMap{ID: e.id, URI: e.uri})
			}
		}
	}
	return pc.rtpSection(string(t.kind), "UDP/TLS/RTP/SAVPF", 9, tr, sl.mid, t, t.direction, codecs, exts, true, nil, pc.config.RTCPMuxPolicy == RTCPMuxPolicyRequire)
}

// rtpSection writes an audio or video m= section in the order browsers use.
func (pc *PeerConnection) rtpSection(kind, proto string, port int, tr *transport, mid string, t *RTPTransceiver,
	dir RTPTransceiverDirection, codecs []negotiatedCodec, exts []sdp.ExtMap, rsize bool, recvRIDs []string, muxOnly bool) *sdp.MediaDescription {
	var formats []string
	for _, c := range codecs {
		formats = append(formats, strconv.Itoa(int(c.PayloadType)))
	}
	md := sdp.NewMediaDescription(sdp.MediaLine{Media: kind, Port: port, Proto: proto, Formats: formats})
	md.Lines = append(md.Lines, sdp.Line{Type: 'c', Value: "IN IP4 0.0.0.0"})
	if tr != nil {
		md.AddAttribute(sdp.AttrRTCP, "9 IN IP4 0.0.0.0")
		pc.addTransport(md, tr)
	}
	md.AddAttribute(sdp.AttrMid, mid)
	for _, e := range exts {
		md.AddAttribute(sdp.AttrExtMap, e.String())
	}
	md.AddAttribute(dir.String(), "")
	sending := dir == RTPTransceiverDirectionSendrecv || dir == RTPTransceiverDirectionSendonly
	if sending {
		// RFC 8830 §2 without appdata... browsers put the track id there
		// for legacy peers, and so do we; "-" when no stream.
		streams := t.sender.streamIDs
		if len(streams) == 0 {
			streams = []string{"-"}
		}
		for _, id := range streams {
			md.AddAttribute(sdp.AttrMSID, id+" "+t.sender.msidTrackID)
		}
	}
	// a=rtcp-mux and a=rtcp-rsize are of RFC 8859 category IDENTICAL, which
	// JSEP would leave out of bundle-only sections; Chromium rejects a
	// bundled section without a=rtcp-mux ("rtcp-mux must be enabled when
	// BUNDLE is enabled"), and repeating an IDENTICAL attribute is valid.
	md.AddAttribute(sdp.AttrRTCPMux, "")
	if muxOnly {
		md.AddAttribute(sdp.AttrRTCPMuxOnly, "")
	}
	if rsize {
		md.AddAttribute(sdp.AttrRTCPRsize, "")
	}
	for _, c := range codecs {
		_, name, _ := strings.Cut(c.MimeType, "/")
		channels := 0
		if kind == "audio" && c.Channels > 1 {
			channels = int(c.Channels)
		}
		pt := strconv.Itoa(int(c.PayloadType))
		md.AddAttribute(sdp.AttrRTPMap, sdp.RTPMap{PayloadType: c.PayloadType, EncodingName: name, ClockRate: c.ClockRate, Channels: channels}.String())
		for _, fb := range c.feedback {
			fb.PayloadType = pt
			md.AddAttribute(sdp.AttrRTCPFeedback, fb.String())
		}
		if c.SDPFmtpLine != "" {
			md.AddAttribute(sdp.AttrFMTP, sdp.FMTP{Format: pt, Params: c.SDPFmtpLine}.String())
		}
	}
	if len(recvRIDs) > 0 {
		for _, rid := range recvRIDs {
			md.AddAttribute(sdp.AttrRID, rid+" recv")
		}
		md.AddAttribute(sdp.AttrSimulcast, "recv "+strings.Join(recvRIDs, ";"))
	}
	if sending {
		enc := t.sender.sendEncodings
		if len(enc) > 1 {
			// RFC 9429 §5.2.1: a=rid send per encoding, a=simulcast:send.
			var rids []string
			for _, e := range enc {
				md.AddAttribute(sdp.AttrRID, e.RID+" send")
				rids = append(rids, e.RID)
			}
			md.AddAttribute(sdp.AttrSimulcast, "send "+strings.Join(rids, ";"))
		} else {
			s := t.sender
			streams := s.streamIDs
			if len(streams) == 0 {
				streams = []string{"-"}
			}
			if s.rtxSSRC != 0 && hasRTX(codecs) {
				md.AddAttribute(sdp.AttrSSRCGroup, "FID "+strconv.FormatUint(uint64(s.ssrc), 10)+" "+strconv.FormatUint(uint64(s.rtxSSRC), 10))
			}
			for _, ssrc := range []uint32{s.ssrc, s.rtxSSRC} {
				if ssrc == 0 || (ssrc == s.rtxSSRC && !hasRTX(codecs)) {
					continue
				}
				v := strconv.FormatUint(uint64(ssrc), 10)
				md.AddAttribute(sdp.AttrSSRC, v+" cname:"+pc.cname)
				md.AddAttribute(sdp.AttrSSRC, v+" msid:"+streams[0]+" "+s.msidTrackID)
			}
		}
	}
	return md
}

func hasRTX(codecs []negotiatedCodec) bool {
	return slices.ContainsFunc(codecs, func(c negotiatedCodec) bool { return strings.EqualFold(c.MimeType, "video/rtx") })
}
