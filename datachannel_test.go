package webrtc

import (
	"errors"
	"strings"
	"testing"
)

func u16(v uint16) *uint16 { return &v }

// §6.1 createDataChannel, the intent of RTCPeerConnection-createDataChannel.html.
func TestCreateDataChannelChecks(t *testing.T) {
	pc := mustPC(t, Configuration{})
	cases := []struct {
		name  string
		label string
		init  *DataChannelInit
		want  error
	}{
		{"label over 65535 bytes", strings.Repeat("x", 65536), nil, ErrType},
		{"protocol over 65535 bytes", "l", &DataChannelInit{Protocol: strings.Repeat("p", 65536)}, ErrType},
		{"negotiated without id", "l", &DataChannelInit{Negotiated: true}, ErrType},
		{"both reliability limits", "l", &DataChannelInit{MaxPacketLifeTime: u16(1), MaxRetransmits: u16(1)}, ErrType},
		{"id 65535", "l", &DataChannelInit{Negotiated: true, ID: u16(65535)}, ErrType},
	}
	for _, c := range cases {
		if _, err := pc.CreateDataChannel(c.label, c.init); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	dc, err := pc.CreateDataChannel(strings.Repeat("x", 65535), &DataChannelInit{Negotiated: true, ID: u16(4), MaxRetransmits: u16(0), Protocol: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := dc.ID(); !ok || id != 4 || !dc.Negotiated() || dc.Protocol() != "p" || !dc.Ordered() {
		t.Fatalf("channel fields: id %d/%v", id, ok)
	}
	if n, ok := dc.MaxRetransmits(); !ok || n != 0 {
		t.Fatalf("maxRetransmits %d %v", n, ok)
	}
	if _, ok := dc.MaxPacketLifeTime(); ok {
		t.Fatalf("maxPacketLifeTime should be null")
	}
	t.Log("# step 18: an id in use is an OperationError")
	if _, err := pc.CreateDataChannel("dup", &DataChannelInit{Negotiated: true, ID: u16(4)}); !errors.Is(err, ErrOperation) {
		t.Fatalf("duplicate id = %v", err)
	}
	t.Log("# step 13: the id of an in-band channel is ignored; it stays null until the DTLS role is known")
	dc2, err := pc.CreateDataChannel("inband", &DataChannelInit{ID: u16(9)})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := dc2.ID(); ok {
		t.Fatalf("in-band channel got an id before the DTLS role was known")
	}
	if dc2.ReadyState() != DataChannelStateConnecting {
		t.Fatalf("readyState %v", dc2.ReadyState())
	}
	if err := dc2.SendText("hi"); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("send while connecting = %v", err)
	}
}

// RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones;
// ids are given once an answer fixes the roles (§4.4.1.4 step 6.10.2).
func TestDataChannelIDsFollowDTLSRole(t *testing.T) {
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	da, _ := a.CreateDataChannel("a", nil)
	negotiate(t, a, b)
	// b answered actpass with active: b is the DTLS client (even), a the server (odd).
	if id, ok := da.ID(); !ok || id%2 != 1 {
		t.Fatalf("offerer (DTLS server) channel id %d,%v: want odd", id, ok)
	}
	db, err := b.CreateDataChannel("b", nil)
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := db.ID(); !ok || id%2 != 0 {
		t.Fatalf("answerer (DTLS client) channel id %d,%v: want even", id, ok)
	}
	if s := a.SCTP(); s == nil || s.State() != SCTPTransportStateConnecting || s.MaxMessageSize() != 262144 {
		t.Fatalf("SCTP transport after negotiation: %+v", s)
	}
	t.Log("# negotiationneeded: the data section exists, so a second channel needs no negotiation")
	a.mu.Lock()
	needed := a.negotiationIsNeeded()
	a.mu.Unlock()
	if needed {
		t.Fatal("negotiation needed after the data section was negotiated")
	}
}

func TestDataChannelCloseAndStats(t *testing.T) {
	pc := mustPC(t, Configuration{})
	dc, _ := pc.CreateDataChannel("chat", &DataChannelInit{Protocol: "json"})
	rep, err := pc.GetStats(bg)
	if err != nil {
		t.Fatal(err)
	}
	var sawPC, sawDC, sawCert bool
	for id, s := range rep {
		if s.StatsID() != id {
			t.Errorf("stats id %q under key %q", s.StatsID(), id)
		}
		switch v := s.(type) {
		case PeerConnectionStats:
			sawPC = true
		case DataChannelStats:
			sawDC = v.Label == "chat" && v.Protocol == "json" && v.State == DataChannelStateConnecting
		case CertificateStats:
			fp := pc.GetConfiguration().Certificates[0].GetFingerprints()[0]
			sawCert = v.Fingerprint == fp.Value && v.FingerprintAlgorithm == "sha-256" && v.Base64Certificate != ""
		}
	}
	if !sawPC || !sawDC || !sawCert {
		t.Fatalf("stats report lacks entries: pc %v dc %v cert %v", sawPC, sawDC, sawCert)
	}
	if err := dc.Close(); err != nil {
		t.Fatal(err)
	}
	if dc.ReadyState() != DataChannelStateClosed {
		t.Fatalf("state after close %v", dc.ReadyState())
	}
}
