package ice

import (
	"errors"
	"net/netip"
	"testing"
)

func TestCandidateSDP(t *testing.T) {
	t.Logf("# RFC 8839 §5.1 candidate-attribute: Chromium host, srflx with raddr, mDNS name, TCP")
	c, err := ParseCandidate("candidate:842163049 1 udp 1677729535 198.51.100.7 51234 typ srflx raddr 10.0.0.5 rport 51234 generation 0 ufrag abcd network-cost 999")
	if err != nil {
		t.Fatal(err)
	}
	if c.Type != CandidateServerReflexive || c.Address != netip.MustParseAddrPort("198.51.100.7:51234") ||
		c.Related != netip.MustParseAddrPort("10.0.0.5:51234") || c.Priority != 1677729535 || c.Foundation != "842163049" {
		t.Errorf("parsed %+v", c)
	}
	back, err := FromSDP(c.SDP())
	if err != nil || back != c {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	if _, err := ParseCandidate("1 1 udp 2122260223 3b8a5b2e-4b8e-4b1e-9a2e-2c5e1d9f0a1b.local 56789 typ host generation 0"); !errors.Is(err, ErrHostname) {
		t.Errorf("mDNS candidate: %v, want ErrHostname", err)
	}
	if _, err := ParseCandidate("1 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active"); !errors.Is(err, ErrBadCandidate) {
		t.Errorf("TCP candidate: %v", err)
	}
	t.Logf("# RFC 8839 §5.1: rel-addr and rel-port are written for non-host candidates even when unknown (0.0.0.0 0)")
	p := Candidate{Foundation: "1", Component: 1, Priority: 5, Address: netip.MustParseAddrPort("192.0.2.9:1000"), Type: CandidatePeerReflexive}
	if s := p.SDP().String(); s != "1 1 udp 5 192.0.2.9 1000 typ prflx raddr 0.0.0.0 rport 0" {
		t.Errorf("SDP %q", s)
	}
	h := Candidate{Foundation: "2", Component: 1, Priority: 7, Address: netip.MustParseAddrPort("[2001:db8::1]:5"), Type: CandidateHost}
	if s := h.SDP().String(); s != h.String() {
		t.Errorf("SDP %q differs from String %q", s, h.String())
	}
}

func FuzzParseCandidate(f *testing.F) {
	for _, s := range []string{
		"candidate:842163049 1 udp 1677729535 198.51.100.7 51234 typ srflx raddr 10.0.0.5 rport 51234 generation 0",
		"1 1 UDP 2130706431 10.0.0.1 5000 typ host",
		"1 1 udp 2130706431 [::1] 5000 typ host",
		"2 1 udp 16777215 2001:db8::7 3478 typ relay raddr 2001:db8::1 rport 9",
		"1 1 udp 1 x.local 9 typ host",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCandidate(s)
		if err != nil {
			return
		}
		// parse → marshal → parse agrees.
		c2, err := FromSDP(c.SDP())
		if err != nil {
			t.Fatalf("re-parse of %q: %v", c.SDP().String(), err)
		}
		if c2.Related.IsValid() != c.Related.IsValid() && c.Type != CandidateHost && c.Related.IsValid() {
			t.Fatalf("related lost: %+v vs %+v", c, c2)
		}
		c2.Related, c.Related = netip.AddrPort{}, netip.AddrPort{}
		if c2 != c {
			t.Fatalf("round trip %+v → %+v", c, c2)
		}
	})
}
