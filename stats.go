package webrtc

import (
	"context"
	"encoding/base64"
	"strconv"
)

// StatsType is the W3C RTCStatsType (webrtc-stats §3.2).
type StatsType string

// The stats types this stack reports so far.
const (
	StatsTypePeerConnection StatsType = "peer-connection"
	StatsTypeDataChannel    StatsType = "data-channel"
	StatsTypeCertificate    StatsType = "certificate"
)

// Stats is one dictionary of a StatsReport: an RTCStats (webrtc-stats §4).
type Stats interface {
	// StatsID is the dictionary's id, unique in its report.
	StatsID() string
}

// StatsBase holds the members every RTCStats has.
type StatsBase struct {
	ID        string    `json:"id"`
	Type      StatsType `json:"type"`
	Timestamp float64   `json:"timestamp"` // milliseconds since the Unix epoch
}

// StatsID returns the id.
func (s StatsBase) StatsID() string { return s.ID }

// PeerConnectionStats is RTCPeerConnectionStats (webrtc-stats §6.19).
type PeerConnectionStats struct {
	StatsBase
	DataChannelsOpened uint32 `json:"dataChannelsOpened"`
	DataChannelsClosed uint32 `json:"dataChannelsClosed"`
}

// DataChannelStats is RTCDataChannelStats (webrtc-stats §6.15).
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

// CertificateStats is RTCCertificateStats (webrtc-stats §6.23).
type CertificateStats struct {
	StatsBase
	Fingerprint          string `json:"fingerprint"`
	FingerprintAlgorithm string `json:"fingerprintAlgorithm"`
	Base64Certificate    string `json:"base64Certificate"`
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
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return nil, newError(ErrInvalidState, "getStats on a closed RTCPeerConnection")
	}
	ts := float64(timeNow().UnixMicro()) / 1000
	r := StatsReport{}
	r["P"] = PeerConnectionStats{StatsBase: StatsBase{"P", StatsTypePeerConnection, ts},
		DataChannelsOpened: pc.stats.dataChannelsOpened, DataChannelsClosed: pc.stats.dataChannelsClosed}
	for i, dc := range pc.dataChannels {
		id := "D" + strconv.Itoa(i)
		s := DataChannelStats{StatsBase: StatsBase{id, StatsTypeDataChannel, ts}, Label: dc.label, Protocol: dc.protocol, State: dc.readyState}
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
		r[id] = CertificateStats{StatsBase: StatsBase{id, StatsTypeCertificate, ts},
			Fingerprint: fp.Value, FingerprintAlgorithm: fp.Algorithm, Base64Certificate: base64.StdEncoding.EncodeToString(c.DER())}
	}
	return r, nil
}
