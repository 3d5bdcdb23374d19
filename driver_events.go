package webrtc

import (
	"bytes"
	"crypto/rand"
	"errors"
	"net/netip"
	"strings"

	"github.com/c4c1f6e1/webrtc/datachannel"
	"github.com/c4c1f6e1/webrtc/dtls"
	"github.com/c4c1f6e1/webrtc/ice"
	"github.com/c4c1f6e1/webrtc/sctp"
	"github.com/c4c1f6e1/webrtc/sdp"
)

// iceEvent handles what the ICE agent reports. Called with d.mu held.
func (d *driver) iceEvent(ev ice.Event) {
	pc := d.pc
	if d.prefetched && (ev.Type == ice.EventCandidate || ev.Type == ice.EventGatheringState) {
		if len(d.early) < 256 {
			d.early = append(d.early, ev)
		}
		return
	}
	switch ev.Type {
	case ice.EventCandidate:
		c := ev.Candidate.SDP()
		pc.mu.Lock()
		mid, index := pc.addLocalCandidate(c)
		pc.mu.Unlock()
		init := ICECandidateInit{Candidate: "candidate:" + c.String(), SDPMid: &mid, SDPMLineIndex: &index}
		cand, err := ParseICECandidate(init)
		if err != nil {
			return
		}
		cand.URL = ev.Candidate.URL
		cand.UsernameFragment, _ = d.agent.LocalCredentials()
		pc.queueTask(func() {
			if f := pc.handler().iceCandidate; f != nil {
				f(cand)
			}
		})
	case ice.EventGatheringState:
		s, _ := ParseICEGatheringState(ev.GatheringState.String())
		pc.mu.Lock()
		changed := pc.iceGatheringState != s
		pc.iceGatheringState = s
		if s == ICEGatheringStateComplete {
			pc.addLocalEndOfCandidates()
		}
		pc.mu.Unlock()
		if changed {
			it := pc.dtlsTransport.iceTransport
			queueHandler(pc, func() func(ICEGatheringState) { return it.onGatheringStateChange }, s)
			pc.queueTask(func() {
				if f := pc.handler().iceGatheringStateChange; f != nil {
					f(s)
				}
				if s == ICEGatheringStateComplete {
					// §4.8.2: the null candidate says gathering is done.
					if f := pc.handler().iceCandidate; f != nil {
						f(nil)
					}
				}
			})
		}
	case ice.EventState:
		it := pc.dtlsTransport.iceTransport
		pc.mu.Lock()
		changed := it.state != iceTransportState(ev.State)
		it.state = iceTransportState(ev.State)
		pc.mu.Unlock()
		if changed {
			queueHandler(pc, func() func(ICEConnectionState) { return it.onStateChange }, ICEConnectionState(ev.State))
		}
		pc.updateStates()
	case ice.EventSelectedPair:
		d.usePair(ev.Pair)
		d.maybeStartDTLS()
	case ice.EventCandidateError:
		e := ICECandidateErrorEvent{Address: ev.Error.Address, Port: uint16(ev.Error.Port), URL: ev.Error.URL,
			ErrorCode: uint16(ev.Error.ErrorCode), ErrorText: ev.Error.ErrorText}
		pc.queueTask(func() {
			if f := pc.handler().iceCandidateError; f != nil {
				f(e)
			}
		})
	}
}

// dtlsEvent handles what the DTLS connection reports. Called with d.mu held.
func (d *driver) dtlsEvent(ev dtls.Event) {
	pc := d.pc
	switch ev.Type {
	case dtls.EventHandshakeComplete:
		pc.mu.Lock()
		pc.dtlsTransport.remoteCerts = d.dtls.PeerCertificates()
		pc.mu.Unlock()
		d.setDTLSState(DTLSTransportStateConnected)
		pc.mu.Lock()
		hasData := pc.sctpTransport != nil
		pc.mu.Unlock()
		if hasData {
			d.startSCTP()
		} else {
			pc.spareUsed()
		}
	case dtls.EventClosed:
		d.setDTLSState(DTLSTransportStateClosed)
		if d.ep != nil {
			// W3C §6.1.1.1: the SCTP transport is closed once its DTLS
			// transport is (the peer's close_notify may come without an
			// ABORT before it); the association ends on purpose, so the
			// channels close without an error.
			d.ep.Association().Abort()
		}
	case dtls.EventFailed:
		d.setDTLSState(DTLSTransportStateFailed)
		pc.spareUsed()
		err := &RTCError{ErrorDetail: ErrorDetailDTLSFailure, ReceivedAlert: -1, SentAlert: -1, Err: ev.Err}
		var alert *dtls.AlertError
		if errors.As(ev.Err, &alert) {
			if alert.Remote {
				err.ReceivedAlert = int(alert.Description)
			} else {
				err.SentAlert = int(alert.Description)
			}
		}
		if errors.Is(ev.Err, dtls.ErrFingerprintMismatch) || (alert != nil && strings.Contains(alert.Reason, dtls.ErrFingerprintMismatch.Error())) {
			err.ErrorDetail = ErrorDetailFingerprintFailure
		}
		dt := pc.dtlsTransport
		pc.mu.Lock()
		dt.err = err
		pc.mu.Unlock()
		queueHandler(pc, func() func(*RTCError) { return dt.onError }, err)
	}
}

// publicCandidate turns an ICE candidate into an RTCIceCandidate.
func publicCandidate(c ice.Candidate) *ICECandidate {
	out, err := ParseICECandidate(ICECandidateInit{Candidate: "candidate:" + c.SDP().String()})
	if err != nil {
		return &ICECandidate{Address: c.Address.Addr().String(), Port: c.Address.Port()}
	}
	return out
}

func (d *driver) setDTLSState(s DTLSTransportState) {
	pc := d.pc
	dt := pc.dtlsTransport
	pc.mu.Lock()
	changed := dt.state != s
	dt.state = s
	pc.mu.Unlock()
	if changed {
		queueHandler(pc, func() func(DTLSTransportState) { return dt.onStateChange }, s)
	}
	pc.updateStates()
}

// startSCTP creates the SCTP association over the connected DTLS
// transport (RFC 8261) and binds the data channels created so far.
func (d *driver) startSCTP() {
	if d.ep != nil {
		return
	}
	client := d.dtls.IsClient()
	// RFC 8841 §9.3: both endpoints MUST initiate the association (the
	// INITs cross, RFC 9260 §5.2.4); the DTLS role only picks the channel
	// ids' parity.
	a, err := sctp.NewAssociation(d.now(), sctp.Config{Client: true, Rand: rand.Reader})
	if err != nil {
		return
	}
	d.ep = datachannel.NewEndpoint(a, datachannel.Config{DTLSClient: client, RemoteMaxMessageSize: d.remoteMaxMsg})
	pc := d.pc
	pc.mu.Lock()
	pending := make([]*DataChannel, 0, len(pc.dataChannels))
	for _, dc := range pc.dataChannels {
		if dc.ch == nil && dc.readyState == DataChannelStateConnecting {
			pending = append(pending, dc)
		}
	}
	pc.mu.Unlock()
	for _, dc := range pending {
		d.bind(dc)
	}
}

// bind creates the datachannel.Channel behind a DataChannel. Called with
// d.mu held, once the association exists.
func (d *driver) bind(dc *DataChannel) {
	o := datachannel.Options{Unordered: !dc.ordered, MaxPacketLifeTime: dc.maxPacketLifeTime,
		MaxRetransmits: dc.maxRetransmits, Protocol: dc.protocol, Negotiated: dc.negotiated}
	if dc.negotiated {
		id := dc.id
		o.ID = &id
	}
	ch, err := d.ep.CreateChannel(dc.label, o)
	pc := d.pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if err != nil {
		dc.readyState = DataChannelStateClosed
		queueHandler(pc, func() func(error) { return dc.onError }, error(&RTCError{ErrorDetail: ErrorDetailDataChannelFailure, Err: err}))
		return
	}
	dc.ch, dc.d = ch, d
	dc.id, dc.hasID = ch.ID()
	d.channels[ch] = dc
}

// channelEvent handles what the data-channel endpoint reports. Called with
// d.mu held.
func (d *driver) channelEvent(ev datachannel.Event) {
	pc := d.pc
	switch ev.Type {
	case datachannel.EventTransportUp:
		pc.mu.Lock()
		if t := pc.sctpTransport; t != nil {
			out, in := d.ep.Association().Streams()
			t.maxChannels, t.hasMaxChannels = min(out, in), true
			t.setState(SCTPTransportStateConnected)
		}
		pc.mu.Unlock()
		pc.spareUsed()
		return
	case datachannel.EventTransportClosed:
		pc.mu.Lock()
		if t := pc.sctpTransport; t != nil {
			t.setState(SCTPTransportStateClosed)
		}
		pc.mu.Unlock()
		return
	case datachannel.EventDataChannel:
		pc.mu.Lock()
		mpl, mrt := ev.Channel.MaxPacketLifeTime()
		dc := &DataChannel{pc: pc, d: d, ch: ev.Channel, label: ev.Channel.Label(), protocol: ev.Channel.Protocol(),
			ordered: ev.Channel.Ordered(), negotiated: false, readyState: DataChannelStateConnecting}
		if mrt {
			dc.maxPacketLifeTime = &mpl
		}
		if n, ok := ev.Channel.MaxRetransmits(); ok {
			dc.maxRetransmits = &n
		}
		dc.id, dc.hasID = ev.Channel.ID()
		pc.dataChannels = append(pc.dataChannels, dc)
		d.channels[ev.Channel] = dc
		pc.mu.Unlock()
		pc.queueTask(func() {
			if f := pc.handler().dataChannel; f != nil {
				f(dc)
			}
		})
		return
	}
	dc := d.channels[ev.Channel]
	if dc == nil {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	switch ev.Type {
	case datachannel.EventOpen:
		dc.readyState = DataChannelStateOpen
		dc.id, dc.hasID = ev.Channel.ID()
		pc.stats.dataChannelsOpened++
		pc.queueTask(func() { dc.fire(func() func() { return dc.onOpen }) })
	case datachannel.EventMessage:
		msg := DataChannelMessage{IsString: ev.IsString, Data: bytes.Clone(ev.Data)}
		dc.messagesReceived++
		dc.bytesReceived += uint64(len(msg.Data))
		queueHandler(pc, func() func(DataChannelMessage) { return dc.onMessage }, msg)
	case datachannel.EventBufferedAmountLow:
		pc.queueTask(func() { dc.fire(func() func() { return dc.onBufferedAmountLow }) })
	case datachannel.EventClosing:
		dc.readyState = DataChannelStateClosing
		pc.queueTask(func() { dc.fire(func() func() { return dc.onClosing }) })
	case datachannel.EventClose:
		if dc.readyState != DataChannelStateClosed {
			pc.stats.dataChannelsClosed++
		}
		dc.readyState = DataChannelStateClosed
		delete(d.channels, ev.Channel)
		pc.queueTask(func() { dc.fire(func() func() { return dc.onClose }) })
	case datachannel.EventError:
		queueHandler(pc, func() func(error) { return dc.onError }, error(channelError(ev.Err)))
	}
}

// channelError is the RTCError of a channel's error event: "sctp-failure"
// with the ABORT's cause code when the association failed under it (W3C
// §6.2.5 step 5), "data-channel-failure" for a failure of the channel
// alone.
func channelError(err error) *RTCError {
	e := &RTCError{ErrorDetail: ErrorDetailDataChannelFailure, Err: err}
	var abort *sctp.AbortError
	if errors.As(err, &abort) {
		e.SCTPCauseCode = int(abort.Cause)
	}
	if errors.Is(err, sctp.ErrAborted) || errors.Is(err, sctp.ErrTimeout) || errors.Is(err, sctp.ErrProtocol) {
		e.ErrorDetail = ErrorDetailSCTPFailure
	}
	return e
}

// fire calls the handler get returns (read under pc.mu), outside the lock.
func (dc *DataChannel) fire(get func() func()) {
	dc.pc.mu.Lock()
	f := get()
	dc.pc.mu.Unlock()
	if f != nil {
		f()
	}
}

// addLocalCandidate adds a gathered candidate to the local descriptions
// (§4.4.1.6 "surface the candidate": the pending and current local
// descriptions carry it) and returns the mid and index it belongs to.
// Called with pc.mu held.
func (pc *PeerConnection) addLocalCandidate(c sdp.Candidate) (string, uint16) {
	return pc.editLocalTransportSections(func(md *sdp.MediaDescription) {
		md.AddAttribute(sdp.AttrCandidate, c.String())
	})
}

// addLocalEndOfCandidates marks the local descriptions' transport sections
// a=end-of-candidates once gathering is complete. Called with pc.mu held.
func (pc *PeerConnection) addLocalEndOfCandidates() {
	pc.editLocalTransportSections(func(md *sdp.MediaDescription) {
		if !md.EndOfCandidates() {
			md.AddAttribute(sdp.AttrEndOfCandidates, "")
		}
	})
}

// editLocalTransportSections applies edit to every m= section of the
// pending and current local descriptions that uses the connection's
// transport, re-marshals them, and returns the mid and index of the
// transport's own section.
func (pc *PeerConnection) editLocalTransportSections(edit func(*sdp.MediaDescription)) (mid string, index uint16) {
	for _, d := range []*description{pc.pendingLocal, pc.currentLocal} {
		if d == nil {
			continue
		}
		i := pc.transportSection(d)
		if i < 0 {
			continue
		}
		mid, index = d.media[i].mid, uint16(i)
		for j, m := range d.media {
			if !m.rejected && m.ufrag == d.media[i].ufrag {
				edit(d.parsed.Media[j])
			}
		}
		d.text = d.parsed.String()
	}
	return mid, index
}

// transportSection returns the index of the m= section whose transport
// the connection uses: the BUNDLE-tagged one, or the first one in use.
// One transport per connection is supported (rtcp-mux and BUNDLE make one
// enough; unbundled extra transports are a later step).
func (pc *PeerConnection) transportSection(d *description) int {
	if len(d.bundle) > 0 {
		if i, m := d.mediaByMid(d.bundle[0]); m != nil && !m.rejected {
			return i
		}
	}
	for i, m := range d.media {
		if !m.rejected && m.ufrag != "" {
			return i
		}
	}
	return -1
}

// updateStates recomputes iceConnectionState and connectionState from the
// transports (§4.3.3, §4.3.4) and fires the change events.
func (pc *PeerConnection) updateStates() {
	pc.mu.Lock()
	if pc.isClosed {
		pc.mu.Unlock()
		return
	}
	ice := pc.dtlsTransport.iceTransport.state
	iceState := ICEConnectionState(ice)
	dt := pc.dtlsTransport.state
	var conn PeerConnectionState
	switch {
	case ice == iceTransportStateFailed || dt == DTLSTransportStateFailed:
		conn = PeerConnectionStateFailed
	case ice == iceTransportStateDisconnected:
		conn = PeerConnectionStateDisconnected
	case (ice == iceTransportStateNew || ice == iceTransportStateClosed) && (dt == DTLSTransportStateNew || dt == DTLSTransportStateClosed):
		conn = PeerConnectionStateNew
	case (ice == iceTransportStateConnected || ice == iceTransportStateCompleted || ice == iceTransportStateClosed) &&
		(dt == DTLSTransportStateConnected || dt == DTLSTransportStateClosed):
		conn = PeerConnectionStateConnected
	default:
		conn = PeerConnectionStateConnecting
	}
	iceChanged := pc.iceConnectionState != iceState
	connChanged := pc.connectionState != conn
	pc.iceConnectionState, pc.connectionState = iceState, conn
	pc.mu.Unlock()
	if iceChanged {
		pc.queueTask(func() {
			if f := pc.handler().iceConnectionStateChange; f != nil {
				f(iceState)
			}
		})
	}
	if connChanged {
		pc.queueTask(func() {
			if f := pc.handler().connectionStateChange; f != nil {
				f(conn)
			}
		})
	}
}

// syncTransport hands the transport-level facts of the descriptions just
// applied to the driver: local credentials and role start the ICE agent,
// the remote description gives it the peer's credentials and candidates,
// and an answer fixes the DTLS role. Called without pc.mu.
func (pc *PeerConnection) syncTransport() error {
	pc.mu.Lock()
	if pc.isClosed {
		pc.mu.Unlock()
		return nil
	}
	local := pc.pendingLocal
	if local == nil {
		local = pc.currentLocal
	}
	var ufrag, pwd string
	if local != nil {
		if i := pc.transportSection(local); i >= 0 {
			ufrag, pwd = local.media[i].ufrag, local.media[i].pwd
		}
	}
	controlling := pc.iceRole != ICERoleControlled
	relay := pc.config.ICETransportPolicy == ICETransportPolicyRelay
	servers := stunServers(pc.iceURLs)
	remote := pc.remoteDescription()
	var rUfrag, rPwd string
	var lite, eoc bool
	var cands []sdp.Candidate
	var fps []dtls.Fingerprint
	maxMsg := 0
	if remote != nil {
		if i := pc.transportSection(remote); i >= 0 {
			m := remote.media[i]
			rUfrag, rPwd, lite, eoc = m.ufrag, m.pwd, remote.iceLite, m.eoc
			fps = toDTLSFingerprints(m.fps)
			if cs, err := remote.parsed.Media[i].Candidates(); err == nil {
				cands = cs
			}
		}
		if ds := dataSection(remote); ds != nil && ds.hasMaxMsg {
			maxMsg = int(min(ds.maxMsgSize, 1<<30))
			if ds.maxMsgSize == 0 {
				maxMsg = -1
			}
		}
	}
	role := pc.dtlsRole
	cert := pc.config.Certificates[0]
	d := pc.drv
	pc.mu.Unlock()

	// The agent first: the remote description's candidates go to it,
	// and an answerer's agent starts only with its answer.
	if ufrag != "" {
		if err := d.startICE(ufrag, pwd, controlling, servers, relay); err != nil {
			return err
		}
	}
	if remote != nil && rUfrag != "" {
		d.setRemote(rUfrag, rPwd, lite, cands, eoc, fps, maxMsg)
	}
	if role != dtlsRoleUnknown && remote != nil && local != nil {
		return d.setDTLSRole(role, cert)
	}
	return nil
}

// stunServers turns the validated stun: URLs of the configuration into the
// agent's servers, resolving host names (TURN comes with the TURN issue).
func stunServers(urls []ICEServerURL) []ice.STUNServer {
	var out []ice.STUNServer
	for _, u := range urls {
		if u.Scheme != "stun" || (u.Transport != "" && u.Transport != "udp") {
			continue
		}
		addr, err := netip.ParseAddr(strings.Trim(u.Host, "[]"))
		if err != nil {
			ips, err := lookupHost(u.Host)
			if err != nil || len(ips) == 0 {
				continue
			}
			addr = ips[0]
		}
		out = append(out, ice.STUNServer{URL: u.String(), Address: netip.AddrPortFrom(addr, uint16(u.Port))})
	}
	return out
}
