package webrtc

import (
	"errors"
	"strings"
	"testing"
)

func sp(s string) *string { return &s }

// §4.4.2 addIceCandidate, the intent of RTCPeerConnection-addIceCandidate.html.
func TestAddICECandidate(t *testing.T) {
	a := withData(t, mustPC(t, Configuration{}))
	b := mustPC(t, Configuration{})
	cand := "candidate:1 1 udp 2122260223 192.0.2.1 61665 typ host generation 0"
	t.Log("# step 3: a candidate with neither sdpMid nor sdpMLineIndex is a TypeError")
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: cand}); !errors.Is(err, ErrType) {
		t.Fatalf("no mid/index = %v", err)
	}
	t.Log("# step 4.1: no remote description is an InvalidStateError")
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: cand, SDPMid: sp("0")}); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("before SRD = %v", err)
	}
	offer := offerFrom(t, a)
	if err := a.SetLocalDescription(bg, &offer); err != nil {
		t.Fatal(err)
	}
	if err := b.SetRemoteDescription(bg, offer); err != nil {
		t.Fatal(err)
	}
	t.Log("# steps 4.2 and 4.3: unknown mid or index out of range is an OperationError")
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: cand, SDPMid: sp("nope")}); !errors.Is(err, ErrOperation) {
		t.Fatalf("unknown mid = %v", err)
	}
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: cand, SDPMLineIndex: u16(1)}); !errors.Is(err, ErrOperation) {
		t.Fatalf("index out of range = %v", err)
	}
	t.Log("# step 4.5: a usernameFragment of no ICE generation is an OperationError")
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: cand, SDPMid: sp("0"), UsernameFragment: sp("zzzz")}); !errors.Is(err, ErrOperation) {
		t.Fatalf("unknown ufrag = %v", err)
	}
	t.Log("# a malformed candidate is an OperationError")
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: "candidate:1 1 udp x 192.0.2.1 1 typ host", SDPMid: sp("0")}); !errors.Is(err, ErrOperation) {
		t.Fatalf("malformed candidate = %v", err)
	}
	if err := b.AddICECandidate(bg, &ICECandidateInit{Candidate: cand, SDPMLineIndex: u16(0)}); err != nil {
		t.Fatal(err)
	}
	t.Log("# the candidate is added to the remote description's SDP")
	if !strings.Contains(b.RemoteDescription().SDP, "a="+cand+"\r\n") {
		t.Fatalf("candidate missing from the remote description:\n%s", b.RemoteDescription().SDP)
	}
	if err := b.AddICECandidate(bg, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.RemoteDescription().SDP, "a=end-of-candidates\r\n") {
		t.Fatalf("end-of-candidates missing")
	}
	c, err := ParseICECandidate(ICECandidateInit{Candidate: "candidate:842163049 1 udp 1677729535 203.0.113.7 3478 typ srflx raddr 10.0.0.1 rport 50000 generation 0 ufrag abcd"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Type != ICECandidateTypeSrflx || c.RelatedAddress != "10.0.0.1" || c.RelatedPort != 50000 || c.UsernameFragment != "abcd" || c.Protocol != ICEProtocolUDP || c.Component != ICEComponentRTP {
		t.Fatalf("parsed candidate: %+v", c)
	}
	m, _ := ParseICECandidate(ICECandidateInit{Candidate: "candidate:1 1 udp 1 4f5a0b1e-2e62-4ef6-a9ab-3a3b1fb5e2a0.local 5000 typ host"})
	if m == nil || !m.IsMDNS() {
		t.Fatalf("mDNS candidate not recognised")
	}
}
