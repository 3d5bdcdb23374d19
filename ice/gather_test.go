package ice

import (
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

func TestServerReflexiveBehindNAT(t *testing.T) {
	h := newHarness(t, 10)
	stunAddr := netip.MustParseAddrPort("192.0.2.100:3478")
	h.stun[stunAddr] = true
	srv := []STUNServer{{URL: "stun:192.0.2.100:3478", Address: stunAddr}}
	a := h.addPeer("A", Config{Controlling: true, STUNServers: srv, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("192.168.1.2:5000")}}, 1)
	b := h.addPeer("B", Config{STUNServers: srv, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("192.168.7.2:6000")}}, 2)
	t.Logf("# both behind endpoint-independent-mapping NATs with address-and-port-dependent filtering (RFC 4787)")
	h.nats = []*nat{
		{private: netip.MustParseAddrPort("192.168.1.2:5000"), public: netip.MustParseAddrPort("198.51.100.1:40000"), portDependent: true, sentTo: map[netip.AddrPort]bool{}},
		{private: netip.MustParseAddrPort("192.168.7.2:6000"), public: netip.MustParseAddrPort("203.0.113.1:50000"), portDependent: true, sentTo: map[netip.AddrPort]bool{}},
	}
	h.connectSignalling(a, b)
	_ = a.a.Gather(h.now)
	_ = b.a.Gather(h.now)
	if !h.runUntil(10*time.Second, bothConnected(a, b)) {
		t.Fatal("no selection")
	}
	var srflx *Candidate
	for _, c := range a.a.LocalCandidates() {
		if c.Type == CandidateServerReflexive {
			srflx = &c
		}
	}
	t.Logf("# RFC 8445 §5.1.1.2: the XOR-MAPPED-ADDRESS of the STUN response is a server-reflexive candidate, related to its base")
	if srflx == nil || srflx.Address != netip.MustParseAddrPort("198.51.100.1:40000") || srflx.Related != netip.MustParseAddrPort("192.168.1.2:5000") || srflx.URL != srv[0].URL {
		t.Fatalf("srflx = %+v", srflx)
	}
	p := h.wantSelected(a, b)
	if p.Local.Address != netip.MustParseAddrPort("198.51.100.1:40000") {
		t.Errorf("A's valid local candidate %v, want its mapped address", p.Local)
	}
}

func TestCandidateErrorWhenServerSilent(t *testing.T) {
	h := newHarness(t, 11)
	srv := []STUNServer{{URL: "stun:192.0.2.200:3478", Address: netip.MustParseAddrPort("192.0.2.200:3478")}}
	a := h.addPeer("A", Config{STUNServers: srv, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")}}, 1)
	_ = a.a.Gather(h.now)
	t.Logf("# W3C webrtc-pc §4.8.2: a server that does not answer yields icecandidateerror with errorCode 701")
	t.Logf("# RFC 8489 §6.2.1: the transaction fails after Rc=7 requests and Rm=16 RTOs: 39.5 s with RTO 500 ms")
	h.runUntil(60*time.Second, func() bool { return a.a.GatheringState() == GatheringComplete })
	if d := h.now.Sub(t0); d != 39500*time.Millisecond {
		t.Errorf("gathering completed after %v, want 39.5 s", d)
	}
	var got *CandidateError
	for _, e := range a.events {
		if e.Type == EventCandidateError {
			got = &e.Error
		}
	}
	if got == nil || got.ErrorCode != 701 || got.URL != srv[0].URL || got.Address != "10.0.0.1" || got.Port != 5000 {
		t.Fatalf("candidate error %+v", got)
	}
	if h.sent != 7 {
		t.Errorf("%d requests sent, want Rc = 7", h.sent)
	}
}

func TestCandidateErrorWhenServerRefuses(t *testing.T) {
	h := newHarness(t, 14)
	addr := netip.MustParseAddrPort("192.0.2.100:3478")
	h.stun[addr] = true
	h.stunErr = 503
	srv := []STUNServer{{URL: "stun:192.0.2.100:3478", Address: addr}}
	a := h.addPeer("A", Config{STUNServers: srv, HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")}}, 1)
	_ = a.a.Gather(h.now)
	t.Logf("# W3C webrtc-pc §4.8.2: an error response gives icecandidateerror with the STUN error code and reason")
	h.runUntil(5*time.Second, func() bool { return a.a.GatheringState() == GatheringComplete })
	var got *CandidateError
	for _, e := range a.events {
		if e.Type == EventCandidateError {
			got = &e.Error
		}
	}
	if got == nil || got.ErrorCode != 503 || got.ErrorText != "Try Later" || got.URL != srv[0].URL {
		t.Fatalf("candidate error %+v", got)
	}
	if a.a.GatheringState() != GatheringComplete {
		t.Errorf("gathering %v", a.a.GatheringState())
	}
}

func TestRelayOnlyPolicy(t *testing.T) {
	h := newHarness(t, 15)
	stunAddr := netip.MustParseAddrPort("192.0.2.100:3478")
	h.stun[stunAddr] = true
	a := h.addPeer("A", Config{RelayOnly: true, Controlling: true, STUNServers: []STUNServer{{URL: "stun:x", Address: stunAddr}},
		HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.1:5000")}}, 1)
	a.a.BeginExternalGathering()
	_ = a.a.Gather(h.now)
	h.drain()
	t.Logf("# W3C iceTransportPolicy \"relay\": no host or server-reflexive candidate is surfaced, and gathering waits for the relay")
	for _, e := range a.events {
		if e.Type == EventCandidate {
			t.Errorf("candidate surfaced: %v", e.Candidate)
		}
	}
	if a.a.GatheringState() != GatheringGathering {
		t.Errorf("gathering %v while the TURN hook is pending", a.a.GatheringState())
	}
	relay := Candidate{Foundation: foundation(CandidateRelay, netip.MustParseAddr("198.51.100.9"), stunAddr.Addr()),
		Priority: Priority(CandidateRelay, 65535, 1), Address: netip.MustParseAddrPort("198.51.100.9:40000"),
		Type: CandidateRelay, Related: netip.MustParseAddrPort("10.0.0.1:5000")}
	if err := a.a.AddLocalCandidate(h.now, relay); err != nil {
		t.Fatal(err)
	}
	a.a.EndExternalGathering(h.now)
	_ = a.a.AddRemoteCandidate(h.now, remoteHost("10.0.0.2:6000", 65535))
	h.drain()
	if got := a.a.LocalCandidates(); len(got) != 1 || got[0].Type != CandidateRelay {
		t.Errorf("local candidates %v", got)
	}
	if a.a.GatheringState() != GatheringComplete {
		t.Errorf("gathering %v after the relay", a.a.GatheringState())
	}
	for _, p := range a.a.pairs {
		if p.local.Type != CandidateRelay {
			t.Errorf("pair with a %v local candidate", p.local.Type)
		}
	}
	if len(a.a.pairs) != 1 {
		t.Errorf("%d pairs", len(a.a.pairs))
	}
	t.Logf("# a request arriving on the host socket is not answered under the relay policy")
	var w stun.Builder
	w.Reset(nil, stun.BindingRequest, stun.TransactionID{5})
	w.AddFingerprint()
	if err := a.a.HandlePacket(h.now, netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("10.0.0.2:6000"), w.Bytes()); err == nil {
		t.Errorf("request on the host socket accepted")
	}
}

func TestMDNSHostCandidates(t *testing.T) {
	h := newHarness(t, 20)
	stunAddr := netip.MustParseAddrPort("192.0.2.100:3478")
	h.stun[stunAddr] = true
	const name = "3b8a5b2e-4b8e-4b1e-9a2e-2c5e1d9f0a1b.local"
	a := h.addPeer("A", Config{STUNServers: []STUNServer{{URL: "stun:x", Address: stunAddr}},
		HostName:      func(netip.Addr) string { return name },
		HostAddresses: []netip.AddrPort{netip.MustParseAddrPort("198.51.100.5:5000")}}, 1)
	_ = a.a.Gather(h.now)
	h.runUntil(time.Second, func() bool { return a.a.GatheringState() == GatheringComplete })
	var host, srflx *Candidate
	for _, e := range a.events {
		if e.Type == EventCandidate {
			c := e.Candidate
			switch c.Type {
			case CandidateHost:
				host = &c
			case CandidateServerReflexive:
				srflx = &c
			}
		}
	}
	t.Logf("# draft-ietf-mmusic-mdns-ice-candidates §3.1.1 step 6: the host candidate is signalled under its mDNS name")
	if host == nil || host.SDP().Address != name {
		t.Fatalf("host %+v", host)
	}
	t.Logf("# §3.1.2.2: the srflx candidate equal to the (public) host address is kept, with raddr 0.0.0.0 rport 9")
	if srflx == nil || srflx.Address != host.Address || srflx.SDP().RelAddr != "0.0.0.0" || srflx.SDP().RelPort != 9 {
		t.Fatalf("srflx %+v", srflx)
	}
}
func TestFilterHostAddresses(t *testing.T) {
	t.Logf("# browser rules: no loopback (unless asked), no link-local, IPv6 first (RFC 8421)")
	in := []netip.Addr{
		netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("192.168.1.5"), netip.MustParseAddr("fe80::1"),
		netip.MustParseAddr("2001:db8::5"), netip.MustParseAddr("169.254.3.3"), netip.MustParseAddr("::1"),
		netip.MustParseAddr("192.168.1.5"), netip.MustParseAddr("0.0.0.0"),
	}
	got := FilterHostAddresses(in, false)
	if len(got) != 2 || got[0] != netip.MustParseAddr("2001:db8::5") || got[1] != netip.MustParseAddr("192.168.1.5") {
		t.Errorf("got %v", got)
	}
	got = FilterHostAddresses(in, true)
	if len(got) != 4 {
		t.Errorf("with loopback: %v", got)
	}
}
