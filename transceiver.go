package webrtc

import (
	"slices"
	"strings"
)

// MediaKind is the kind of a track or transceiver: "audio" or "video".
type MediaKind string

// The media kinds WebRTC negotiates.
const (
	MediaKindAudio MediaKind = "audio"
	MediaKindVideo MediaKind = "video"
)

// TrackLocal is a source of media that an RTPSender sends: the sending side
// of a MediaStreamTrack. Media itself flows once the RTP layer is wired (a
// later issue); for negotiation only its id and kind matter.
type TrackLocal interface {
	// ID is the track's id, signalled in a=msid.
	ID() string
	// Kind is "audio" or "video".
	Kind() MediaKind
}

// TrackRemote is a track received from the remote peer (the receiving
// MediaStreamTrack, §5.3).
type TrackRemote struct {
	id       string
	kind     MediaKind
	streams  []string
	receiver *RTPReceiver
}

// ID returns the track's id.
func (t *TrackRemote) ID() string { return t.id }

// Kind returns the track's kind.
func (t *TrackRemote) Kind() MediaKind { return t.kind }

// StreamIDs returns the ids of the remote MediaStreams the track belongs to,
// from the remote description's a=msid lines.
func (t *TrackRemote) StreamIDs() []string { return slices.Clone(t.streams) }

// RTPTransceiverInit is the W3C RTCRtpTransceiverInit (§5.1).
type RTPTransceiverInit struct {
	// Direction is the transceiver's direction; the zero value is sendrecv.
	Direction RTPTransceiverDirection
	// StreamIDs are the MediaStreams the sender's track belongs to.
	StreamIDs []string
	// SendEncodings are the simulcast encodings; empty means one.
	SendEncodings []RTPEncodingParameters
}

// RTPEncodingParameters is the W3C RTCRtpEncodingParameters (§5.2.1), the
// members negotiation uses.
type RTPEncodingParameters struct {
	// RID is the RTP stream id of the encoding (RFC 8851).
	RID string `json:"rid,omitempty"`
	// Active is false to pause the encoding.
	Active bool `json:"active"`
	// MaxBitrate limits the encoding's bitrate, in bits per second; 0 is no limit.
	MaxBitrate uint64 `json:"maxBitrate,omitempty"`
	// ScaleResolutionDownBy scales video down; 0 means the default.
	ScaleResolutionDownBy float64 `json:"scaleResolutionDownBy,omitempty"`
}

// RTPTransceiver is the W3C RTCRtpTransceiver (§5.4): a sender and a receiver
// sharing one m= section.
type RTPTransceiver struct {
	pc        *PeerConnection
	kind      MediaKind
	sender    *RTPSender
	receiver  *RTPReceiver
	direction RTPTransceiverDirection

	mid, jsepMid     string // [[Mid]] and [[JsepMid]]; "" is null
	currentDirection RTPTransceiverDirection
	hasCurrentDir    bool
	firedDirection   RTPTransceiverDirection
	stopping         bool
	stopped          bool
	receptive        bool
	preferredCodecs  []RTPCodecCapability
	fromRemote       bool // created by setRemoteDescription (may be removed on rollback)
	everAddTrack     bool // a track was ever attached with AddTrack
	negotiatedRecv   []RTPCodecParameters
	negotiatedSend   []RTPCodecParameters
}

// RTPSender is the W3C RTCRtpSender (§5.2).
type RTPSender struct {
	transceiver   *RTPTransceiver
	track         TrackLocal
	streamIDs     []string // [[AssociatedMediaStreamIds]]
	sendEncodings []RTPEncodingParameters
	ssrc, rtxSSRC uint32
	msidTrackID   string // the track id signalled in a=msid
	everSent      bool   // [[CurrentDirection]] was ever sendrecv/sendonly
}

// RTPReceiver is the W3C RTCRtpReceiver (§5.3).
type RTPReceiver struct {
	transceiver *RTPTransceiver
	track       *TrackRemote
}

// Track returns the sender's track, or nil.
func (s *RTPSender) Track() TrackLocal {
	s.transceiver.pc.mu.Lock()
	defer s.transceiver.pc.mu.Unlock()
	return s.track
}

// Transceiver returns the transceiver the sender belongs to.
func (s *RTPSender) Transceiver() *RTPTransceiver { return s.transceiver }

// Transport returns the DTLS transport the sender's media goes over, or nil
// before its m= section was negotiated (§5.2 transport).
func (s *RTPSender) Transport() *DTLSTransport {
	pc := s.transceiver.pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if s.transceiver.mid == "" || s.transceiver.stopped {
		return nil
	}
	return pc.dtlsTransport
}

// StreamIDs returns the ids of the MediaStreams the sender's track is in.
func (s *RTPSender) StreamIDs() []string {
	s.transceiver.pc.mu.Lock()
	defer s.transceiver.pc.mu.Unlock()
	return slices.Clone(s.streamIDs)
}

// SetStreams sets the sender's MediaStreams (§5.2 setStreams) and updates
// the negotiation-needed flag.
func (s *RTPSender) SetStreams(streamIDs ...string) error {
	pc := s.transceiver.pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return newError(ErrInvalidState, "setStreams on a closed RTCPeerConnection")
	}
	s.streamIDs = dedupe(streamIDs)
	pc.updateNegotiationNeeded()
	return nil
}

// Track returns the receiver's track.
func (r *RTPReceiver) Track() *TrackRemote { return r.track }

// Transceiver returns the transceiver the receiver belongs to.
func (r *RTPReceiver) Transceiver() *RTPTransceiver { return r.transceiver }

// Kind returns the transceiver's media kind.
func (t *RTPTransceiver) Kind() MediaKind { return t.kind }

// Sender returns the transceiver's sender.
func (t *RTPTransceiver) Sender() *RTPSender { return t.sender }

// Receiver returns the transceiver's receiver.
func (t *RTPTransceiver) Receiver() *RTPReceiver { return t.receiver }

// Mid returns the negotiated media id, and false while it is null.
func (t *RTPTransceiver) Mid() (string, bool) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	return t.mid, t.mid != ""
}

// Direction returns the transceiver's preferred direction, or "stopped".
func (t *RTPTransceiver) Direction() RTPTransceiverDirection {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	if t.stopping {
		return RTPTransceiverDirectionStopped
	}
	return t.direction
}

// CurrentDirection returns the negotiated direction; false while it is null
// (never negotiated).
func (t *RTPTransceiver) CurrentDirection() (RTPTransceiverDirection, bool) {
	t.pc.mu.Lock()
	defer t.pc.mu.Unlock()
	if t.stopped {
		return RTPTransceiverDirectionStopped, true
	}
	return t.currentDirection, t.hasCurrentDir
}

// SetDirection changes the preferred direction (§5.4 direction setter):
// ErrInvalidState when the transceiver is stopping, ErrType for "stopped".
func (t *RTPTransceiver) SetDirection(d RTPTransceiverDirection) error {
	pc := t.pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if t.stopping {
		return newError(ErrInvalidState, "the transceiver is stopping")
	}
	if d == RTPTransceiverDirectionStopped || !rTPTransceiverDirectionEnum.valid(int(d)) {
		return newError(ErrType, "direction %q cannot be set", d)
	}
	if d == t.direction {
		return nil
	}
	t.direction = d
	pc.updateNegotiationNeeded()
	return nil
}

// Stop stops the transceiver (§5.4 stop): it stops sending and receiving at
// once, and the next negotiation rejects its m= section.
func (t *RTPTransceiver) Stop() error {
	pc := t.pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return newError(ErrInvalidState, "stop on a closed RTCPeerConnection")
	}
	if t.stopping {
		return nil
	}
	t.stopLocked(false)
	pc.updateNegotiationNeeded()
	return nil
}

// stopLocked is "stop sending and receiving" (disappear=false) or "stop the
// RTCRtpTransceiver" (§5.4).
func (t *RTPTransceiver) stopLocked(disappear bool) {
	t.stopping = true
	t.receptive = false
	if disappear {
		t.stopped = true
		t.currentDirection = RTPTransceiverDirectionStopped
	}
}

// SetCodecPreferences sets the codecs to negotiate, in order of preference
// (§5.4 setCodecPreferences). An empty list restores the defaults. A codec
// that is not in the receive capabilities is an ErrInvalidModification.
func (t *RTPTransceiver) SetCodecPreferences(codecs []RTPCodecCapability) error {
	pc := t.pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(codecs) == 0 {
		t.preferredCodecs = nil
		return nil
	}
	caps := supportedCodecs(t.kind)
	var out []RTPCodecCapability
	for _, c := range codecs {
		found := false
		for _, s := range caps {
			if s.RTPCodecCapability.matches(c) {
				found = true
				break
			}
		}
		if !found {
			return newError(ErrInvalidModification, "codec %s is not a %s receive capability", c.MimeType, t.kind)
		}
		if !slices.ContainsFunc(out, c.matches) {
			out = append(out, c)
		}
	}
	onlyResilience := true
	for _, c := range out {
		if !isResilienceCodec(c.MimeType) {
			onlyResilience = false
		}
	}
	if onlyResilience {
		return newError(ErrInvalidModification, "codec preferences hold only RTX/RED/FEC codecs")
	}
	t.preferredCodecs = out
	return nil
}

// AddTransceiver creates a transceiver for a new track of the given kind
// (§5.1 addTransceiver with a kind) and updates the negotiation-needed flag.
func (pc *PeerConnection) AddTransceiver(kind MediaKind, init *RTPTransceiverInit) (*RTPTransceiver, error) {
	if kind != MediaKindAudio && kind != MediaKindVideo {
		return nil, newError(ErrType, "kind %q is neither audio nor video", kind)
	}
	return pc.addTransceiver(kind, nil, init)
}

// AddTransceiverFromTrack creates a transceiver that sends track (§5.1
// addTransceiver with a track).
func (pc *PeerConnection) AddTransceiverFromTrack(track TrackLocal, init *RTPTransceiverInit) (*RTPTransceiver, error) {
	if track == nil {
		return nil, newError(ErrType, "track is nil")
	}
	return pc.addTransceiver(track.Kind(), track, init)
}

func (pc *PeerConnection) addTransceiver(kind MediaKind, track TrackLocal, init *RTPTransceiverInit) (*RTPTransceiver, error) {
	if init == nil {
		init = &RTPTransceiverInit{}
	}
	if !rTPTransceiverDirectionEnum.valid(int(init.Direction)) || init.Direction == RTPTransceiverDirectionStopped {
		return nil, newError(ErrType, "direction %q is not allowed for a new transceiver", init.Direction)
	}
	encodings, err := checkSendEncodings(kind, init.SendEncodings)
	if err != nil {
		return nil, err
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return nil, newError(ErrInvalidState, "addTransceiver on a closed RTCPeerConnection")
	}
	t := pc.newTransceiver(kind, track, init.Direction, dedupe(init.StreamIDs), encodings)
	pc.updateNegotiationNeeded()
	return t, nil
}

// checkSendEncodings validates sendEncodings as addTransceiver does (§5.1,
// "addTransceiver" steps on sendEncodings) and fills in the defaults.
func checkSendEncodings(kind MediaKind, in []RTPEncodingParameters) ([]RTPEncodingParameters, error) {
	if len(in) == 0 {
		return []RTPEncodingParameters{{Active: true}}, nil
	}
	const maxEncodings = 4
	seen := map[string]bool{}
	out := slices.Clone(in)
	for i := range out {
		e := &out[i]
		if e.RID != "" {
			if len(e.RID) > 255 || strings.Trim(e.RID, alnum+"-_") != "" {
				return nil, newError(ErrType, "rid %q does not conform to RFC 8851 rid-syntax", e.RID)
			}
			if seen[e.RID] {
				return nil, newError(ErrType, "rid %q is used twice", e.RID)
			}
			seen[e.RID] = true
		} else if len(out) > 1 {
			return nil, newError(ErrType, "encoding %d of %d has no rid", i, len(out))
		}
		if e.ScaleResolutionDownBy != 0 {
			if kind == MediaKindAudio {
				// Ignored for audio, per the spec's note.
				e.ScaleResolutionDownBy = 0
			} else if e.ScaleResolutionDownBy < 1 {
				return nil, newError(ErrRange, "scaleResolutionDownBy %v is less than 1", e.ScaleResolutionDownBy)
			}
		}
	}
	if len(out) > maxEncodings {
		out = out[:maxEncodings]
	}
	if kind == MediaKindVideo {
		for i := range out {
			if out[i].ScaleResolutionDownBy == 0 {
				out[i].ScaleResolutionDownBy = float64(uint(1) << (len(out) - i - 1))
			}
		}
	}
	return out, nil
}

func (pc *PeerConnection) newTransceiver(kind MediaKind, track TrackLocal, dir RTPTransceiverDirection, streams []string, enc []RTPEncodingParameters) *RTPTransceiver {
	t := &RTPTransceiver{pc: pc, kind: kind, direction: dir}
	t.sender = &RTPSender{transceiver: t, track: track, streamIDs: streams, sendEncodings: enc}
	t.sender.ssrc = pc.newSSRC()
	if kind == MediaKindVideo {
		t.sender.rtxSSRC = pc.newSSRC()
	}
	t.sender.msidTrackID = randomUUID()
	if track != nil {
		t.sender.msidTrackID = track.ID()
	}
	t.receiver = &RTPReceiver{transceiver: t}
	t.receiver.track = &TrackRemote{id: randomUUID(), kind: kind, receiver: t.receiver}
	pc.transceivers = append(pc.transceivers, t)
	return t
}

func (pc *PeerConnection) newSSRC() uint32 {
	for {
		s := randomUint32()
		if s == 0 || pc.ssrcInUse(s) {
			continue
		}
		return s
	}
}

func (pc *PeerConnection) ssrcInUse(s uint32) bool {
	for _, t := range pc.transceivers {
		if t.sender.ssrc == s || t.sender.rtxSSRC == s {
			return true
		}
	}
	return false
}

// AddTrack adds a track to send (§5.1 addTrack): it reuses a transceiver of
// the same kind that was never used to send, or creates a sendrecv one, and
// updates the negotiation-needed flag.
func (pc *PeerConnection) AddTrack(track TrackLocal, streamIDs ...string) (*RTPSender, error) {
	if track == nil {
		return nil, newError(ErrType, "track is nil")
	}
	kind := track.Kind()
	if kind != MediaKindAudio && kind != MediaKindVideo {
		return nil, newError(ErrType, "track kind %q is neither audio nor video", kind)
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return nil, newError(ErrInvalidState, "addTrack on a closed RTCPeerConnection")
	}
	for _, t := range pc.transceivers {
		if t.sender.track == track {
			return nil, newError(ErrInvalidAccess, "track %q already has a sender", track.ID())
		}
	}
	var sender *RTPSender
	for _, t := range pc.transceivers {
		if t.kind == kind && t.sender.track == nil && !t.stopping && !t.sender.everSent {
			sender = t.sender
			break
		}
	}
	if sender != nil {
		t := sender.transceiver
		sender.track = track
		sender.streamIDs = dedupe(streamIDs)
		switch t.direction {
		case RTPTransceiverDirectionRecvonly:
			t.direction = RTPTransceiverDirectionSendrecv
		case RTPTransceiverDirectionInactive:
			t.direction = RTPTransceiverDirectionSendonly
		}
	} else {
		t := pc.newTransceiver(kind, track, RTPTransceiverDirectionSendrecv, dedupe(streamIDs), []RTPEncodingParameters{{Active: true}})
		sender = t.sender
	}
	sender.transceiver.everAddTrack = true
	pc.updateNegotiationNeeded()
	return sender, nil
}

// RemoveTrack stops sending the sender's track (§5.1 removeTrack): the
// sender keeps its transceiver, whose direction loses "send".
func (pc *PeerConnection) RemoveTrack(sender *RTPSender) error {
	if sender == nil {
		return newError(ErrType, "sender is nil")
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return newError(ErrInvalidState, "removeTrack on a closed RTCPeerConnection")
	}
	if sender.transceiver.pc != pc || !slices.Contains(pc.transceivers, sender.transceiver) {
		return newError(ErrInvalidAccess, "the sender was not created by this RTCPeerConnection")
	}
	t := sender.transceiver
	if t.stopping || sender.track == nil {
		return nil
	}
	sender.track = nil
	switch t.direction {
	case RTPTransceiverDirectionSendrecv:
		t.direction = RTPTransceiverDirectionRecvonly
	case RTPTransceiverDirectionSendonly:
		t.direction = RTPTransceiverDirectionInactive
	}
	pc.updateNegotiationNeeded()
	return nil
}

// GetTransceivers returns the connection's transceivers in the order they
// were added ("CollectTransceivers", §5.1).
func (pc *PeerConnection) GetTransceivers() []*RTPTransceiver {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return slices.Clone(pc.transceivers)
}

// GetSenders returns the senders of the transceivers that are not stopped.
func (pc *PeerConnection) GetSenders() []*RTPSender {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	var out []*RTPSender
	for _, t := range pc.transceivers {
		if !t.stopped {
			out = append(out, t.sender)
		}
	}
	return out
}

// GetReceivers returns the receivers of the transceivers that are not stopped.
func (pc *PeerConnection) GetReceivers() []*RTPReceiver {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	var out []*RTPReceiver
	for _, t := range pc.transceivers {
		if !t.stopped {
			out = append(out, t.receiver)
		}
	}
	return out
}

func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
