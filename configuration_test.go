package webrtc

import (
	"context"
	"errors"
	"testing"
	"time"
)

// RTCPeerConnection-constructor.html and RTCConfiguration-*.html, in Go.
func TestConstructorDefaults(t *testing.T) {
	pc := mustPC(t, Configuration{})
	cfg := pc.GetConfiguration()
	t.Log("# §4.2.1: the defaults are iceTransportPolicy all, bundlePolicy balanced, rtcpMuxPolicy require")
	if cfg.ICETransportPolicy != ICETransportPolicyAll || cfg.BundlePolicy != BundlePolicyBalanced || cfg.RTCPMuxPolicy != RTCPMuxPolicyRequire {
		t.Fatalf("defaults: %+v", cfg)
	}
	t.Log("# constructor step 6: with no certificates, one is generated and getConfiguration returns it")
	if len(cfg.Certificates) != 1 || cfg.Certificates[0].IsZero() {
		t.Fatalf("certificates: %v", cfg.Certificates)
	}
	if pc.SignalingState() != SignalingStateStable || pc.ICEGatheringState() != ICEGatheringStateNew ||
		pc.ICEConnectionState() != ICEConnectionStateNew || pc.ConnectionState() != PeerConnectionStateNew {
		t.Fatalf("initial states")
	}
	if pc.LocalDescription() != nil || pc.RemoteDescription() != nil || pc.CurrentLocalDescription() != nil || pc.PendingRemoteDescription() != nil {
		t.Fatalf("descriptions should start null")
	}
	if _, ok := pc.CanTrickleICECandidates(); ok {
		t.Fatalf("canTrickleIceCandidates must be null before setRemoteDescription")
	}
	// Two connections without certificates get different ones.
	other := mustPC(t, Configuration{})
	if other.GetConfiguration().Certificates[0] == cfg.Certificates[0] {
		t.Fatalf("two connections share a generated certificate")
	}
}

func TestConstructorICEServers(t *testing.T) {
	cases := []struct {
		name    string
		servers []ICEServer
		want    error
	}{
		{"empty urls", []ICEServer{{URLs: []string{}}}, ErrSyntax},
		{"bad scheme", []ICEServer{{URLs: []string{"http://example.com"}}}, ErrSyntax},
		{"turn without credential", []ICEServer{{URLs: []string{"turn:example.com"}, Username: "u"}}, ErrInvalidAccess},
		{"turn without username", []ICEServer{{URLs: []string{"turn:example.com"}, Credential: "c"}}, ErrInvalidAccess},
		{"stun with query", []ICEServer{{URLs: []string{"stun:example.com?transport=udp"}}}, ErrSyntax},
		{"valid", []ICEServer{{URLs: []string{"stun:stun.example.com:3478", "turn:[2001:db8::1]:3478?transport=tcp"}, Username: "u", Credential: "c"}}, nil},
	}
	for _, c := range cases {
		pc, err := NewPeerConnection(Configuration{ICEServers: c.servers})
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			pc.Close()
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: NewPeerConnection = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestConstructorRejectsBadEnums(t *testing.T) {
	for _, cfg := range []Configuration{{BundlePolicy: 7}, {RTCPMuxPolicy: -1}, {ICETransportPolicy: 9}} {
		if _, err := NewPeerConnection(cfg); !errors.Is(err, ErrType) {
			t.Errorf("NewPeerConnection(%+v) = %v, want TypeError", cfg, err)
		}
	}
}

func TestConstructorRejectsExpiredCertificate(t *testing.T) {
	cert, err := GenerateCertificate(KeygenAlgorithm{Name: "ECDSA", NamedCurve: "P-256", Expires: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	noSpareCertificate(t)
	defer func(f func() time.Time) { spareCertificate.done.Wait(); timeNow = f }(timeNow)
	timeNow = func() time.Time { return time.Now().Add(2 * time.Hour) }
	t.Log("# constructor step 5.1: an expired certificate is an InvalidAccessError")
	if _, err := NewPeerConnection(Configuration{Certificates: []Certificate{cert}}); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("NewPeerConnection with an expired certificate = %v, want InvalidAccessError", err)
	}
}

func TestGivenCertificateIsUsed(t *testing.T) {
	cert, err := GenerateCertificate(KeygenAlgorithm{Name: "RSASSA-PKCS1-v1_5", ModulusLength: 2048, Hash: "SHA-256"})
	if err != nil {
		t.Fatal(err)
	}
	pc := mustPC(t, Configuration{Certificates: []Certificate{cert}})
	if _, err := pc.CreateDataChannel("x", nil); err != nil {
		t.Fatal(err)
	}
	if got := pc.GetConfiguration().Certificates; len(got) != 1 || got[0] != cert {
		t.Fatalf("getConfiguration().certificates = %v", got)
	}
	offer, err := pc.CreateOffer(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fp, _ := cert.Fingerprint("sha-256")
	if !containsFold(offer.SDP, "a=fingerprint:sha-256 "+fp.Value) {
		t.Fatalf("the offer does not carry the given certificate's fingerprint %s:\n%s", fp.Value, offer.SDP)
	}
}

func TestSetConfiguration(t *testing.T) {
	cert, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	other, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	pc := mustPC(t, Configuration{Certificates: []Certificate{cert}, PeerIdentity: "alice@example.org"})
	base := pc.GetConfiguration()
	mod := func(f func(*Configuration)) Configuration {
		c := pc.GetConfiguration()
		f(&c)
		return c
	}
	t.Log("# §4.4.1.5 step 3: certificates, bundlePolicy, rtcpMuxPolicy cannot change: InvalidModificationError")
	for name, c := range map[string]Configuration{
		"different certificate": mod(func(c *Configuration) { c.Certificates = []Certificate{other} }),
		"no certificate":        mod(func(c *Configuration) { c.Certificates = nil }),
		"bundlePolicy":          mod(func(c *Configuration) { c.BundlePolicy = BundlePolicyMaxBundle }),
		"rtcpMuxPolicy":         mod(func(c *Configuration) { c.RTCPMuxPolicy = RTCPMuxPolicyNegotiate }),
		"peerIdentity":          mod(func(c *Configuration) { c.PeerIdentity = "mallory@example.org" }),
	} {
		if err := pc.SetConfiguration(c); !errors.Is(err, ErrInvalidModification) {
			t.Errorf("%s: SetConfiguration = %v, want InvalidModificationError", name, err)
		}
	}
	t.Log("# ICE servers and iceTransportPolicy may change; bad servers are still validated")
	ok := mod(func(c *Configuration) {
		c.ICEServers = []ICEServer{{URLs: []string{"stun:stun.example.net"}}}
		c.ICETransportPolicy = ICETransportPolicyRelay
		c.ICECandidatePoolSize = 3
	})
	if err := pc.SetConfiguration(ok); err != nil {
		t.Fatalf("SetConfiguration: %v", err)
	}
	if got := pc.GetConfiguration(); got.ICETransportPolicy != ICETransportPolicyRelay || len(got.ICEServers) != 1 || got.ICECandidatePoolSize != 3 {
		t.Fatalf("after SetConfiguration: %+v", got)
	}
	if err := pc.SetConfiguration(mod(func(c *Configuration) { c.ICEServers = []ICEServer{{URLs: []string{"turn:x"}}} })); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("SetConfiguration with a TURN server without credentials = %v", err)
	}
	t.Log("# step 3.6: iceCandidatePoolSize cannot change once setLocalDescription was called")
	if err := pc.SetLocalDescription(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if err := pc.SetConfiguration(mod(func(c *Configuration) { c.ICECandidatePoolSize = 5 })); !errors.Is(err, ErrInvalidModification) {
		t.Fatalf("changing iceCandidatePoolSize after SLD = %v, want InvalidModificationError", err)
	}
	_ = base
	pc.Close()
	t.Log("# setConfiguration step 2: closed → InvalidStateError")
	if err := pc.SetConfiguration(ok); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("SetConfiguration after Close = %v", err)
	}
}

func TestGetConfigurationIsACopy(t *testing.T) {
	pc := mustPC(t, Configuration{ICEServers: []ICEServer{{URLs: []string{"stun:a.example"}}}})
	c := pc.GetConfiguration()
	c.ICEServers[0].URLs[0] = "stun:changed.example"
	if pc.GetConfiguration().ICEServers[0].URLs[0] != "stun:a.example" {
		t.Fatal("changing the returned configuration changed the connection's")
	}
}
