package webrtc

// Configuration is the W3C RTCConfiguration (§4.2.1). The zero value is valid
// and means the spec's defaults: no ICE servers, iceTransportPolicy "all",
// bundlePolicy "balanced", rtcpMuxPolicy "require", a certificate generated
// for the connection, and no candidate pool.
type Configuration struct {
	// ICEServers are the STUN and TURN servers the ICE agent may use.
	ICEServers []ICEServer `json:"iceServers,omitempty"`
	// ICETransportPolicy says which candidates the ICE agent may use.
	ICETransportPolicy ICETransportPolicy `json:"iceTransportPolicy"`
	// BundlePolicy says how media is bundled with a peer that is not
	// bundle-aware (RFC 9429 §4.1.1).
	BundlePolicy BundlePolicy `json:"bundlePolicy"`
	// RTCPMuxPolicy says whether RTCP must share the RTP transport.
	RTCPMuxPolicy RTCPMuxPolicy `json:"rtcpMuxPolicy"`
	// PeerIdentity is the identity the remote peer must assert (§9). It is
	// stored and cannot change; asserting and enforcing it needs an identity
	// provider, which this package does not have yet.
	PeerIdentity string `json:"peerIdentity,omitempty"`
	// Certificates are the DTLS certificates of the connection. When empty,
	// one ECDSA P-256 certificate is generated for it.
	Certificates []Certificate `json:"-"`
	// ICECandidatePoolSize is how many ICE candidate sets to gather before
	// SetLocalDescription (RFC 9429 §3.5.4).
	ICECandidatePoolSize uint8 `json:"iceCandidatePoolSize"`

	// UDPMux, not a member of the W3C dictionary, puts the connection in
	// single-port mode: it uses the mux's shared socket, and its one host
	// candidate is the mux's address, instead of opening sockets of its
	// own. It cannot change once the connection exists.
	UDPMux *UDPMux `json:"-"`
}

// clone returns a copy of c that shares no slices with it.
func (c Configuration) clone() Configuration {
	out := c
	out.ICEServers = make([]ICEServer, len(c.ICEServers))
	for i, s := range c.ICEServers {
		s.URLs = append([]string(nil), s.URLs...)
		out.ICEServers[i] = s
	}
	out.Certificates = append([]Certificate(nil), c.Certificates...)
	return out
}

// maxICEServers is how many ICE servers a configuration may hold; more are
// truncated, as "set the configuration" step 5 allows.
const maxICEServers = 32

// validateICEServers runs steps 4–6 of the W3C "set the configuration"
// algorithm (§4.4.1.5) on servers and returns the parsed URLs.
func validateICEServers(servers []ICEServer) ([]ICEServer, []ICEServerURL, error) {
	if len(servers) > maxICEServers {
		servers = servers[:maxICEServers]
	}
	var urls []ICEServerURL
	for _, s := range servers {
		u, err := s.Validate()
		if err != nil {
			return nil, nil, err
		}
		urls = append(urls, u...)
	}
	return servers, urls, nil
}
