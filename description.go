package webrtc

import (
	"errors"
	"strconv"
	"strings"

	"github.com/c4c1f6e1/webrtc/sdp"
)

// SessionDescription is the W3C RTCSessionDescriptionInit (§4.6): a type and
// SDP text. It marshals to the JSON browsers exchange ({"type", "sdp"}).
type SessionDescription struct {
	Type SDPType `json:"type"`
	SDP  string  `json:"sdp"`
}

// description is a session description the connection has applied or is
// applying: the text, its parse, and what JSEP needs from each m= section.
type description struct {
	typ    SDPType
	parsed *sdp.SessionDescription
	text   string
	media  []*mediaSection
	// bundle holds the mids of the first BUNDLE group, in order ("" none).
	bundle  []string
	iceLite bool
	trickle bool
}

// mediaSection is what JSEP reads from one m= section (RFC 9429 §5.8.2).
type mediaSection struct {
	kind       string // "audio", "video", "application", or other
	proto      string
	formats    []string
	port       int
	mid        string
	rejected   bool // port 0 without bundle-only
	bundleOnly bool
	direction  sdp.Direction
	ufrag, pwd string
	fps        []sdp.Fingerprint
	setup      sdp.Setup
	rtcpMux    bool
	rtcpRsize  bool
	codecs     []negotiatedCodec
	extmaps    []sdp.ExtMap
	msids      []sdp.MSID
	sctpPort   int
	maxMsgSize uint64
	hasMaxMsg  bool
	rids       []sdp.RID
	simulcast  *sdp.Simulcast
	eoc        bool
	// transceiver is the local transceiver that created the section (local
	// descriptions) or was associated with it (remote ones); nil for data.
	transceiver *RTPTransceiver
}

type negotiatedCodec struct {
	RTPCodecParameters
	feedback []sdp.RTCPFeedback
}

func (d *description) export() *SessionDescription {
	if d == nil {
		return nil
	}
	return &SessionDescription{Type: d.typ, SDP: d.text}
}

func (d *description) mediaByMid(mid string) (int, *mediaSection) {
	for i, m := range d.media {
		if m.mid == mid {
			return i, m
		}
	}
	return -1, nil
}

func (d *description) inBundle(mid string) bool {
	for _, b := range d.bundle {
		if b == mid {
			return true
		}
	}
	return false
}

// parseDescription parses SDP text as RFC 9429 §5.8 says, returning an
// RTCError with sdp-syntax-error for a syntax error and ErrInvalidAccess for
// SDP that parses but is not valid for WebRTC.
func parseDescription(typ SDPType, text string) (*description, error) {
	p, err := sdp.Parse([]byte(text))
	if err != nil {
		var pe *sdp.ParseError
		line := 0
		if errors.As(err, &pe) {
			line = pe.Line
		}
		return nil, &RTCError{ErrorDetail: ErrorDetailSDPSyntaxError, SDPLineNumber: line, Err: err}
	}
	d := &description{typ: typ, parsed: p, text: text, iceLite: p.ICELite()}
	invalid := func(format string, args ...any) error {
		return newError(ErrInvalidAccess, format, args...)
	}
	groups, err := p.BundleGroups()
	if err != nil {
		return nil, invalid("a=group: %v", err)
	}
	if len(groups) > 0 {
		d.bundle = groups[0].Mids
	}
	opts, err := p.ICEOptions()
	if err != nil {
		return nil, invalid("a=ice-options: %v", err)
	}
	sessionUfrag, sessionPwd, _ := p.ICECredentials()
	sessionFPs, err := p.Fingerprints()
	if err != nil {
		return nil, invalid("session-level a=fingerprint: %v", err)
	}
	sessionSetup, _, err := p.Setup()
	if err != nil {
		return nil, invalid("session-level a=setup: %v", err)
	}
	for _, o := range opts {
		if o == "trickle" {
			d.trickle = true
		}
	}
	mids := map[string]bool{}
	for i, md := range p.Media {
		ms, err := parseMediaSection(md, p)
		if err != nil {
			return nil, invalid("m= section %d: %v", i, err)
		}
		mopts, _ := md.ICEOptions()
		for _, o := range mopts {
			if o == "trickle" {
				d.trickle = true
			}
		}
		if ms.mid != "" {
			if mids[ms.mid] {
				return nil, invalid("m= section %d repeats a=mid:%s", i, ms.mid)
			}
			mids[ms.mid] = true
		}
		if ms.ufrag == "" {
			ms.ufrag, ms.pwd = sessionUfrag, sessionPwd
		}
		if len(ms.fps) == 0 {
			ms.fps = sessionFPs
		}
		if ms.setup == "" {
			ms.setup = sessionSetup
		}
		d.media = append(d.media, ms)
	}
	for _, mid := range d.bundle {
		if !mids[mid] {
			return nil, invalid("a=group:BUNDLE names mid %q, which no m= section has", mid)
		}
	}
	// Transport attributes: every m= section that is in use and has its own
	// transport needs ICE credentials and a fingerprint (RFC 9429 §5.8.2,
	// RFC 8839 §5.4, RFC 8122 §5). Bundled sections may omit them and use
	// those of the BUNDLE-tagged section.
	for i, m := range d.media {
		if m.rejected || !isWebRTCProto(m.proto) {
			continue
		}
		if (m.ufrag == "" || len(m.fps) == 0) && d.inBundle(m.mid) {
			_, tag := d.mediaByMid(d.bundle[0])
			if tag != nil && tag.ufrag != "" && len(tag.fps) > 0 && (m.bundleOnly || tag != m) {
				continue
			}
		}
		if m.ufrag == "" || m.pwd == "" {
			return nil, invalid("m= section %d (mid %q) has no a=ice-ufrag/a=ice-pwd", i, m.mid)
		}
		if len(m.fps) == 0 {
			return nil, invalid("m= section %d (mid %q) has no a=fingerprint", i, m.mid)
		}
	}
	return d, nil
}

func isWebRTCProto(proto string) bool {
	switch strings.ToUpper(proto) {
	case "UDP/TLS/RTP/SAVPF", "TCP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP":
		return true
	}
	return false
}

func isDataProto(proto string) bool {
	switch strings.ToUpper(proto) {
	case "UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP":
		return true
	}
	return false
}

func parseMediaSection(md *sdp.MediaDescription, s *sdp.SessionDescription) (*mediaSection, error) {
	ml, err := md.MediaLine()
	if err != nil {
		return nil, err
	}
	m := &mediaSection{kind: ml.Media, proto: ml.Proto, formats: ml.Formats, port: ml.Port}
	m.mid, _ = md.Mid()
	m.bundleOnly = md.BundleOnly()
	m.rejected = ml.Port == 0 && !m.bundleOnly
	m.direction = s.MediaDirection(md)
	if m.ufrag, m.pwd, err = md.ICECredentials(); err != nil {
		return nil, err
	}
	if m.fps, err = md.Fingerprints(); err != nil {
		return nil, err
	}
	if m.setup, _, err = md.Setup(); err != nil {
		return nil, err
	}
	m.rtcpMux = md.HasAttribute(sdp.AttrRTCPMux) || md.HasAttribute(sdp.AttrRTCPMuxOnly)
	m.rtcpRsize = md.HasAttribute(sdp.AttrRTCPRsize)
	m.eoc = md.EndOfCandidates()
	if isDataProto(ml.Proto) {
		if m.sctpPort, _, err = md.SCTPPort(); err != nil {
			return nil, err
		}
		if m.maxMsgSize, m.hasMaxMsg, err = md.MaxMessageSize(); err != nil {
			return nil, err
		}
		return m, nil
	}
	if m.rejected {
		return m, nil
	}
	rtpmaps, err := md.RTPMaps()
	if err != nil {
		return nil, err
	}
	fmtps, err := md.FMTPs()
	if err != nil {
		return nil, err
	}
	fbs, err := md.RTCPFeedbacks()
	if err != nil {
		return nil, err
	}
	for _, f := range ml.Formats {
		pt, err := strconv.ParseUint(f, 10, 7)
		if err != nil {
			return nil, errors.New("format " + strconv.Quote(f) + " is not an RTP payload type")
		}
		c := negotiatedCodec{}
		c.PayloadType = uint8(pt)
		found := false
		for _, r := range rtpmaps {
			if r.PayloadType == uint8(pt) {
				c.MimeType = ml.Media + "/" + r.EncodingName
				c.ClockRate = r.ClockRate
				c.Channels = uint16(r.Channels)
				found = true
				break
			}
		}
		if !found {
			// RFC 3551 static payload types need no rtpmap.
			switch pt {
			case 0:
				c.MimeType, c.ClockRate, c.Channels = "audio/PCMU", 8000, 1
			case 8:
				c.MimeType, c.ClockRate, c.Channels = "audio/PCMA", 8000, 1
			case 9:
				c.MimeType, c.ClockRate, c.Channels = "audio/G722", 8000, 1
			default:
				continue
			}
		}
		for _, fm := range fmtps {
			if fm.Format == f {
				c.SDPFmtpLine = fm.Params
			}
		}
		for _, fb := range fbs {
			if fb.PayloadType == f || fb.PayloadType == "*" {
				c.feedback = append(c.feedback, fb)
			}
		}
		m.codecs = append(m.codecs, c)
	}
	if m.extmaps, err = md.ExtMaps(); err != nil {
		return nil, err
	}
	if m.msids, err = md.MSIDs(); err != nil {
		return nil, err
	}
	if m.rids, err = md.RIDs(); err != nil {
		return nil, err
	}
	sc, ok, err := md.Simulcast()
	if err != nil {
		return nil, err
	}
	if ok {
		m.simulcast = &sc
	}
	return m, nil
}
