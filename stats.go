package webrtc

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/c4c1f6e1/webrtc/ice"
)

// StatsType is the W3C RTCStatsType (webrtc-stats §7.1).
type StatsType string

// The stats types this stack reports so far.
const (
	StatsTypePeerConnection  StatsType = "peer-connection"
	StatsTypeDataChannel     StatsType = "data-channel"
	StatsTypeCertificate     StatsType = "certificate"
	StatsTypeTransport       StatsType = "transport"
	StatsTypeCandidatePair   StatsType = "candidate-pair"
	StatsTypeLocalCandidate  StatsType = "local-candidate"
	StatsTypeRemoteCandidate StatsType = "remote-candidate"
)

// Stats is one dictionary of a StatsReport: an RTCStats (webrtc-stats §4).
type Stats interface {
	// StatsID is the dictionary's id, unique in its report.
	StatsID() string
	// StatsType is the dictionary's type.
	StatsType() StatsType
}

// StatsBase holds the members every RTCStats has.
type StatsBase struct {
	ID        string    `json:"id"`
	Type      StatsType `json:"type"`
	Timestamp float64   `json:"timestamp"` // milliseconds since the Unix epoch
}

// StatsID returns the id.
func (s StatsBase) StatsID() string { return s.ID }

// StatsType returns the type.
func (s StatsBase) StatsType() StatsType { return s.Type }

// PeerConnectionStats is RTCPeerConnectionStats (webrtc-stats §8.15).
type PeerConnectionStats struct {
	StatsBase
	DataChannelsOpened uint32 `json:"dataChannelsOpened"`
	DataChannelsClosed uint32 `json:"dataChannelsClosed"`
}

// DataChannelStats is RTCDataChannelStats (webrtc-stats §8.16).
type DataChannelStats struct {
	StatsBase
	Label                 string           `json:"label"`
	Protocol              string           `json:"protocol"`
	DataChannelIdentifier *uint16          `json:"dataChannelIdentifier,omitempty"`
	State                 DataChannelState `json:"state"`
	MessagesSent          uint32           `json:"messagesSent"`
	BytesSent             uint64           `json:"bytesSent"`
	MessagesReceived      uint32           `json:"messagesReceived"`
	BytesReceived         uint64           `json:"bytesReceived"`
}

// CertificateStats is RTCCertificateStats (webrtc-stats §8.20).
type CertificateStats struct {
	StatsBase
	Fingerprint          string `json:"fingerprint"`
	FingerprintAlgorithm string `json:"fingerprintAlgorithm"`
	Base64Certificate    string `json:"base64Certificate"`
}

// TransportStats is RTCTransportStats (webrtc-stats §8.17).
type TransportStats struct {
	StatsBase
	PacketsSent              uint64             `json:"packetsSent"`
	PacketsReceived          uint64             `json:"packetsReceived"`
	BytesSent                uint64             `json:"bytesSent"`
	BytesReceived            uint64             `json:"bytesReceived"`
	ICERole                  ICERole            `json:"iceRole"`
	ICELocalUsernameFragment string             `json:"iceLocalUsernameFragment,omitempty"`
	DTLSState                DTLSTransportState `json:"dtlsState"`
	ICEState                 ICEConnectionState `json:"iceState"`
	SelectedCandidatePairID  string             `json:"selectedCandidatePairId,omitempty"`
	LocalCertificateID       string             `json:"localCertificateId,omitempty"`
	RemoteCertificateID      string             `json:"remoteCertificateId,omitempty"`
	TLSVersion               string             `json:"tlsVersion,omitempty"`
	DTLSCipher               string             `json:"dtlsCipher,omitempty"`
	DTLSRole                 string             `json:"dtlsRole"`
	SRTPCipher               string             `json:"srtpCipher,omitempty"`
	// SelectedCandidatePairChanges counts the times ICE selected a pair.
	SelectedCandidatePairChanges uint32 `json:"selectedCandidatePairChanges"`
}

// CandidatePairStats is RTCIceCandidatePairStats (webrtc-stats §8.19).
// Packets and bytes are those of the pair other than STUN; round-trip
// times are in seconds, measured on STUN checks and consent requests;
// timestamps are milliseconds since the Unix epoch, absent when nothing
// was sent or received.
type CandidatePairStats struct {
	StatsBase
	TransportID                 string  `json:"transportId"`
	LocalCandidateID            string  `json:"localCandidateId"`
	RemoteCandidateID           string  `json:"remoteCandidateId"`
	State                       string  `json:"state"`
	Nominated                   bool    `json:"nominated"`
	PacketsSent                 uint64  `json:"packetsSent"`
	PacketsReceived             uint64  `json:"packetsReceived"`
	BytesSent                   uint64  `json:"bytesSent"`
	BytesReceived               uint64  `json:"bytesReceived"`
	LastPacketSentTimestamp     float64 `json:"lastPacketSentTimestamp,omitempty"`
	LastPacketReceivedTimestamp float64 `json:"lastPacketReceivedTimestamp,omitempty"`
	TotalRoundTripTime          float64 `json:"totalRoundTripTime"`
	CurrentRoundTripTime        float64 `json:"currentRoundTripTime,omitempty"`
	RequestsReceived            uint64  `json:"requestsReceived"`
	RequestsSent                uint64  `json:"requestsSent"`
	ResponsesReceived           uint64  `json:"responsesReceived"`
	ResponsesSent               uint64  `json:"responsesSent"`
	ConsentRequestsSent         uint64  `json:"consentRequestsSent"`
	PacketsDiscardedOnSend      uint64  `json:"packetsDiscardedOnSend"`
	BytesDiscardedOnSend        uint64  `json:"bytesDiscardedOnSend"`
}

// ICECandidateStats is RTCIceCandidateStats (webrtc-stats §8.18), for the
// "local-candidate" and "remote-candidate" types. Address is nil for a
// remote candidate the application did not signal (a peer-reflexive one):
// §8.18 says its address MUST be null. A candidate signalled with an mDNS
// name shows the name.
type ICECandidateStats struct {
	StatsBase
	TransportID      string           `json:"transportId"`
	Address          *string          `json:"address"`
	Port             uint16           `json:"port"`
	Protocol         string           `json:"protocol"`
	CandidateType    ICECandidateType `json:"candidateType"`
	Priority         uint32           `json:"priority"`
	URL              string           `json:"url,omitempty"`
	Foundation       string           `json:"foundation"`
	RelatedAddress   string           `json:"relatedAddress,omitempty"`
	RelatedPort      uint16           `json:"relatedPort,omitempty"`
	UsernameFragment string           `json:"usernameFragment,omitempty"`
}

// StatsReport is the W3C RTCStatsReport (§8.3): the dictionaries by id.
type StatsReport map[string]Stats

// GetStats returns the connection's statistics (§8.2 getStats). What exists
// now is reported: the connection, its data channels and certificates;
// transport, candidate and RTP statistics come with the transports.
func (pc *PeerConnection) GetStats(ctx context.Context) (StatsReport, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ts := pc.drv.stats() // before pc.mu: the lock order is driver, then pc
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return nil, newError(ErrInvalidState, "getStats on a closed RTCPeerConnection")
	}
	now := float64(timeNow().UnixMicro()) / 1000
	r := StatsReport{}
	r["P"] = PeerConnectionStats{StatsBase: StatsBase{"P", StatsTypePeerConnection, now},
		DataChannelsOpened: pc.stats.dataChannelsOpened, DataChannelsClosed: pc.stats.dataChannelsClosed}
	for i, dc := range pc.dataChannels {
		id := "D" + strconv.Itoa(i)
		s := DataChannelStats{StatsBase: StatsBase{id, StatsTypeDataChannel, now}, Label: dc.label, Protocol: dc.protocol, State: dc.readyState}
		if dc.hasID {
			v := dc.id
			s.DataChannelIdentifier = &v
		}
		r[id] = s
	}
	for _, c := range pc.config.Certificates {
		fp, err := c.Fingerprint("sha-256")
		if err != nil {
			return nil, err
		}
		id := "CF" + fp.Value
		r[id] = CertificateStats{StatsBase: StatsBase{id, StatsTypeCertificate, now},
			Fingerprint: fp.Value, FingerprintAlgorithm: fp.Algorithm, Base64Certificate: base64.StdEncoding.EncodeToString(c.DER())}
	}
	if ts.started {
		pc.transportStats(r, ts, now)
	}
	return r, nil
}

// transportStats adds the transport, candidate-pair and candidate
// dictionaries, cross-referenced by id. Called with pc.mu held.
func (pc *PeerConnection) transportStats(r StatsReport, ts transportStats, now float64) {
	const tid = "T01"
	t := TransportStats{StatsBase: StatsBase{tid, StatsTypeTransport, now},
		PacketsSent: ts.packetsSent, PacketsReceived: ts.packetsReceived, BytesSent: ts.bytesSent, BytesReceived: ts.bytesReceived,
		ICERole: pc.iceRole, ICELocalUsernameFragment: ts.localUfrag, DTLSState: pc.dtlsTransport.state,
		ICEState: ICEConnectionState(pc.dtlsTransport.iceTransport.state), TLSVersion: ts.tlsVersion,
		DTLSCipher: ts.cipher, SRTPCipher: ts.srtp, DTLSRole: "unknown", SelectedCandidatePairChanges: ts.pairChanges}
	if ts.dtlsKnown {
		t.DTLSRole = "server"
		if ts.dtlsClient {
			t.DTLSRole = "client"
		}
	}
	if len(pc.config.Certificates) > 0 {
		if fp, err := pc.config.Certificates[0].Fingerprint("sha-256"); err == nil {
			t.LocalCertificateID = "CF" + fp.Value
		}
	}
	if certs := pc.dtlsTransport.remoteCerts; len(certs) > 0 {
		sum := sha256.Sum256(certs[0])
		fp := certFingerprintValue(sum[:])
		id := "CF" + fp
		r[id] = CertificateStats{StatsBase: StatsBase{id, StatsTypeCertificate, now},
			Fingerprint: fp, FingerprintAlgorithm: "sha-256", Base64Certificate: base64.StdEncoding.EncodeToString(certs[0])}
		t.RemoteCertificateID = id
	}
	candidate := func(c ice.Candidate, typ StatsType) string {
		prefix := "IL"
		if typ == StatsTypeRemoteCandidate {
			prefix = "IR"
		}
		id := prefix + c.Address.String()
		if c.Hostname != "" {
			// By name: the id must not tell whether it resolved
			// (draft-ietf-mmusic-mdns-ice-candidates-03 §3.3.1).
			id = prefix + c.Hostname + ":" + strconv.Itoa(int(c.Address.Port()))
		}
		if _, ok := r[id]; ok {
			return id
		}
		ct, _ := ParseICECandidateType(c.Type.String())
		s := ICECandidateStats{StatsBase: StatsBase{id, typ, now}, TransportID: tid,
			Port: c.Address.Port(), Protocol: "udp", CandidateType: ct, Priority: c.Priority, Foundation: c.Foundation}
		addr := c.Address.Addr().String()
		if c.Hostname != "" {
			addr = c.Hostname
		}
		if typ == StatsTypeLocalCandidate {
			s.URL, s.UsernameFragment = c.URL, ts.localUfrag
		} else if rufrag := pc.remoteUfragLocked(); rufrag != "" && c.Type != ice.CandidatePeerReflexive {
			s.UsernameFragment = rufrag
		}
		if typ == StatsTypeLocalCandidate || c.Type != ice.CandidatePeerReflexive {
			s.Address = &addr
		}
		if c.Type != ice.CandidateHost && c.Related.IsValid() {
			s.RelatedAddress, s.RelatedPort = c.Related.Addr().String(), c.Related.Port()
		}
		r[id] = s
		return id
	}
	for _, c := range ts.locals {
		candidate(c, StatsTypeLocalCandidate)
	}
	for _, c := range ts.remotes {
		candidate(c, StatsTypeRemoteCandidate)
	}
	for _, p := range ts.pairs {
		l, rm := candidate(p.Local, StatsTypeLocalCandidate), candidate(p.Remote, StatsTypeRemoteCandidate)
		id := "CP" + l + "_" + rm
		cp := CandidatePairStats{StatsBase: StatsBase{id, StatsTypeCandidatePair, now}, TransportID: tid,
			LocalCandidateID: l, RemoteCandidateID: rm, State: p.State.String(), Nominated: p.Nominated,
			TotalRoundTripTime: p.TotalRoundTripTime.Seconds(), CurrentRoundTripTime: p.CurrentRoundTripTime.Seconds(),
			RequestsSent: p.RequestsSent, ResponsesReceived: p.ResponsesReceived, RequestsReceived: p.RequestsReceived,
			ResponsesSent: p.ResponsesSent, ConsentRequestsSent: p.ConsentRequestsSent}
		base := p.Local.Base
		if !base.IsValid() {
			base = p.Local.Address
		}
		for _, tr := range ts.traffic {
			if tr.local == base && tr.remote == p.Remote.Address {
				cp.PacketsSent, cp.PacketsReceived = tr.packetsSent, tr.packetsReceived
				cp.BytesSent, cp.BytesReceived = tr.bytesSent, tr.bytesReceived
				cp.PacketsDiscardedOnSend, cp.BytesDiscardedOnSend = tr.packetsDiscarded, tr.bytesDiscarded
				cp.LastPacketSentTimestamp, cp.LastPacketReceivedTimestamp = statsTime(tr.lastSent), statsTime(tr.lastReceived)
			}
		}
		if ts.hasSelected && p.Pair == ts.selected {
			t.SelectedCandidatePairID = id
		}
		r[id] = cp
	}
	r[tid] = t
}

// statsTime is a DOMHighResTimeStamp: milliseconds since the Unix epoch,
// 0 (absent) for the zero time.
func statsTime(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMicro()) / 1000
}

// remoteUfragLocked is the remote description's ICE username fragment.
// Called with pc.mu held.
func (pc *PeerConnection) remoteUfragLocked() string {
	if d := pc.remoteDescription(); d != nil {
		if i := pc.transportSection(d); i >= 0 {
			return d.media[i].ufrag
		}
	}
	return ""
}
